"""The cyclic garbage collector is paused while a check, a report's reading or a figure
builds its many small objects, and runs again once the last of them is done."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator

import pytest

from activity_systems.rules.collector import collector_paused


@pytest.fixture(autouse=True)
def _collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_it_runs_again_after_the_block_even_when_the_block_raises() -> None:
    def fails() -> None:
        with collector_paused():
            assert not gc.isenabled()
            raise KeyError("x")

    with pytest.raises(KeyError):
        fails()
    assert gc.isenabled()


def test_a_block_inside_another_leaves_it_paused_for_the_outer_one() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_beforehand_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_one_thread_finishing_does_not_resume_it_while_another_still_builds() -> None:
    """A service drawing two figures at once in two threads: the first one done must not
    turn the collector back on under the second."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:
        first_in.wait(10)
        with collector_paused():
            second_in.set()
            first_out.wait(10)
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("first_to_end", [0, 1])
def test_it_runs_again_when_the_blocks_of_two_threads_end_in_either_order(
    first_to_end: int,
) -> None:
    inside = threading.Barrier(2)
    ended = threading.Event()

    def build(who: int) -> None:
        with collector_paused():
            inside.wait(10)
            if who != first_to_end:
                ended.wait(10)
        if who == first_to_end:
            ended.set()

    threads = [threading.Thread(target=build, args=(who,)) for who in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("inside", [False, True])
def test_a_process_forked_while_another_thread_builds_collects_again(inside: bool) -> None:
    """A process pool started (by fork) by a service while one of its threads draws a
    figure: the new process has no such thread to end its block, and its collector
    stayed paused for the rest of its life. Blocks of the forking thread itself still
    end in the new process, and the collector runs again then."""
    held, done = threading.Event(), threading.Event()

    def drawing() -> None:  # another thread, in the midst of a figure
        with collector_paused():
            held.set()
            done.wait(10)

    other = threading.Thread(target=drawing)
    other.start()
    held.wait(10)
    try:
        outer = collector_paused()
        if inside:
            outer.__enter__()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child says how it went by its exit status
            try:
                if inside:
                    paused_inside = not gc.isenabled()
                    outer.__exit__(None, None, None)
                else:
                    paused_inside = True
                with collector_paused():
                    paused = not gc.isenabled()
                os._exit(0 if paused and paused_inside and gc.isenabled() else 3)
            except BaseException:
                os._exit(5)
        if inside:
            outer.__exit__(None, None, None)
    finally:
        done.set()
        other.join(10)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()
