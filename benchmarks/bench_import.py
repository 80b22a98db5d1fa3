"""Import speed and memory: benchlearn's import against a plain sqlite3 executemany.

Run: python benchmarks/bench_import.py [--rows 1000000]

Both load the same long CSV rows into the same ``observations`` table of a
fresh SQLite database (same schema, same indexes), in the same run, so the
ratio is meaningful on a shared, noisy machine. The target is a ratio of at
least 0.5 (benchlearn at no less than half the plain rows per second). Peak
memory is measured in separate processes for two file sizes: streaming in
chunks means it must not grow with the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MUNICIPALITIES = 290
YEARS = 10


def make_workspace(folder: Path, rows: int) -> tuple[Path, Path, Path]:
    """Write a registry, definitions and a long CSV with ``rows`` rows."""
    indicators = -(-rows // (MUNICIPALITIES * YEARS))
    registry = folder / "municipalities.csv"
    with registry.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name"])
        writer.writerows([f"M{m:04d}", f"Municipality {m}"] for m in range(MUNICIPALITIES))
    definitions = folder / "indicators.yaml"
    definitions.write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: I{i:04d}, name: Indicator {i}, unit: x, direction: higher}}\n"
            for i in range(indicators)
        )
    )
    return registry, definitions, write_values(folder, rows)


def write_values(folder: Path, rows: int) -> Path:
    """A long CSV of ``rows`` rows over the workspace's municipalities and indicators."""
    indicators = -(-rows // (MUNICIPALITIES * YEARS))
    data = folder / f"values-{rows}.csv"
    with data.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "indicator", "year", "value"])
        written = 0
        for i in range(indicators):
            for year in range(2010, 2010 + YEARS):
                for m in range(MUNICIPALITIES):
                    if written == rows:
                        break
                    value = (m * 7919 + i * 104729 + year) % 100000 / 7
                    writer.writerow([f"M{m:04d}", f"I{i:04d}", year, f"{value:.4f}"])
                    written += 1
    return data


def fresh_database(folder: Path, name: str, registry: Path, definitions: Path) -> str:
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, registry)
    load_definitions(engine, [definitions])
    engine.dispose()
    return url


def time_benchlearn(url: str, data: Path) -> float:
    from benchlearn.database import make_engine
    from benchlearn.importing import import_file

    engine = make_engine(url)
    start = time.perf_counter()
    result = import_file(engine, data)
    elapsed = time.perf_counter() - start
    assert result.inserted > 0 and not result.problems
    engine.dispose()
    return elapsed


def time_plain(database: Path, data: Path) -> float:
    """Plain sqlite3: the same rows, already parsed into tuples, one executemany."""
    connection = sqlite3.connect(database)
    municipality = dict(connection.execute("SELECT code, id FROM municipalities"))
    indicator = dict(connection.execute("SELECT code, id FROM indicators"))
    with data.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [
            (municipality[m], indicator[i], int(y), float(v), None, None) for m, i, y, v in reader
        ]
    start = time.perf_counter()
    connection.executemany(
        "INSERT INTO observations (municipality_id, indicator_id, year, value, status, batch_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def peak_memory_child(url: str, data: str) -> None:
    """Run in a child process: import and print the peak resident memory in MB."""
    time_benchlearn(url, Path(data))
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure_memory(folder: Path, registry: Path, definitions: Path, data: Path, name: str) -> float:
    url = fresh_database(folder, name, registry, definitions)
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", url, str(data)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["peak_mb"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-child", nargs=2, metavar=("URL", "FILE"))
    args = parser.parse_args()
    if args.memory_child:
        peak_memory_child(*args.memory_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        registry, definitions, data = make_workspace(folder, args.rows)
        plain_url = fresh_database(folder, "plain.db", registry, definitions)
        ours_url = fresh_database(folder, "ours.db", registry, definitions)
        plain = time_plain(Path(plain_url.removeprefix("sqlite:///")), data)
        ours = time_benchlearn(ours_url, data)
        print(f"rows: {args.rows:,}")
        print(f"plain sqlite3 executemany: {plain:6.2f} s  {args.rows / plain:12,.0f} rows/s")
        print(f"benchlearn import:         {ours:6.2f} s  {args.rows / ours:12,.0f} rows/s")
        print(f"ratio (benchlearn rows/s ÷ plain rows/s): {plain / ours:.2f}  (target ≥ 0.50)")
        small = write_values(folder, args.rows // 4)
        small_mb = measure_memory(folder, registry, definitions, small, "mem-small.db")
        large_mb = measure_memory(folder, registry, definitions, data, "mem-large.db")
        print(
            f"peak memory: {small_mb:.0f} MB for {args.rows // 4:,} rows, "
            f"{large_mb:.0f} MB for {args.rows:,} rows (ratio {large_mb / small_mb:.2f})"
        )


if __name__ == "__main__":
    main()
