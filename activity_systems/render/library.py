"""Graphviz's own library, called in this process, for SVG.

The library places every node and routes every line itself, so Graphviz only has to
draw (layout ``nop``). For a figure of a workshop's size that takes Graphviz a few
milliseconds, less than starting its ``dot`` program does: measured on one figure of
one system, about 2.5 ms in this process against 16 ms for the program. So SVG is drawn
here when that gives the same bytes as the program:

- the library (``libgvc``, installed with Graphviz) loads, and is the version of the
  ``dot`` on ``PATH`` (asked once per process with ``dot -V``);
- the DOT text is at most :data:`MOST` bytes: a larger figure takes long enough that
  starting the program costs little beside it, and the program's time limit (and
  Ctrl-C, which cannot stop a call into the library) matters more;
- the process has drawn less than :data:`BUDGET` bytes of DOT this way: Graphviz 2.43's
  library keeps about 400 bytes of every HTML-like label it draws (about 20 KB for the
  court example's Figure 3), which a program gives back when it ends, so a long-running
  process stops before that grows past about 25 MB;
- the graph has a name (every figure's is ``figure``): Graphviz names an unnamed graph
  from a count kept for the life of the process (``%3`` in a program, ``%535`` after
  some figures), which would reach the SVG's title. It does the same for a name that
  starts with ``%``, its own kind, so the name is asked of Graphviz once it has read the
  graph (no comment before the ``{`` hides that there is none);
- the environment variable ``ACTIVITY_SYSTEMS_GRAPHVIZ`` is not ``program``, which
  always runs the program.

Anything else, and any failure of the library or error it reports (it then says
nothing: the program is run to say what went wrong), falls back to the program
(:func:`~.backend.run_dot`). Calls are serialised by a lock: Graphviz's library is not
thread-safe (eight threads drawing one figure at once without it end the process with a
segmentation fault in Graphviz 2.43). Waiting for the lock counts towards a figure's time
limit (see :func:`draw_svg`).

>>> from activity_systems.render.backend import find_dot, run_dot
>>> source = 'digraph g { a [pos="0,0"]; b [pos="100,0"]; a -> b [pos="e,80,0 60,0 80,0 80,0"] }'
>>> svg = draw_svg(source, find_dot())
>>> svg is None or svg == run_dot(source, "svg", in_process=False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path

from activity_systems.errors import user_stacklevel
from activity_systems.render.stamps import without_stamps

#: The largest DOT text (in bytes) drawn in this process; larger goes to the program.
MOST = 1 << 20
#: How much DOT (in bytes) one process draws with the library before it runs the program.
BUDGET = 100 * MOST
#: Set to ``program`` to draw every figure with Graphviz's program (``library``, or unset:
#: SVG drawn in this process where it can; anything else is warned of, and means that).
ENVIRONMENT = "ACTIVITY_SYSTEMS_GRAPHVIZ"


class GraphvizSettingWarning(UserWarning):
    """The environment variable ``ACTIVITY_SYSTEMS_GRAPHVIZ`` holds neither ``program``
    nor ``library`` (``programme``, say): SVG is drawn as by default. Given once per
    process for each value, the first time a figure is drawn, not for every figure."""


class Busy(Exception):
    """Graphviz's library was drawing other threads' figures for all the time a figure
    could wait for it (its ``args`` are that time, in seconds)."""


#: The values of :data:`ENVIRONMENT` already warned of in this process.
_WARNED: set[str] = set()

_LOCK = threading.Lock()
#: Whether this thread, forking, holds the lock (see :func:`_before_fork`).
_FORKING = threading.local()


def _before_fork() -> None:
    """A process forked while another thread drew a figure (a process pool started by a
    threaded service, on Linux) would have the lock held for good, by a thread it does
    not have, and the library half-way through that figure: every SVG it drew would wait
    for the lock until its time ran out. So a fork waits for the figure being drawn (a
    few milliseconds), as Python's own ``logging`` waits for its lock."""
    _FORKING.held = _LOCK.acquire()


