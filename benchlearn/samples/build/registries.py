"""Latvia: the municipality registries before and after the 2021 reform."""

from __future__ import annotations

import csv
from pathlib import Path

from benchlearn.samples.build.common import (
    source_text,
    write_csv,
)

# --- Latvian registries ----------------------------------------------------


def build_registries(shared: Path, registries: Path) -> dict[str, int]:
    registries.mkdir(exist_ok=True)
    counts = {}
    codes: list[set[str]] = []
    for name, source, start, end in (
        ("lv-2009", "lv_municipalities_2009_2021.csv", "2009", "2020"),
        ("lv-2021", "lv_municipalities_2021.csv", "2021", ""),
    ):
        rows = list(csv.DictReader((shared / "lv-municipalities" / source).open(encoding="utf-8")))
        codes.append({r["iso_code"] for r in rows})
        counts[name] = write_csv(
            registries / f"{name}.csv",
            ["code", "name", "kind", "valid_from", "valid_to"],
            sorted((r["iso_code"], r["name"], r["kind"], start, end) for r in rows),
        )
    (registries / "SOURCE.txt").write_text(
        source_text(
            shared / "lv-municipalities" / "SOURCE.txt",
            f"""lv-2009.csv: the 119 units of 2009-2021, valid_from 2009, valid_to 2020.
lv-2021.csv: the 43 units of the 1 July 2021 reform, valid_from 2021 (benchlearn treats 2021 as the
  first year of the new units). {len(codes[0] & codes[1])} codes appear in both lists; loading both
  widens their validity.""",
        ),
        encoding="utf-8",
    )
    return counts
