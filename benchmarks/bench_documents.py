"""Documents for a very large network: refused up front, in the time ranking takes, same run.

Run: python benchmarks/bench_documents.py [--municipalities 20 --indicators 5000]

A network of 5,000 indicators ranked in 2 s, but ``workbook``, ``site`` and
``report`` ran past 180 s and up to 2.3 GB before they were stopped (issue 23,
item 19). A document holds at most ``benchlearn.meeting.DOCUMENT_INDICATORS``
indicators; above that each command refuses before it computes anything,
saying what to narrow. This benchmark builds such a network (two years of
values for every member and indicator) on SQLite, runs ``rank`` of the whole
network as the baseline, and each document command, all as a user would type
them, each in its own process, timed with its peak memory (from ``wait4``).
With ``--indicators`` at or under the limit the documents are written, and the
figures say what a document of that size costs. Target: a refusal takes no
longer than ranking the same network.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(folder: Path, municipalities: int, indicators: int) -> str:
    """A SQLite database with the network BIG of ``indicators`` indicators, through the CLI."""
    (folder / "m.csv").write_text(
        "code,name\n" + "".join(f"M{m:03d},Municipality {m}\n" for m in range(municipalities))
    )
    codes = [f"I{i:04d}" for i in range(indicators)]
    directions = ("higher", "lower", "neutral")
    (folder / "d.yaml").write_text(
        "indicators:\n"
        + "".join(
            f"  - {{code: {c}, name: Indicator {c}, unit: '%', direction: {directions[i % 3]}, "
            "decimals: 1}\n"
            for i, c in enumerate(codes)
        )
        + "network: {code: BIG, name: Big network, members: all, "
        + f"indicators: [{', '.join(codes)}]}}\n"
    )
    with (folder / "v.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "indicator", "year", "value"])
        for i, code in enumerate(codes):
            for year in (2023, 2024):
                for m in range(municipalities):
                    writer.writerow([f"M{m:03d}", code, year, (i * 7 + m * 13 + year) % 100])
    url = f"sqlite:///{folder / 'big.db'}"
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(folder / "m.csv")],
        ["definitions", "load", str(folder / "d.yaml")],
        ["import", str(folder / "v.csv")],
    ):
        subprocess.run([sys.executable, "-m", "benchlearn", "-q", "--db", url, *args],
                       check=True, capture_output=True)  # fmt: skip
    return url


def command(url: str, *args: str) -> tuple[float, float, str]:
    """A benchlearn command's wall time, peak memory in MB (the process's maximum resident
    set, from ``wait4``) and outcome: ``written`` or ``refused`` (exit code 1)."""
    argv = [sys.executable, "-m", "benchlearn", "-q", "--db", url, *args]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed:\n{errors.decode()}")
    return elapsed, usage.ru_maxrss / 1024, "written" if code == 0 else "refused"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=5000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        url = build(folder, options.municipalities, options.indicators)
        print(
            f"{options.municipalities} municipalities × {options.indicators} indicators × 2 years"
        )
        rank = command(url, "rank", "-n", "BIG", "--year", "2024", "--format", "csv",
                       "-o", str(folder / "rank.csv"))  # fmt: skip
        print(f"  rank      {rank[0]:8.2f} s {rank[1]:7.0f} MB   (the baseline)")
        for name, out in (("workbook", "w.xlsx"), ("site", "site"), ("report", "r.pdf")):
            ours = command(url, name, "-n", "BIG", "--year", "2024", "-o", str(folder / out))
            print(
                f"  {name:<9} {ours[0]:8.2f} s {ours[1]:7.0f} MB   {ours[2]:<8} "
                f"ratio to rank {ours[0] / rank[0]:6.2f}"
            )


if __name__ == "__main__":
    main()
