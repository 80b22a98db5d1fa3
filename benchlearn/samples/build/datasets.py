"""Latvia: the built-in datasets ``lv-population`` and ``lv-context`` for ``benchlearn import``.

``lv-population`` holds two CSP tables, each stored under the indicator whose
definition it meets: IRS031's annual average population (2021–2024, the 36
novadi) as ``POP_AVG``, and IRE031's population at the start of 2026 (all 42
municipalities since 1 July 2025) as ``POP`` of 2026, since ``POP`` is the
population on 1 January.

``lv-context`` adds what similarity needs beside size, for all 43 units of the
2021 division: the total area (``AREA_KM2``, so ``DENSITY = POP / AREA_KM2``
follows every population figure) and CSP's median age (``MEDIAN_AGE``,
IRD031), with the same population figures, so that one import gives the whole
context.
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


def write_long(path: Path, frame: pd.DataFrame) -> int:
    """Write a built-in dataset's long CSV (``municipality,indicator,year,value``), one value
    per municipality, indicator and year, sorted by indicator, year and municipality; return
    the row count. Both Latvian datasets are written by it, so they read alike."""
    assert not frame.duplicated(["municipality", "indicator", "year"]).any()
    frame = frame.sort_values(["indicator", "year", "municipality"], kind="stable")
    columns = ["municipality", "indicator", "year", "value"]
    return write_csv(
        path,
        columns,
        ([m, i, str(y), number(v)] for m, i, y, v in frame[columns].itertuples(index=False)),
    )


def build_lv_population(shared: Path, datasets: Path) -> int:
    """Write ``lv-population/lv-population.csv`` and its ``SOURCE.txt``; return the row count."""
    folder = datasets / "lv-population"
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.concat([average_population(shared), start_of_2026(shared)], ignore_index=True)
    count = write_long(folder / "lv-population.csv", frame)
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


#: The years the 2021 division's areas are stored under: every year a unit kept its 2021
#: territory, so that ``DENSITY`` (a formula, evaluated within one year) finds an area beside
#: each year's population. Madona (LV-059) grew on 1 July 2025 and Varakļāni (LV-102) ended
#: then: theirs stop at 2024, the registry's last year of the two apart.
AREA_YEARS = range(FIRST_YEAR, 2027)
#: The units whose 2021 territory ended with the 2025 merger (Varakļāni into Madona).
MERGED_2025 = ("LV-059", "LV-102")


def areas(shared: Path) -> pd.DataFrame:
    """Total areas (2021 borders) for each year the unit kept them; ``municipality, indicator,
    year, value``."""
    rows = _rows(shared / "lv-context" / "area_km2_wikipedia_municipal_sites_2021_borders.csv")
    records = []
    for row in rows:
        assert row["year"] == str(FIRST_YEAR), row
        last = 2024 if row["iso_code"] in MERGED_2025 else AREA_YEARS[-1]
        records += [
            (row["iso_code"], "AREA_KM2", year, float(row["area_total_km2"]))
            for year in AREA_YEARS
            if year <= last
        ]
    return pd.DataFrame(records, columns=["municipality", "indicator", "year", "value"])


def median_ages(shared: Path) -> pd.DataFrame:
    """IRD031's median age; ``municipality, indicator, year, value``.

    The figures are for 1 January 2026, stored as 2026. Madona and Varakļāni
    are CSP's figures for 1 January 2025, the last date both existed apart:
    benchlearn keeps the two apart up to 2024 (from 2025 LV-059 is the merged
    unit and LV-102 is gone), so they are stored as 2024, the state at the end
    of that year, and the dataset's SOURCE.txt says so.
    """
    rows = _rows(shared / "lv-context" / "median_age_csp_ird031_2026.csv")
    records = []
    for row in rows:
        year = int(row["year"])
        if row["iso_code"] in MERGED_2025:
            assert row["reference_date"] == "2025-01-01", row
            year = 2024
        else:
            assert row["reference_date"] == "2026-01-01", row
        records.append(
            (row["iso_code"], "MEDIAN_AGE", year, float(row["median_age_completed_years"]))
        )
    return pd.DataFrame(records, columns=["municipality", "indicator", "year", "value"])


def build_lv_context(shared: Path, datasets: Path) -> int:
    """Write ``lv-context/lv-context.csv`` and its ``SOURCE.txt``; return the row count."""
    folder = datasets / "lv-context"
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.concat(
        [areas(shared), median_ages(shared), average_population(shared), start_of_2026(shared)],
        ignore_index=True,
    )
    count = write_long(folder / "lv-context.csv", frame)
    held = {code: part for code, part in frame.groupby("indicator")}
    area, age = held["AREA_KM2"], held["MEDIAN_AGE"]
    pages = "\n".join(
        f"  {r['iso_code']} {r['name']}: {r['source_page']} ({r['source_kind']})"
        for r in _rows(
            shared / "lv-context" / "area_km2_wikipedia_municipal_sites_2021_borders.csv"
        )
    )
    csb = (shared / "lv-csb" / "SOURCE.txt").read_text(encoding="utf-8").rstrip()
    (folder / "SOURCE.txt").write_text(
        source_text(
            shared / "lv-context" / "SOURCE.txt",
            f"""lv-context.csv: a long CSV (municipality,indicator,year,value) on ISO 3166-2:LV codes, for
  `benchlearn import lv-context`. {count} values, for the 43 units of the 1 July 2021 division:
AREA_KM2 (total area, km2): area_total_km2 above, {area["municipality"].nunique()} units. The figures are for the
  2021 territories (mixed vintages, see the caveats above), so each is stored for every year
  the unit kept that territory, {AREA_YEARS[0]}-{AREA_YEARS[-1]}, and DENSITY (POP / AREA_KM2, a formula of the same
  year) follows every population figure. Madona (LV-059) and Varakļāni (LV-102) stop at 2024:
  from 1 July 2025 LV-059 is the merged unit, whose area is not in the source, and LV-102 is
  gone, so DENSITY of 2026 has no value for LV-059. The land areas are not used.
MEDIAN_AGE (median age in completed years): CSP IRD031 as read above, {age["municipality"].nunique()} units.
  1 January 2026 is stored as 2026. Madona and Varakļāni are CSP's figures for 1 January 2025,
  the last date both existed apart, stored as 2024: benchlearn keeps the two apart up to 2024
  (the registry's Varakļāni ends with 2024; from 2025 LV-059 is the merged Madona), and a stock
  on 1 January 2025 is the unit as it stood at the end of 2024.
POP_AVG and POP 2026: the same figures as the built-in lv-population (below), so this one
  import gives the whole context; importing both changes nothing. As there, the 2026 figure
  of LV0038001, the merged Madona, is stored as LV-059 of 2026: from 2025 the registry's LV-059
  is the merged unit. Similarity takes a structural variable from the nearest year only within
  the same territory (a crosswalk link such as lv-2025-reform marks the change), so the
  merged figure never stands for the Madona of 2021-2024.

CSP figures: Central Statistical Bureau of Latvia, CC BY 4.0 (attribute "Source: Central
Statistical Bureau of Latvia"). Areas: Wikipedia contributors, CC BY-SA 4.0, and the websites
of Dobeles and Olaines novads (terms not stated); the page of each unit's area:
{pages}

The CSP population files (shared/data/lv-csb/SOURCE.txt):
{csb}""",
        ),
        encoding="utf-8",
    )
    return count
