"""Latvia: the built-in dataset ``lv-population`` (CSP population figures) for ``benchlearn import``.

Two CSP tables, each stored under the indicator whose definition it meets:
IRS031's annual average population (2021–2024, the 36 novadi) as ``POP_AVG``,
and IRE031's population at the start of 2026 (all 42 municipalities since
1 July 2025) as ``POP`` of 2026, since ``POP`` is the population on 1 January.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from benchlearn.samples.build.common import number, source_text, write_csv

#: CSP's sign for a figure not yet published.
NOT_PUBLISHED = "…"
#: The first year of the units IRS031 is on. Its earlier years are recalculated on 2021 borders,
#: but benchlearn keeps a value on the units of its own year, and many 2021 codes were smaller
#: units before (LV-016 was Bauskas novads without Iecava, Rundāle and Vecumnieki).
FIRST_YEAR = 2021


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def average_population(shared: Path) -> pd.DataFrame:
    """IRS031 as long rows on ISO codes; columns ``municipality, indicator, year, value``."""
    folder = shared / "lv-csb"
    codes = {r["irs031_name"]: r["iso_code"] for r in _rows(folder / "irs031_names_iso_codes.csv")}
    text = (folder / "irs031_annual_average_population_novadi_2012_2025.csv").read_text(
        encoding="utf-8-sig"
    )
    # A PxWeb CSV: a title line and an empty one before the header.
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"Indicator"'))
    table = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    header, body = table[0], [row for row in table[1:] if row]
    records = []
    for row in body:
        assert row[0] == "Annual average population", row[0]
        for year, cell in zip(header[2:], row[2:], strict=True):
            if cell == NOT_PUBLISHED or int(year) < FIRST_YEAR:
                continue
            records.append((codes[row[1]], "POP_AVG", int(year), float(cell)))
    return pd.DataFrame(records, columns=["municipality", "indicator", "year", "value"])


def start_of_2026(shared: Path) -> pd.DataFrame:
    """IRE031, 1 January 2026, on ISO codes; columns ``municipality, indicator, year, value``."""
    folder = shared / "lv-csb"
    codes = {r["csb_code"]: r["iso_code"] for r in _rows(folder / "csb_iso_codes.csv")}
    records = [
        (codes[r["csb_code"]], "POP", 2026, float(r["population"]))
        for r in _rows(folder / "ire031_population_2026.csv")
    ]
    return pd.DataFrame(records, columns=["municipality", "indicator", "year", "value"])


def build_lv_population(shared: Path, datasets: Path) -> int:
    """Write ``lv-population/lv-population.csv`` and its ``SOURCE.txt``; return the row count."""
    folder = datasets / "lv-population"
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.concat([average_population(shared), start_of_2026(shared)], ignore_index=True)
    assert not frame.duplicated(["municipality", "indicator", "year"]).any()
    frame = frame.sort_values(["indicator", "year", "municipality"], kind="stable")
    count = write_csv(
        folder / "lv-population.csv",
        ["municipality", "indicator", "year", "value"],
        (
            [m, i, str(y), number(v)]
            for m, i, y, v in frame[["municipality", "indicator", "year", "value"]].itertuples(
                index=False
            )
        ),
    )
    average = frame[frame["indicator"] == "POP_AVG"]
    start = frame[frame["indicator"] == "POP"]
    (folder / "SOURCE.txt").write_text(
        source_text(
            shared / "lv-csb" / "SOURCE.txt",
            f"""lv-population.csv: a long CSV (municipality,indicator,year,value) on ISO 3166-2:LV codes, for
  `benchlearn import lv-population`. {count} values:
POP_AVG (annual average population): IRS031, {average["year"].min()}-{average["year"].max()}, {average["municipality"].nunique()} novadi
  (names to codes by irs031_names_iso_codes.csv; Madona is the unit before the 1 July 2025 merger,
  LV-059, and Varakļāni LV-102). The export's 2025 column ("…", not yet published) is left out,
  and so are 2012-{FIRST_YEAR - 1}: CSP recalculated them on the 2021 borders, but benchlearn keeps a value on the
  units of its own year (the registry's validity), and many 2021 codes were smaller units before
  the reform (LV-016 was Bauskas novads without Iecava, Rundāle and Vecumnieki), so such a figure
  would be read as the old unit's. The 7 state cities are not in this export: no POP_AVG for them.
POP (population at the start of the year) of 2026: IRE031, population on 1 January 2026 of the
  {start["municipality"].nunique()} municipalities since 1 July 2025 (CSP codes to ISO codes by csb_iso_codes.csv;
  LV0038001, the merged Madona, is LV-059). Total {number(start["value"].sum())}.""",
        ),
        encoding="utf-8",
    )
    return count
