"""A field's text read as the Excel form's reader reads its cell, and checked as its cell is.

No database: a field (:class:`~benchlearn.entry.sheet.EntryField`) and the text a
municipality typed in, out a value, a status, or the one sentence saying what is
wrong, naming the indicator. The rules are the form's:

* empty is not given (the stored figure stays);
* ``-`` missing, ``.`` not applicable, ``..`` confidential, as the form's status column;
* a yes/no question takes the words in any language (``Jā``, ``nē``, ``Yes``) or 1 and 0;
* a level of a scale takes its number or a matrix cell's words (``2 – attīstībā``);
* a number takes a decimal comma or point and spaces between thousands (``12 345,6``).
  A mark that may be a thousands separator is refused rather than guessed: in
  Latvian, where the comma is the decimal mark, ``1.234``; in English ``1,234``.

Then the valid range and the scale's levels, as the form's data validation and the
importer check them (the importer checks them again when the figures are written).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from benchlearn.entry.sheet import EntryField
from benchlearn.importing.forms import yes_no_words
from benchlearn.importing.headers import STATUS_CODES, shortened
from benchlearn.importing.matrix_form import read_level
from benchlearn.messages import general, say, t

_SPACES = "[ \u00a0\u202f]"
#: Digits grouped by thousands with spaces, as Latvian writes them (``12 345,6``).
_GROUPED = re.compile(rf"[+-]?[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+(?:[.,][0-9]+)?")
_POINT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_COMMA = re.compile(r"[+-]?(?:[0-9]+(?:,[0-9]*)?|,[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: What may be a number with a thousands separator rather than a decimal mark.
_THOUSANDS = {"lv": re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+"),
              "en": re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+")}  # fmt: skip


@dataclass(frozen=True)
class Reading:
    """A field's text read: a value or a status to store, nothing (not given), or an error
    (a catalogue key and its values, said by :meth:`error_text`)."""

    value: float | None = None
    status: str | None = None
    error: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        """Whether there is something to store."""
        return self.error is None and (self.value is not None or self.status is not None)

    def error_text(self, lang: str) -> str:
        """The error in ``lang``: one sentence naming the indicator."""
        return say(str(self.error), lang, self.values)


def read_field(entry: EntryField, text: str, lang: str) -> Reading:
    """The field's ``text`` (as posted) read and checked; see the module's rules."""
    typed = text.strip()
    if not typed:
        return Reading()
    if typed in STATUS_CODES:
        return Reading(status=typed)
    name: dict[str, object] = {"name": entry.name, "text": shortened(typed)}
    if entry.kind == "yes_no":
        folded = typed.casefold()
        if folded in yes_no_words(1) or folded in yes_no_words(0):
            return Reading(value=1.0 if folded in yes_no_words(1) else 0.0)
    if entry.kind == "matrix":
        typed = read_level(typed)[0] or typed
    number = read_number(typed, lang)
    if isinstance(number, str):
        if entry.kind == "yes_no":
            yes, no = t("form_yes", lang), t("form_no", lang)
            return Reading(error="ent_not_yes_no", values={**name, "yes": yes, "no": no})
        if entry.kind != "number":
            return Reading(error="ent_not_a_level", values={**name, "levels": _levels(entry)})
        return Reading(error=number, values=name)
    return _checked(entry, number, name, lang)


def read_number(text: str, lang: str) -> float | str:
    """``text`` as a number, or the catalogue key saying why it is none."""
    if _GROUPED.fullmatch(text):
        text = re.sub(_SPACES, "", text)
    thousands = _THOUSANDS["lv" if lang == "lv" else "en"]
    if thousands.fullmatch(text):
        return "ent_ambiguous"
    if _POINT.fullmatch(text):
        number = float(text)
    elif _COMMA.fullmatch(text):
        number = float(text.replace(",", "."))
    else:
        return "ent_not_number"
    if not math.isfinite(number):
        return "ent_too_large"
    return number + 0.0  # no negative zero


def _checked(entry: EntryField, number: float, name: dict[str, object], lang: str) -> Reading:
    """The number within the field's range and, for a choice, one of its choices."""
    low = -math.inf if entry.low is None else entry.low
    high = math.inf if entry.high is None else entry.high
    if entry.kind in ("scale", "matrix") and number not in _choice_values(entry):
        return Reading(error="ent_not_a_level", values={**name, "levels": _levels(entry)})
    if entry.kind == "yes_no" and number not in (0.0, 1.0):
        yes, no = t("form_yes", lang), t("form_no", lang)
        return Reading(error="ent_not_yes_no", values={**name, "yes": yes, "no": no})
    if not low <= number <= high:
        values = {"name": entry.name, "value": general(number, lang), "range": entry.bounds}
        return Reading(error="ent_out_of_range", values=values)
    return Reading(value=number)


def _choice_values(entry: EntryField) -> set[float]:
    return {float(c.value.replace(",", ".")) for c in entry.choices}


def _levels(entry: EntryField) -> str:
    """A scale's levels as the field offers them, in its language (``0, 1, 2, 3``)."""
    return ", ".join(c.value for c in entry.choices)
