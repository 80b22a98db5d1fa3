"""Peak memory of importing a big long CSV, next to reading the same file alone.

Run: python benchmarks/bench_import_memory.py [--rows 7680000]

The file is generated here (7.68 million rows make about 172 MB, the size of
issue 23's case) over indicators that all carry a control rule (``max_change``),
so every value written is one the rules look at afterwards: the case where an
import used to keep a record per value. Two child processes run in the same
run: the baseline reads the file with pandas in the import's chunks and does
nothing else (what streaming cannot go below), and the import proper into a
fresh SQLite database. Each reports its peak resident memory
(``ru_maxrss``); the target is an import at no more than 512 MB, whatever the
file's size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import MUNICIPALITIES, YEARS, fresh_database, write_values
from timing import registry_and_definitions

TARGET_MB = 512


def make_workspace(folder: Path, rows: int) -> tuple[Path, Path, Path]:
    """A registry, definitions whose every indicator has a rule, and a long CSV of ``rows``."""
    indicators = -(-rows // (MUNICIPALITIES * YEARS))
    registry, definitions = registry_and_definitions(
        folder, MUNICIPALITIES, indicators, ", max_change: 1000"
    )
    return registry, definitions, write_values(folder, rows)


def child(kind: str, url: str, data: str) -> None:
    """In a child process: read (``baseline``) or import the file; print the peak in MB."""
    if kind == "baseline":
        import pandas as pd

        from benchlearn.importing.readers import CHUNK_ROWS

        for _chunk in pd.read_csv(data, dtype=str, chunksize=CHUNK_ROWS, na_filter=False):
            pass
    else:
        from benchlearn.database import make_engine
        from benchlearn.importing import import_file

        result = import_file(make_engine(url), Path(data))
        assert result.inserted > 0 and not result.problems, result.problems[:3]
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(kind: str, url: str, data: Path) -> tuple[float, float]:
    """Peak memory in MB and seconds of one child."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, url, str(data)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_mb"]), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=7_680_000)
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "FILE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        registry, definitions, data = make_workspace(folder, args.rows)
        size = data.stat().st_size / 1e6
        url = fresh_database(folder, "ours.db", registry, definitions)
        base_mb, base_s = measure("baseline", url, data)
        ours_mb, ours_s = measure("import", url, data)
        print(f"rows: {args.rows:,} ({size:.0f} MB)")
        print(f"baseline (read in chunks): {base_mb:6.0f} MB  {base_s:7.1f} s")
        print(f"benchlearn import:         {ours_mb:6.0f} MB  {ours_s:7.1f} s")
        print(f"ratio import / baseline: {ours_mb / base_mb:.2f}")
        print(f"peak memory {ours_mb:.0f} MB (target ≤ {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
