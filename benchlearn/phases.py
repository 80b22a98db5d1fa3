"""Where a long operation's seconds go: named phases, timed only while someone records them.

An import reads and checks a file in one thread while it writes in another
(:mod:`benchlearn.importing.write`), so a profiler's call tree does not say
which steps the user waits for. Each step is wrapped in :func:`phase`; outside
:func:`recording` that costs one global lookup, so the phases stay in the code
rather than in a benchmark's copy of it. A phase's seconds are its own, not
those of the phases inside it (the mapping of codes inside validating), so the
phases of one thread add up to that thread's busy time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Recorder", "phase", "recording"]


class Recorder:
    """Seconds per phase name, in the order the phases first ran; safe across threads."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stacks = threading.local()

    def seconds(self) -> dict[str, float]:
        """Each phase's own seconds, summed over its runs."""
        with self._lock:
            return dict(self._seconds)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Time one run of ``name``, less the phases run inside it on the same thread."""
        stack: list[float] = self._stacks.__dict__.setdefault("inner", [])
        stack.append(0.0)
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            inner = stack.pop()
            if stack:
                stack[-1] += elapsed
            with self._lock:
                self._seconds[name] = self._seconds.get(name, 0.0) + elapsed - inner


_recorder: Recorder | None = None


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record every phase run until the block ends (in any thread), into the recorder given."""
    global _recorder
    recorder, before = Recorder(), _recorder
    _recorder = recorder
    try:
        yield recorder
    finally:
        _recorder = before


@contextmanager
def phase(name: str) -> Iterator[None]:
    """A named step (``thread:step``, e.g. ``write:copy``): timed when recording, else nothing."""
    recorder = _recorder
    if recorder is None:
        yield
        return
    with recorder.timed(name):
        yield