def _after_fork() -> None:
    """After the fork, in both processes: the lock is set free only if the fork took it.
    A wait interrupted (Ctrl-C, a signal's handler) does not stop the fork, and the lock
    is then another thread's, still drawing its figure."""
    if getattr(_FORKING, "held", False):
        _FORKING.held = False
        _LOCK.release()


# Once per process: run again (importlib.reload, a notebook's autoreload), the module
# keeps its globals, and handlers registered twice would take the one lock twice.
if hasattr(os, "register_at_fork") and not globals().get("_AT_FORK"):  # Windows: no fork
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork
    )
    _AT_FORK = True

#: The longest a lock can be waited for with a limit on this system.
TIMEOUT_MAX = threading.TIMEOUT_MAX
# Graphviz's error hook: int (*)(char *message). Its messages are dropped; on failure the
# program is run and says what went wrong. One hook for the life of the process: Graphviz
# keeps a pointer to it, so it must outlive every library object, including those that
# load() creates and then refuses (another version than the program's).
_ERROR_HOOK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p)
_SILENT = _ERROR_HOOK(lambda message: 0)


class _Graphviz:
    """The two shared libraries of Graphviz that parse DOT and draw it, with one context
    (which holds the plugins) for the life of the process."""

    def __init__(self, gvc: ctypes.CDLL, cgraph: ctypes.CDLL) -> None:
        gvc.gvContext.restype = ctypes.c_void_p
        gvc.gvContext.argtypes = []
        gvc.gvcVersion.restype = ctypes.c_char_p
        gvc.gvcVersion.argtypes = [ctypes.c_void_p]
        gvc.gvLayout.restype = ctypes.c_int
        gvc.gvLayout.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
        # The length is an unsigned int in older releases (2.43 among them) and a size_t in
        # later ones: on a little-endian machine a zeroed size_t reads right either way
        # (see load()).
        gvc.gvRenderData.restype = ctypes.c_int
        gvc.gvRenderData.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.POINTER(ctypes.c_size_t),
        ]
        gvc.gvFreeRenderData.restype = None
        gvc.gvFreeRenderData.argtypes = [ctypes.c_void_p]
        gvc.gvFreeLayout.restype = ctypes.c_int
        gvc.gvFreeLayout.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        cgraph.agmemread.restype = ctypes.c_void_p
        cgraph.agmemread.argtypes = [ctypes.c_char_p]
        cgraph.agclose.restype = ctypes.c_int
        cgraph.agclose.argtypes = [ctypes.c_void_p]
        cgraph.agnameof.restype = ctypes.c_char_p
        cgraph.agnameof.argtypes = [ctypes.c_void_p]
        cgraph.agseterrf.restype = ctypes.c_void_p
        cgraph.agseterrf.argtypes = [_ERROR_HOOK]
        # The highest level of message since the last call (0 warnings, 1 errors), reset.
        cgraph.agreseterrors.restype = ctypes.c_int
        cgraph.agreseterrors.argtypes = []
        cgraph.agseterrf(_SILENT)
        self.gvc, self.cgraph = gvc, cgraph
        context = gvc.gvContext()
        if not context:
            raise OSError("gvContext() failed")
        self.context = context
        self.version = (gvc.gvcVersion(context) or b"").decode("ascii", "replace")
        self.drawn = 0  # bytes of DOT drawn (see BUDGET)

    def svg(self, source: bytes) -> bytes | None:
        """The figure drawn as SVG, or ``None`` when Graphviz failed, reported an error
        while drawing it (the program then draws it too, but exits with the error), or
        named the graph itself."""
        gvc, cgraph = self.gvc, self.cgraph
        cgraph.agreseterrors()  # an error reported before is not this figure's
        graph = cgraph.agmemread(source)
        if not graph:
            return None
        drawn: bytes | None = None
        try:
            name = cgraph.agnameof(graph)
            if name is None or name.startswith(b"%"):
                return None  # one Graphviz made up: a program's would differ
            if gvc.gvLayout(self.context, graph, b"nop") != 0:
                return None
            try:
                data, length = ctypes.c_void_p(), ctypes.c_size_t(0)
                if gvc.gvRenderData(
                    self.context, graph, b"svg", ctypes.byref(data), ctypes.byref(length)
                ):
                    return None
                try:
                    drawn = ctypes.string_at(data, length.value) if data.value else None
                finally:
                    gvc.gvFreeRenderData(data)
            finally:
                gvc.gvFreeLayout(self.context, graph)
        finally:
            cgraph.agclose(graph)
        return None if cgraph.agreseterrors() else drawn


