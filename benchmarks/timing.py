"""What the benchmarks share: the best of repeated runs, as ``timeit`` reports it.

The machines are shared and noisy; the fastest run is the one least disturbed.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings of ``work``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)
