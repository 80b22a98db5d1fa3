"""Where a long operation's seconds go: phases timed only while recorded, each its own seconds.

:mod:`benchlearn.phases` is what ``benchmarks/bench_import_copy.py`` prints the
import's time from; a phase inside another must not be counted twice, and a
phase outside a recording must cost nothing and leave nothing behind.
"""

from __future__ import annotations

import threading
import time

from benchlearn import phases


def test_a_phase_inside_another_is_counted_once() -> None:
    with phases.recording() as recorded:
        with phases.phase("write:outer"):
            time.sleep(0.02)
            with phases.phase("write:inner"):
                time.sleep(0.05)
        with phases.phase("write:inner"):
            time.sleep(0.05)

    seconds = recorded.seconds()
    assert list(seconds) == ["write:inner", "write:outer"]
    assert 0.1 <= seconds["write:inner"] < 0.2
    assert 0.02 <= seconds["write:outer"] < 0.05


def test_phases_of_another_thread_are_recorded_apart() -> None:
    with phases.recording() as recorded:

        def read() -> None:
            with phases.phase("read:parse"):
                time.sleep(0.03)

        thread = threading.Thread(target=read)
        with phases.phase("write:wait"):
            thread.start()
            thread.join()

    seconds = recorded.seconds()
    assert sorted(seconds) == ["read:parse", "write:wait"]
    assert seconds["write:wait"] >= seconds["read:parse"] >= 0.03


def test_nothing_is_recorded_outside_a_recording() -> None:
    with phases.recording() as recorded:
        pass
    with phases.phase("write:copy"):
        pass

    assert recorded.seconds() == {}
