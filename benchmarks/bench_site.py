"""Web report speed and size: the Swedish sample's site against its meeting workbook, same run.

Run: python benchmarks/bench_site.py [--sample se-municipalities] [--repeat 1] [--limit N]

The sample (290 Swedish municipalities) is loaded into a fresh SQLite database.
The comparisons are gathered once, for every member (as the site needs them),
and timed apart. Then, from that same gathered data, the site is written (in
one language; with the default workers and with one process) and the meeting
workbook is written, interleaved, the best of ``--repeat`` runs of each
counting. Printed: pages, size, the times and the site's time as a multiple of
the workbook's, the baseline measured in the same run on the same machine; and
the CPU time each took (the site's workers included), the steadier figure on a
shared machine, where other work stretches the wall-clock times unevenly.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import best_of


def cpu_time() -> float:
    """Seconds of CPU this process and its finished children (the site's workers) used."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Any) -> tuple[float, float]:
    """The wall-clock and the CPU seconds of one run of ``work``."""
    cpu = cpu_time()
    wall = best_of(1, work)
    return wall, cpu_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default="se-municipalities")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--limit", type=int, default=0, help="Pages for only this many members (a quick run)."
    )
    args = parser.parse_args()

    from benchlearn.context import open_context
    from benchlearn.database import make_engine, upgrade
    from benchlearn.demo import load_sample, sample_info
    from benchlearn.meeting import gather
    from benchlearn.site import write_site
    from benchlearn.workbook import render_workbook

    info = sample_info(args.sample)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        upgrade(engine)
        load_sample(engine, info.name)
        start = time.perf_counter()
        with engine.connect() as connection:
            ctx = open_context(connection, info.network, info.year)
            chosen = ctx.members[: args.limit] if args.limit else ctx.members
            data = gather(ctx, municipalities=chosen)
            if args.limit:
                data = only(data, chosen)
        gathered = time.perf_counter() - start
        # The workbook of the same members and comparisons, as `benchlearn workbook` writes
        # it (profiles are for a few members; the site has a page for every one).
        book_data = dataclasses.replace(data, profiles=(), partners={})

        sizes: dict[str, int] = {}

        def site(workers: int | None) -> None:
            found = write_site(data, folder / f"site-{workers}", ["en"], workers=workers)
            sizes["pages"], sizes["bytes"] = found.pages, found.size

        timings: dict[str, list[tuple[float, float]]] = {
            "workbook": [], "site": [], "site, one process": []
        }  # fmt: skip
        for _ in range(args.repeat):
            timings["workbook"].append(
                timed(lambda: render_workbook(book_data, folder / "book.xlsx"))
            )
            timings["site"].append(timed(lambda: site(None)))
            timings["site, one process"].append(timed(lambda: site(1)))
        best = {name: min(wall for wall, _ in runs) for name, runs in timings.items()}
        cpu = {name: min(used for _, used in runs) for name, runs in timings.items()}

    members, indicators = len(data.members), len(data.codes)
    print(f"{info.name}: {members} members, {indicators} indicators, {info.year}")
    print(f"gathering the comparisons for every member: {gathered:.1f} s (apart)")
    print(f"workbook (baseline):     {best['workbook']:6.1f} s   CPU {cpu['workbook']:5.1f} s")
    for name in ("site", "site, one process"):
        ratio, cpu_ratio = best[name] / best["workbook"], cpu[name] / cpu["workbook"]
        print(f"{name + ':':24s} {best[name]:6.1f} s   ratio {ratio:4.1f}× the workbook   "
              f"CPU {cpu[name]:5.1f} s   ratio {cpu_ratio:4.1f}×")  # fmt: skip
    print(f"site: {sizes['pages']} pages, {sizes['bytes'] / 1e6:.1f} MB "
          f"({sizes['bytes'] / sizes['pages'] / 1e3:.0f} kB a page)")  # fmt: skip


def only(data: Any, chosen: Sequence[str]) -> Any:
    """The gathered data of the ``chosen`` members alone, as if the network were theirs: the
    site links every member and partner it names to their pages, so none may be left out."""
    keep = set(chosen)

    def rows(frame: Any, column: str = "municipality") -> Any:
        return frame[frame[column].isin(keep)] if column in frame.columns else frame

    partners = {m: rows(rows(f), "partner") for m, f in data.partners.items() if m in keep}
    return dataclasses.replace(
        data, members=tuple(chosen), ranked=rows(data.ranked), index=rows(data.index),
        history=rows(data.history), partners=partners, joined=(), left=(),
    )  # fmt: skip


if __name__ == "__main__":
    main()
