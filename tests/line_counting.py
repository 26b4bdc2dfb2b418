"""Counting the lines of Python an action executes: a measure of work that, unlike time,
does not depend on how busy the machine is. Used by the complexity tests."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def lines_executed(action: Callable[[], object]) -> int:
    """How many lines of Python ``action`` executes."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count
