"""Pausing Python's cyclic garbage collector while the engine builds many small objects.

A check, and the JSON of its report, allocate tens of thousands of small objects that
hold no reference cycles, so the collector would free nothing while they are built;
its passes over them, which the allocations trigger, cost a large share of the time.
Cycles made meanwhile are collected once it resumes.

The collector is one for the whole process: while blocks run at once, in several
threads (a service drawing two figures) or one inside another (a figure checking its
case), it stays paused until the last of them ends, and runs again then only if it was
running when the first began. A process forked meanwhile (a process pool started by
a threaded service) keeps only the blocks of the thread that forked it: it runs the
collector again once they end, as it would have.

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
import os
import threading
from collections.abc import Iterator

_LOCK = threading.Lock()
#: How many blocks are running, in every thread, and whether the collector was running
#: when the first of them began.
_blocks = 0
_resume = False
#: How many blocks this thread is running (its ``depth``).
_THREAD = threading.local()


def _after_fork_in_child() -> None:
    """In a forked process, which has only the thread that forked: the blocks of other
    threads never end there, so only this thread's are counted, and the collector runs
    again at once if none is running. The lock, which another thread may have held at the
    fork, is made anew."""
    global _LOCK, _blocks
    _LOCK = threading.Lock()
    _blocks = getattr(_THREAD, "depth", 0)
    if _blocks == 0 and _resume:
        gc.enable()


# Once per process: run again (importlib.reload), the module keeps its globals.
if hasattr(os, "register_at_fork") and not globals().get("_AT_FORK"):  # Windows: no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
    _AT_FORK = True


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
        _THREAD.depth = getattr(_THREAD, "depth", 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _THREAD.depth -= 1
            _blocks -= 1
            if _blocks == 0 and _resume:
                gc.enable()
