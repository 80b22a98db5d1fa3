"""What every sample builder shares: deterministic CSV and YAML writing, texts, attribution."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml


def number(value: float) -> str:
    """Shortest text that reads back as the same float (integers without .0)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (already sorted) with '\\n' endings; return how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_yaml(path: Path, data: dict[str, Any], comment: str) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# {comment}\n" + text, encoding="utf-8")


def observations_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Long rows sorted by indicator, year, municipality; NaN becomes status '-'."""
    frame = frame.sort_values(["indicator", "year", "municipality"], kind="stable")
    rows = []
    for m, i, y, v in frame[["municipality", "indicator", "year", "value"]].itertuples(index=False):
        if pd.isna(v):
            rows.append([m, i, str(int(y)), "", "-"])
        else:
            rows.append([m, i, str(int(y)), number(float(v)), ""])
    return rows


def text(en: str, lv: str) -> dict[str, str]:
    return {"en": en, "lv": lv}


#: A unit: ``(English, Latvian)``, or one plain string written the same in every language ("%").
Unit = str | tuple[str, str]


def unit_text(unit: Unit) -> str | dict[str, str]:
    """The unit as definitions write it: the plain string, or ``{en: ..., lv: ...}``."""
    return unit if isinstance(unit, str) else text(*unit)


def indicator(
    code: str,
    en: str,
    lv: str,
    unit: Unit,
    direction: str,
    decimals: int,
    description_en: str,
    description_lv: str,
    source: str,
    **extra: Any,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": code,
        "name": text(en, lv),
        "unit": unit_text(unit),
        "direction": direction,
        "decimals": decimals,
        "description": text(description_en, description_lv),
        "source": source,
    }
    item.update(extra)
    return item


def source_text(original: Path, derived: str) -> str:
    return (
        original.read_text(encoding="utf-8").rstrip()
        + "\n\nHow benchlearn derived this sample\n"
        + "----------------------------------\n"
        + derived.strip()
        + "\n"
    )


def slug(text_value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text_value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
