"""``python -m activity_systems``: the command line."""

import sys

from activity_systems.cli import run

if __name__ == "__main__":
    sys.exit(run())
