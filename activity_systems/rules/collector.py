"""Pausing Python's cyclic garbage collector while the engine builds many small objects.

A check, and the JSON of its report, allocate tens of thousands of small objects that
hold no reference cycles, so the collector would free nothing while they are built;
its passes over them, which the allocations trigger, cost a large share of the time.
Cycles made meanwhile are collected once it resumes.

The collector is one for the whole process: while blocks run at once, in several
threads (a service drawing two figures) or one inside another (a figure checking its
case), it stays paused until the last of them ends, and runs again then only if it was
running when the first began.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_LOCK = threading.Lock()
#: How many blocks are running, in every thread, and whether the collector was running
#: when the first of them began.
_blocks = 0
_resume = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (if it is running), until
    the last block running in any thread ends."""
    global _blocks, _resume
    with _LOCK:
        if _blocks == 0:
            _resume = gc.isenabled()
            gc.disable()
        _blocks += 1
    try:
        yield
    finally:
        with _LOCK:
            _blocks -= 1
            if _blocks == 0 and _resume:
                gc.enable()
