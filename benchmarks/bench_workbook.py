"""Workbook speed: benchlearn's meeting workbook against raw xlsxwriter, same cell count, same run.

Run: python benchmarks/bench_workbook.py [--municipalities 119 --indicators 60 --years 10]

A synthetic network (119 municipalities × 60 indicators × 10 years) is loaded
with benchlearn's own loaders. The comparisons are computed once (timed and
printed apart); then writing the workbook is timed against raw xlsxwriter
writing as many numeric cells in constant_memory mode. Target: at most 1.5×.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import numpy as np


def build(folder: Path, municipalities: int, indicators: int, years: int) -> str:
    from benchlearn.catalogue import load_definitions
    from benchlearn.database import make_engine, upgrade
    from benchlearn.importing import import_file
    from benchlearn.municipalities import load_municipalities

    registry = folder / "m.csv"
    registry.write_text(
        "code,name\n" + "".join(f"M{m:03d},Municipality {m}\n" for m in range(municipalities))
    )
    codes = [f"I{i:02d}" for i in range(indicators)]
    directions = ["higher", "lower", "neutral"]
    definitions = folder / "d.yaml"
    definitions.write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: {c}, name: Indicator {c}, unit: '%', "
            f"direction: {directions[i % 3]}, decimals: 1}}\n"
            for i, c in enumerate(codes)
        )
        + f"network: {{code: BENCH, name: Benchmark network, indicators: [{', '.join(codes)}]}}\n"
    )
    rng = np.random.default_rng(0)
    values = folder / "v.csv"
    with values.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "indicator", "year", "value"])
        for c in codes:
            for y in range(2014, 2014 + years):
                for m in range(municipalities):
                    writer.writerow([f"M{m:03d}", c, y, round(float(rng.uniform(0, 100)), 1)])
    url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, registry)
    load_definitions(engine, [definitions])
    import_file(engine, values)
    engine.dispose()
    return url


def raw_xlsxwriter(path: Path, numbers: int, strings: int = 0) -> float:
    """Raw xlsxwriter (constant_memory) writing ``numbers`` numeric and ``strings`` text cells."""
    import xlsxwriter

    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    columns = 20
    for n in range(numbers + strings):
        if n < strings:
            sheet.write_string(n // columns, n % columns, f"M{n % 1000:03d}")
        else:
            sheet.write_number(n // columns, n % columns, n * 0.5)
    book.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=119)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    from benchlearn.database import make_engine
    from benchlearn.meeting import gather
    from benchlearn.workbook import render_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = build(folder, args.municipalities, args.indicators, args.years)
        engine = make_engine(url)
        start = time.perf_counter()
        data = gather(engine, "BENCH", 2014 + args.years - 1)
        computing = time.perf_counter() - start
        start = time.perf_counter()
        summary = render_workbook(data, folder / "bench.xlsx")
        writing = time.perf_counter() - start
        numbers = summary.cells - summary.strings
        raw_mixed = raw_xlsxwriter(folder / "raw.xlsx", numbers, summary.strings)
        raw_numeric = raw_xlsxwriter(folder / "raw2.xlsx", summary.cells)
    size = (
        f"{args.municipalities} municipalities × {args.indicators} indicators × {args.years} years"
    )
    print(f"network: {size}")
    print(f"computing the comparisons:        {computing:6.2f} s")
    print(
        f"writing the workbook:             {writing:6.2f} s  ({summary.cells:,} cells, "
        f"{summary.strings:,} of them text; {len(summary.sheets)} sheets)"
    )
    print(f"raw xlsxwriter, same cells/types: {raw_mixed:6.2f} s")
    print(f"raw xlsxwriter, all numeric:      {raw_numeric:6.2f} s")
    print(f"ratio workbook / raw (same cell types): {writing / raw_mixed:.2f}  (target ≤ 1.50)")
    print(f"ratio workbook / raw (all numeric):     {writing / raw_numeric:.2f}")


if __name__ == "__main__":
    main()
