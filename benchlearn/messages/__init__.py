"""One message catalogue for every label and sentence users read, in English and Latvian.

The catalogue is one dictionary, kept in modules by the part of benchlearn that
speaks (:mod:`.workbook`, :mod:`.sentences`, :mod:`.forms`, :mod:`.data`,
:mod:`.cli`) so
that each stays readable; a key is defined once across them all. Numbers and
dates are written the way a reader of the language writes them: Latvian with a
decimal comma, a space between thousands and dates as 31.03.2025.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from benchlearn.messages import cli, data, forms, sentences, workbook

LANGUAGES = ("en", "lv")


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        for key, entry in part.items():
            if key in merged:
                raise RuntimeError(f"message {key!r} is defined twice")  # caught by the tests
            merged[key] = entry
    return merged


MESSAGES = _merge(
    workbook.MESSAGES, sentences.MESSAGES, forms.MESSAGES, data.MESSAGES, cli.MESSAGES
)


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language lacks it), filled in."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def number(value: float, lang: str = "en", decimals: int = 2) -> str:
    """A number as a reader of ``lang`` writes it: 1,234.5 in English, 1 234,5 in Latvian.

    NaN is the empty string; minus is the minus sign a reader expects (ASCII).
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{decimals}f}"
    if lang == "lv":
        text = text.replace(",", " ").replace(".", ",")
    return text


def percent(value: float, lang: str = "en", decimals: int = 1) -> str:
    """A percentage: 12.5% in English, 12,5 % in Latvian (a space before the sign)."""
    return number(value, lang, decimals) + (" %" if lang == "lv" else "%")


def date(value: dt.date | dt.datetime, lang: str = "en") -> str:
    """A date: 2025-03-31 in English (ISO), 31.03.2025 in Latvian."""
    return value.strftime("%d.%m.%Y") if lang == "lv" else value.strftime("%Y-%m-%d")
