"""Shared test configuration."""

from __future__ import annotations

import os

from hypothesis import settings

# Property tests run in the default test run with few examples so that the whole property
# suite stays well under a minute; HYPOTHESIS_PROFILE=thorough runs many more.
settings.register_profile("fast", max_examples=25, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
