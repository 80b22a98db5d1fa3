"""Formatting DataFrames for the terminal and for machines (``--format table|csv|json``)."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json")


def _cell(value: Any, decimals: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(value)


def render(frame: pd.DataFrame, fmt: str = "table", *, decimals: int = 3) -> str:
    """Render ``frame`` as an aligned text table, CSV or JSON records."""
    if fmt == "csv":
        return str(frame.to_csv(index=False, lineterminator="\n"))
    if fmt == "json":
        records = [
            {k: _json_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
        ]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return table(
        [str(c) for c in frame.columns],
        [[_cell(v, decimals) for v in row] for row in frame.itertuples(index=False)],
    )


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return None if value != value else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def table(header: list[str], rows: list[list[str]]) -> str:
    """An aligned plain-text table; numbers right-aligned, text left-aligned."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    numeric = [
        all(_looks_numeric(row[i]) for row in rows if row[i]) and any(row[i] for row in rows)
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out) + "\n"


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
