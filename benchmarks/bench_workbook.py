"""Workbook speed: benchlearn's meeting workbook against raw xlsxwriter, same cell count, same run.

Run: python benchmarks/bench_workbook.py [--municipalities 119 --indicators 60 --years 10]

A synthetic network (119 municipalities × 60 indicators × 10 years) is loaded
with benchlearn's own loaders. The comparisons are computed once (timed and
printed apart); then writing the workbook is timed against raw xlsxwriter
writing as many cells of the same types (numbers and text) in constant_memory
mode: exactly the same cells (read back from the workbook: same sheets,
places and types, without formats or charts), as many cells in one
20-column block, and as many numeric cells. The machine is shared and noisy, so
each is run ``--repeat`` times, interleaved, and the best time of each counts
(as ``timeit`` does). Target: at most 1.5×.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import numpy as np


def build(folder: Path, municipalities: int, indicators: int, years: int) -> str:
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.importing import import_file
    from benchlearn.registry.municipalities import load_municipalities

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
        + "network: {code: BENCH, name: Benchmark network, members: all, "
        + f"indicators: [{', '.join(codes)}]}}\n"
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


def cells_of(path: Path) -> list[tuple[str, list[tuple[int, int, object]]]]:
    """Every non-empty cell of a workbook, sheet by sheet, in row order (read with openpyxl)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheets = []
    for ws in book.worksheets:
        cells = [
            (cell.row - 1, cell.column - 1, cell.value)
            for row in ws.iter_rows()
            for cell in row
            if getattr(cell, "value", None) is not None
        ]
        sheets.append((ws.title, cells))
    book.close()
    return sheets


def raw_same_cells(path: Path, sheets: list[tuple[str, list[tuple[int, int, object]]]]) -> float:
    """Raw xlsxwriter (constant_memory) writing exactly these cells: same sheets, places, types.

    No formats, charts, print setup or names: what is left of the workbook's
    time beyond this is benchlearn's own work.
    """
    import xlsxwriter

    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for title, cells in sheets:
        sheet = book.add_worksheet(title)
        for row, col, value in cells:
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write_number(row, col, value)
    book.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=119)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from benchlearn.commands import meeting
    from benchlearn.database import make_engine
    from benchlearn.workbook import render_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = build(folder, args.municipalities, args.indicators, args.years)
        engine = make_engine(url)
        start = time.perf_counter()
        data = meeting(engine, "BENCH", 2014 + args.years - 1)
        computing = time.perf_counter() - start
        writings, same, mixed, numeric = [], [], [], []
        for i in range(args.repeat):
            start = time.perf_counter()
            summary = render_workbook(data, folder / "bench.xlsx")
            writings.append(time.perf_counter() - start)
            if i == 0:
                cells = cells_of(folder / "bench.xlsx")
            same.append(raw_same_cells(folder / "same.xlsx", cells))
            numbers = summary.cells - summary.strings
            mixed.append(raw_xlsxwriter(folder / "raw.xlsx", numbers, summary.strings))
            numeric.append(raw_xlsxwriter(folder / "raw2.xlsx", summary.cells))
        writing, raw_same = min(writings), min(same)
        raw_mixed, raw_numeric = min(mixed), min(numeric)
    size = (
        f"{args.municipalities} municipalities × {args.indicators} indicators × {args.years} years"
    )
    print(f"network: {size}; best of {args.repeat} runs each")
    print(f"computing the comparisons:        {computing:6.2f} s")
    print(
        f"writing the workbook:             {writing:6.2f} s  ({summary.cells:,} cells, "
        f"{summary.strings:,} of them text; {len(summary.sheets)} sheets)"
    )
    written = sum(len(c) for _, c in cells)
    print(f"raw xlsxwriter, the same cells:   {raw_same:6.2f} s  ({written:,} cells as read back, "
          "same sheets, places and types)")  # fmt: skip
    print(f"raw xlsxwriter, 20-column block:  {raw_mixed:6.2f} s  (as many text and number cells)")
    print(f"raw xlsxwriter, all numeric:      {raw_numeric:6.2f} s")
    print(f"ratio workbook / raw (the same cells):     {writing / raw_same:.2f}  (target ≤ 1.50)")
    print(f"ratio workbook / raw (20-column block):    {writing / raw_mixed:.2f}")
    print(f"ratio workbook / raw (all numeric block):  {writing / raw_numeric:.2f}")


if __name__ == "__main__":
    main()
