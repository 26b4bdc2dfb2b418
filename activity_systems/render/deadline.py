"""A figure's time limit, kept while the figure is drawn, over the whole of it.

A time limit given to :func:`~activity_systems.render.render` (``timeout=``, or
``--timeout`` on the command line) covers the whole drawing of a figure: checking its
contradictions, placing its nodes and routing its lines, all in Python, then Graphviz's
program, which is given what is left. The layout is stopped cooperatively: it asks
:func:`check` before each search for a line's way (at most three per line, see
:func:`~activity_systems.render.routing.route`), before each ring of places a crowded
glyph tries, and before each finding indexed, contradiction planned and line of the
summary overview placed or drawn (a summary of thousands of systems routes nothing,
and took half a minute), never inside a step, so a check costs a look-up and a reading
of the clock per step, nothing measurable beside the step itself. A step that has
started finishes, so a figure stops within one step of its limit: milliseconds for a
figure of a workshop's size. The built-in rules run before the figure is begun and are
not stopped on the way (they know nothing of figures): their time counts, and
:func:`~activity_systems.render.api.figure` checks once they are done.

Without a time limit (``timeout=None``, the default) nothing is checked: Graphviz's
program alone is limited, to :data:`~activity_systems.render.backend.DEFAULT_TIMEOUT`,
as before this module existed. A detailed overview of a regional case that routes for
a minute or more then still finishes; whoever wants it stopped gives a limit.

The limit in force is held in a :class:`~contextvars.ContextVar`, so that the pure
functions that build a figure take no extra argument: each thread (and each task of an
event loop) has its own, and a figure drawn without a limit while another is drawn with
one, in another thread, is not stopped by it.

>>> with figure_time(60.0) as deadline:
...     check()  # well within the limit
...     round(deadline.limit)
60
>>> with figure_time(None) as deadline:
...     deadline is None
True
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from activity_systems.errors import ArgumentError, TimeLimitError

#: The clock a figure's time is measured on, in seconds (only differences count).
#: Tests put a fake clock here to run out of time without waiting.
clock: Callable[[], float] = time.monotonic

#: What the error says to do, for a time-out in Python and in Graphviz alike.
ADVICE = "raise the time limit (--timeout, or timeout=... in Python) for very large figures"


@dataclass(frozen=True, slots=True)
class Deadline:
    """The time limit of one figure: ``limit`` seconds from ``start`` on :data:`clock`."""

    limit: float
    start: float

    def spent(self) -> float:
        """Seconds since the figure was begun."""
        return clock() - self.start

    def out_of_time(self) -> TimeLimitError:
        """The error for a figure whose layout ran out of time, in Python."""
        return TimeLimitError(
            f"laying out the figure (placing its nodes and routing its lines, in Python) "
            f"did not finish within {self.limit:g} s and was stopped; {ADVICE}"
        )


_CURRENT: ContextVar[Deadline | None] = ContextVar("figure_deadline", default=None)


def check_limit(timeout: float | None) -> None:
    """Refuse a time limit that is not a positive, finite number of seconds.

    Raises:
        ArgumentError: (a ``ValueError``) for such a limit.
    """
    if timeout is None:
        return
    if isinstance(timeout, bool) or not 0 < timeout < float("inf"):
        raise ArgumentError(
            f"the time limit must be a positive, finite number of seconds, not {timeout!r}"
        )


@contextmanager
def figure_time(limit: float | None) -> Iterator[Deadline | None]:
    """Keep ``limit`` seconds, from now, as the time limit of the figure drawn inside the
    ``with`` block (in this thread or task); none for ``None``. One block inside another
    keeps its own limit until it ends."""
    if limit is None:
        token = _CURRENT.set(None)
        try:
            yield None
        finally:
            _CURRENT.reset(token)
        return
    deadline = Deadline(limit, clock())
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Stop the figure being drawn when its time limit has passed: called by the layout
    before each step (a search for a line's way, a glyph's ring of places, a finding
    indexed, a line of the summary drawn...), cheap and regular points, never inside one.

    Raises:
        TimeLimitError: when the limit has passed (what it says names the layout).
    """
    deadline = _CURRENT.get()
    if deadline is not None and clock() - deadline.start >= deadline.limit:
        raise deadline.out_of_time()
