"""Latvia: the municipality registries of 2009, 2021 and 2025, and the reforms between them.

The reform of 1 July 2021 and the merger of 1 July 2025 both took effect mid-year;
benchlearn treats the year of a change as the first year of the new units
(valid_from 2021, and 2025), so the last full year of a unit that ended is the
year before (Varakļānu novads: valid_to 2024).
"""

from __future__ import annotations

import csv
from pathlib import Path

from benchlearn.samples.build.common import (
    source_text,
    write_csv,
)

REGISTRY_HEADER = ["code", "name", "kind", "valid_from", "valid_to", "csb_code"]
CROSSWALK_HEADER = ["old_code", "new_code", "year", "weight", "old_name", "new_name", "note"]
#: Varakļānu novads merged into Madonas novads on 1 July 2025; Madona kept its ISO code and
#: took a new CSP code.
MERGED, MADONA, MADONA_CSB_2025 = "LV-102", "LV-059", "LV0038001"
#: ``weight`` of a crosswalk row that is part of an old unit whose share is not known.
UNKNOWN_SHARE = "-"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def csb_codes(shared: Path) -> tuple[dict[str, str], dict[str, str]]:
    """ISO code → CSP code, before and after 1 July 2025 (only Madona differs)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in _rows(shared / "lv-csb" / "csb_iso_codes.csv"):
        iso, csb = row["iso_code"], row["csb_code"]
        if csb == MADONA_CSB_2025:
            after[iso] = csb
        else:
            before[iso] = csb
            if iso != MERGED:
                after.setdefault(iso, csb)
    assert after[MADONA] == MADONA_CSB_2025 and before[MADONA] != MADONA_CSB_2025
    return before, after


def build_registries(shared: Path, registries: Path) -> dict[str, int]:
    """Write ``lv-2009``, ``lv-2021``, ``lv-2025`` and the crosswalks; return row counts."""
    registries.mkdir(exist_ok=True)
    crosswalks = registries / "crosswalks"
    crosswalks.mkdir(exist_ok=True)
    folder = shared / "lv-municipalities"
    old = _rows(folder / "lv_municipalities_2009_2021.csv")
    new = _rows(folder / "lv_municipalities_2021.csv")
    before, after = csb_codes(shared)
    assert set(before) == {r["iso_code"] for r in new}, "a 2021 unit without its CSP code"
    counts = {}
    counts["lv-2009"] = write_csv(
        registries / "lv-2009.csv",
        REGISTRY_HEADER[:5],
        sorted((r["iso_code"], r["name"], r["kind"], "2009", "2020") for r in old),
    )
    counts["lv-2021"] = write_csv(
        registries / "lv-2021.csv",
        REGISTRY_HEADER,
        sorted(
            (
                r["iso_code"],
                r["name"],
                r["kind"],
                "2021",
                "2024" if r["iso_code"] == MERGED else "",
                before[r["iso_code"]],
            )
            for r in new
        ),
    )
    counts["lv-2025"] = write_csv(
        registries / "lv-2025.csv",
        REGISTRY_HEADER,
        sorted(
            (r["iso_code"], r["name"], r["kind"], "2025", "", after[r["iso_code"]])
            for r in new
            if r["iso_code"] != MERGED
        ),
    )
    counts["lv-2021-reform"] = write_csv(
        crosswalks / "lv-2021-reform.csv",
        CROSSWALK_HEADER,
        sorted(
            (
                r["old_code"],
                r["new_code"],
                "2021",
                UNKNOWN_SHARE if r["note"].startswith("PARTIAL") else "1",
                r["old_name"],
                r["new_name"],
                r["note"],
            )
            for r in _rows(folder / "lv_reform_2021_crosswalk.csv")
        ),
    )
    names = {r["iso_code"]: r["name"] for r in new}
    counts["lv-2025-reform"] = write_csv(
        crosswalks / "lv-2025-reform.csv",
        CROSSWALK_HEADER,
        sorted(
            (
                code,
                MADONA if code == MERGED else code,
                "2025",
                "1",
                name,
                names[MADONA] if code == MERGED else name,
                "merged into Madonas novads on 1 July 2025"
                if code in (MERGED, MADONA)
                else "unchanged",
            )
            for code, name in names.items()
        ),
    )
    (registries / "SOURCE.txt").write_text(
        source_text(
            folder / "SOURCE.txt",
            f"""lv-2009.csv: the 119 units of 2009-2021, valid_from 2009, valid_to 2020.
lv-2021.csv: the 43 units of the 1 July 2021 reform, valid_from 2021 (benchlearn treats 2021 as the
  first year of the new units). {len({r["iso_code"] for r in old} & set(names))} codes appear in both lists; loading both
  widens their validity. Varakļānu novads (LV-102) has valid_to 2024: it merged into Madonas novads on
  1 July 2025, and benchlearn treats 2025 as the first year of the merged unit.
  csb_code: the unit's CSP territorial code, from ../lv-csb/csb_iso_codes.csv (Madona: LV0038000, its
  code before 1 July 2025).
lv-2025.csv: the 42 units since 1 July 2025, valid_from 2025: the 43 of 2021 without Varakļānu novads.
  Madonas novads keeps its ISO code LV-059 and has the CSP code LV0038001 of the merged unit; loading
  lv-2025 after lv-2021 sets that code.
crosswalks/lv-2021-reform.csv: lv_reform_2021_crosswalk.csv in benchlearn's crosswalk format
  (old_code,new_code,year,weight; names and the source note kept beside them), year 2021. Whole units
  have weight 1; the two split novadi (Aglonas LV-001, Inčukalna LV-037) have weight "-": a part of
  unknown share, so no figure of theirs is apportioned and the new units they went to (Krāslavas,
  Preiļu, Ropažu, Siguldas novadi) have no rebuilt figures for the years before 2021.
crosswalks/lv-2025-reform.csv: the 1 July 2025 merger, year 2025: every 2021 unit to itself, and
  Varakļānu novads (LV-102) to Madonas novads (LV-059).""",
        )
        + "\nCSP codes (csb_code):\n"
        + (shared / "lv-csb" / "SOURCE.txt").read_text(encoding="utf-8").split("\n\n")[0]
        + "\n",
        encoding="utf-8",
    )
    return counts