def _candidates(dot: str, name: str) -> list[str]:
    """Where the library ``name`` (``gvc`` or ``cgraph``) may be: beside the ``dot``
    program's install (macOS, Windows, conda) first, then where the system looks."""
    prefix = Path(dot).resolve().parent.parent
    found = [
        str(path)
        for pattern in (f"lib/lib{name}.so.*", f"lib/lib{name}.*.dylib", f"bin/{name}.dll")
        for path in sorted(prefix.glob(pattern))
    ]
    found.append(f"lib{name}.so.6")
    system = ctypes.util.find_library(name) if sys.platform != "linux" else None
    if system:
        found.append(system)
    return found


def _open(dot: str, name: str) -> ctypes.CDLL | None:
    for candidate in _candidates(dot, name):
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    return None


def _program_version(dot: str) -> str | None:
    """The version ``dot -V`` reports (it writes to standard error)."""
    try:
        said = subprocess.run([dot, "-V"], capture_output=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(rb"version (\S+)", said.stderr + said.stdout)
    return found[1].decode("ascii", "replace") if found else None


@functools.cache
def load(dot: str) -> _Graphviz | None:
    """Graphviz's library when it can stand in for the program at ``dot``, else ``None``.

    Once per process (and per program): when it is missing, another version than the
    program's, or on a big-endian machine (where the length gvRenderData gives back would
    be read wrongly on older versions), the program is used."""
    if sys.byteorder != "little":
        return None
    gvc, cgraph = _open(dot, "gvc"), _open(dot, "cgraph")
    if gvc is None or cgraph is None:
        return None
    try:
        library = _Graphviz(gvc, cgraph)
    except (OSError, AttributeError):
        return None
    if not library.version or library.version != _program_version(dot):
        return None
    return library


def draw_svg(source: str, dot: str, *, wait: float | None = None) -> bytes | None:
    """``source`` drawn as SVG by Graphviz's library in this process, exactly as the
    program ``dot`` (a path) draws it; ``None`` where the program must draw it instead
    (see the module's description).

    The library draws one figure at a time: a thread whose figure has a time limit waits
    for it at most ``wait`` seconds (what is left of the limit). Without ``wait``, it
    waits for as long as the figures before it take.

    Raises:
        Busy: when other threads' figures kept the library busy for all of ``wait``, so
            that the caller says the figure ran out of time rather than drawing it late.
    """
    setting = os.environ.get(ENVIRONMENT, "")
    choice = setting.strip().lower()
    if choice == "program":
        return None
    if choice not in ("", "library") and setting not in _WARNED:
        _WARNED.add(setting)
        warnings.warn(
            f"{ENVIRONMENT}={setting!r} is neither 'program' (Graphviz's program draws every "
            "figure) nor 'library' (the default: SVG is drawn by Graphviz's library in this "
            "process where it can), so SVG is drawn as by default",
            GraphvizSettingWarning,
            stacklevel=user_stacklevel(),
        )
    data = source.encode("utf-8")
    if len(data) > MOST:
        return None
    # Loading too is locked: threads drawing their first figures at once load it once.
    if not _LOCK.acquire(timeout=-1 if wait is None else max(0.0, min(wait, TIMEOUT_MAX))):
        raise Busy(wait)
    try:
        library = load(dot)
        if library is None:
            return None
        if library.drawn + len(data) > BUDGET:
            return None
        library.drawn += len(data)
        drawn = library.svg(data)
    finally:
        _LOCK.release()
    return None if drawn is None else without_stamps(drawn, "svg")
