"""What the benchmarks share: the best of repeated runs, as ``timeit`` reports it, and the
made-up registry and definitions the import benchmarks load.

The machines are shared and noisy; the fastest run is the one least disturbed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings of ``work``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def registry_and_definitions(
    folder: Path, municipalities: int, indicators: int, more: str = ""
) -> tuple[Path, Path]:
    """``municipalities.csv`` (M0000, M0001, …) and ``indicators.yaml`` (I0000, I0001, …,
    each higher-is-better, with ``more`` added to its mapping, e.g. ``", max_change: 1000"``)
    written in ``folder``."""
    registry = folder / "municipalities.csv"
    registry.write_text(
        "code,name\n" + "".join(f"M{m:04d},Municipality {m}\n" for m in range(municipalities))
    )
    definitions = folder / "indicators.yaml"
    definitions.write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: I{i:04d}, name: Indicator {i}, unit: x, direction: higher{more}}}\n"
            for i in range(indicators)
        )
    )
    return registry, definitions


@contextmanager
def schema(server: str) -> Iterator[str]:
    """A fresh schema on the server, as a URL whose connections use it; dropped after."""
    import uuid

    from sqlalchemy import create_engine, text

    from benchlearn.database import database_url

    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(server))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{database_url(server)}{separator}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()
