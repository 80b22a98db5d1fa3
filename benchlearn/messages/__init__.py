"""One message catalogue for every label and sentence users read, in English and Latvian.

The catalogue is one dictionary, kept in modules by the part of benchlearn that
speaks (:mod:`.workbook`, :mod:`.sentences`, :mod:`.forms`, :mod:`.data`,
:mod:`.cli`, :mod:`.report`, :mod:`.site`, :mod:`.compare`,
:mod:`.definitions` and others) so
that each stays readable; a key is defined once across them all. Numbers and
dates are written the way a reader of the language writes them: Latvian with a
decimal comma, a space between thousands and dates as 31.03.2025.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from benchlearn.messages import (
    access,
    accounts,
    agenda,
    cli,
    compare,
    data,
    dea,
    definitions,
    ebci,
    eff,
    effect,
    entry,
    forms,
    handout,
    impact,
    learning,
    limits,
    machine,
    matrix,
    plans,
    pull,
    report,
    sentences,
    server,
    shrinkage,
    similarity,
    site,
    statistics,
    uncertainty,
    value_files,
    workbook,
)

LANGUAGES = ("en", "lv")


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        for key, texts in part.items():
            if key in merged:
                raise RuntimeError(f"message {key!r} is defined twice")  # caught by the tests
            merged[key] = texts
    return merged


MESSAGES = _merge(
    workbook.MESSAGES,
    sentences.MESSAGES,
    forms.MESSAGES,
    data.MESSAGES,
    cli.MESSAGES,
    report.MESSAGES,
    site.MESSAGES,
    statistics.MESSAGES,
    pull.MESSAGES,
    compare.MESSAGES,
    definitions.MESSAGES,
    similarity.MESSAGES,
    matrix.MESSAGES,
    agenda.MESSAGES,
    handout.MESSAGES,
    impact.MESSAGES,
    limits.MESSAGES,
    machine.MESSAGES,
    value_files.MESSAGES,
    shrinkage.MESSAGES,
    plans.MESSAGES,
    effect.MESSAGES,
    accounts.MESSAGES,
    ebci.MESSAGES,
    eff.MESSAGES,
    access.MESSAGES,
    uncertainty.MESSAGES,
    server.MESSAGES,
    entry.MESSAGES,
    dea.MESSAGES,
    learning.MESSAGES,
)


#: Characters a terminal acts on rather than shows: C0 controls but the tab and the line
#: break, DEL, C1 controls, and Unicode's bidirectional overrides, which reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with every control character written as its escape (``\\x1b``), so a file
    or municipality named with a terminal's escape codes is shown, not obeyed: it cannot
    clear the screen or print a forged green "OK". Every placeholder value of every
    message passes through here (:func:`t`), and the places of a file's problem."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language lacks it), filled in;
    texts among the values are shown :func:`visible`."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    if not values:
        return template
    return template.format(
        **{name: visible(v) if isinstance(v, str) else v for name, v in values.items()}
    )


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


def general(value: float, lang: str = "en") -> str:
    """A number with up to six significant digits, as ``{:g}`` writes it in English.

    Latvian takes a decimal comma and a space between thousands (55 700, 2,5); a
    whole number is written in full there rather than with an exponent.
    """
    if lang != "lv":
        return f"{value:g}"
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return number(value, lang, 0)
    text = f"{value:.6g}"
    if "e" in text or "inf" in text or "nan" in text:
        return text.replace(".", ",")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", " ")
    return sign + grouped + ("," + fraction if fraction else "")


def alphabetical(text: str) -> tuple[str, str]:
    """A sort key for names as a Latvian or English reader looks them up: Ādaži among the
    A's, just after Adaži, not after Z as plain code-point order puts it; and Č, Ģ, Ķ, Ļ,
    Ņ, Š, Ž, which the Latvian alphabet counts as letters of their own, after every name
    of their plain letter (Krāslava, then Ķekava), as Latvian dictionaries and CLDR's
    Latvian collation order them."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.casefold())
    # A caron (U+030C) or cedilla (U+0327) makes a letter of its own: it sorts after its
    # plain letter's every continuation; the long vowels' macron only breaks ties.
    own = re.sub("([a-z])[\u030c\u0327]", "\\1\uffff", decomposed)
    base = "".join(c for c in own if not unicodedata.combining(c))
    return base, decomposed


def spoken(value: object, lang: str = "en") -> object:
    """A placeholder's value as ``lang`` writes it.

    A mapping holds a text per language (``{"en": ..., "lv": ...}``) and gives
    the one in ``lang`` (else English); a float is written by :func:`general`; a
    list or tuple is each item so written, joined by commas (in Latvian by semicolons
    when an item has a decimal comma); anything else is left as it is, so integers such as
    years and row numbers stay plain.
    """
    if isinstance(value, Mapping):
        return value.get(lang) or value.get("en") or next(iter(value.values()), "")
    if isinstance(value, float):
        return general(value, lang)
    if isinstance(value, list | tuple):
        items = [str(spoken(item, lang)) for item in value]
        decimal_commas = lang == "lv" and any("," in item for item in items)
        return ("; " if decimal_commas else ", ").join(items)
    return value


def say(key: str, lang: str = "en", values: Mapping[str, object] | None = None) -> str:
    """The message ``key`` in ``lang``, its placeholders' values written as ``lang`` writes them."""
    return t(key, lang, **{name: spoken(v, lang) for name, v in (values or {}).items()})


def phrase(key: str, values: Mapping[str, object] | None = None) -> dict[str, str]:
    """The message ``key`` in every language: a value that another message can hold."""
    return {lang: say(key, lang, values) for lang in LANGUAGES}


def counted(key: str, count: int) -> dict[str, str]:
    """``count`` of something in every language, singular or plural as each language needs:
    ``key + "_one"`` or ``key + "_many"``. English takes the singular for 1 only; Latvian
    for every number ending in 1 but not in 11 (iesniegta 21 veidlapa)."""
    one = {"en": count == 1, "lv": count % 10 == 1 and count % 100 != 11}
    return {
        lang: say(key + ("_one" if one[lang] else "_many"), lang, {"count": count})
        for lang in LANGUAGES
    }


def year_ranges(years: list[int] | tuple[int, ...]) -> str:
    """Years as runs: 2015, 2016, 2023, 2024 → ``2015–2016, 2023–2024``; one year alone."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def years_text(span: tuple[int, int]) -> str:
    """A year or a range of years, "2026" or "2024–2026", the same in every language."""
    first, last = span
    return str(first) if first == last else f"{first}–{last}"
