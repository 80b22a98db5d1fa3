"""What a municipality sees when it enters a round's figures online: the form as fields.

The fields are the Excel form's rows (:func:`benchlearn.rules.asked_indicators`,
in its order), each with what the form's cell knows: the kind of answer (a
number, yes or no, a level of a scale, or a matrix cell of a self-assessment
as :func:`benchlearn.definitions.matrix.matrix_of` lays it out), the valid
range, and the stored value written as the reader's language writes it and as
a field reads it back unchanged (``12,5`` in Latvian, ``12.5`` in English).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, Engine, select

from benchlearn.definitions import pick_text
from benchlearn.definitions.matrix import cell_words, matrix_of
from benchlearn.definitions.model import IndicatorDefinition, range_phrase
from benchlearn.entry.rounds import (
    State,
    closed,
    municipality_id,
    network_id,
    submission,
)
from benchlearn.importing.forms import due_date, form_members
from benchlearn.messages import t
from benchlearn.models import Indicator, Observation
from benchlearn.registry.municipalities import municipality_names
from benchlearn.rules import asked_indicators

#: What a field asks for, as the Excel form's cell does.
Kind = Literal["number", "yes_no", "scale", "matrix"]


@dataclass(frozen=True)
class Choice:
    """One answer a field offers: the text it posts (``1``) and the words shown (``Jā``)."""

    value: str
    label: str


@dataclass(frozen=True)
class EntryField:
    """One indicator the form asks.

    ``value`` and ``previous``: the stored figure of the year and of the year before,
    as text a field posts back unchanged (a number with the language's decimal mark and
    no thousands separators, a choice's ``value``, or a status: ``-`` missing, ``.`` not
    applicable, ``..`` confidential, its figure never shown); empty when nothing is stored.
    ``low``/``high``: the valid range (None: open), ``bounds`` the same in words.
    ``area``/``stage``: a matrix cell's row and column, else None.
    """

    code: str
    name: str
    unit: str
    kind: Kind
    low: float | None
    high: float | None
    bounds: str
    choices: tuple[Choice, ...]
    value: str
    previous: str
    description: str = ""
    area: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class EntrySheet:
    """A municipality's online form for one network and year, and where the round stands.

    ``state``: ``closed`` when the facilitator has closed the round (nothing can be
    saved or submitted), else ``submitted`` once the municipality has submitted, else
    ``open``. Times are UTC without a zone, as stored.
    """

    network: str
    network_name: str
    year: int
    municipality: str
    municipality_name: str
    lang: str
    fields: tuple[EntryField, ...]
    state: State
    due: dt.date
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None
    closed_at: dt.datetime | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The fields' indicator codes, in the form's order."""
        return tuple(f.code for f in self.fields)

    def field(self, code: str) -> EntryField:
        """The field of indicator ``code``."""
        return next(f for f in self.fields if f.code == code)


def entry_sheet(
    engine: Engine, network: str, year: int, municipality: str, lang: str = "lv"
) -> EntrySheet:
    """The online form of ``municipality`` (a member of ``network`` in ``year``, else one
    sentence saying it is not) with its stored figures and the round's state, in ``lang``."""
    with engine.connect() as connection:
        return read_sheet(connection, network, year, municipality, lang)


def read_sheet(
    connection: Connection, network: str, year: int, municipality: str, lang: str
) -> EntrySheet:
    """:func:`entry_sheet` on an open connection (inside a save's or a submission's turn)."""
    definitions, chosen, _ = form_members(connection, network, year, [municipality])
    asked = asked_indicators(definitions, chosen)
    indicators = [definitions.indicators[code] for code in asked]
    stored = _stored(connection, asked, year, municipality)
    matrix = matrix_of(indicators, lang)
    cells = {}
    if matrix is not None and set(matrix.codes.values()) == set(asked):
        cells = {code: place for place, code in matrix.codes.items()}
    fields = tuple(_field(ind, lang, stored, year, cells.get(ind.code)) for ind in indicators)
    net, place = network_id(connection, network), municipality_id(connection, municipality)
    shut, sent = closed(connection, net, year), submission(connection, net, year, place)
    state: State = "closed" if shut else "submitted" if sent else "open"
    return EntrySheet(
        network=network,
        network_name=chosen.label(lang),
        year=year,
        municipality=municipality,
        municipality_name=municipality_names(connection).get(municipality, municipality),
        lang=lang,
        fields=fields,
        state=state,
        due=due_date(year),
        submitted_at=sent[0] if sent else None,
        submitted_by=sent[1] if sent else None,
        closed_at=shut[0] if shut else None,
    )


def kind_of(ind: IndicatorDefinition, in_matrix: bool) -> Kind:
    """The answer a field asks for: as the Excel form's cell validates it."""
    if ind.yes_no:
        return "yes_no"
    if ind.scale:
        return "matrix" if in_matrix else "scale"
    return "number"


def choices_of(ind: IndicatorDefinition, kind: Kind, lang: str) -> tuple[Choice, ...]:
    """The answers a yes/no question or a scale offers (none for a number)."""
    if kind == "yes_no":
        return (Choice("1", t("form_yes", lang)), Choice("0", t("form_no", lang)))
    if kind == "matrix":
        words = cell_words(ind, lang)
        return tuple(
            Choice(number_text(s.value, lang), w) for s, w in zip(ind.scale, words, strict=True)
        )
    if kind == "scale":
        return tuple(
            Choice(
                number_text(s.value, lang),
                f"{number_text(s.value, lang)} = {pick_text(s.label, lang)}",
            )
            for s in ind.scale
        )
    return ()


def number_text(value: float, lang: str) -> str:
    """A stored number as a field shows it and reads it back: every digit kept, no
    thousands separators (``1234,5`` in Latvian, ``1234.5`` in English, ``3`` for 3.0)."""
    text = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
    return text.replace(".", ",") if lang == "lv" else text


def _field(
    ind: IndicatorDefinition,
    lang: str,
    stored: dict[tuple[str, int], tuple[float | None, str | None]],
    year: int,
    cell: tuple[str, str] | None,
) -> EntryField:
    kind = kind_of(ind, cell is not None)
    low, high = ind.min, ind.max
    # A yes/no question's range (0 to 1) is its two choices, said by them.
    unbounded = (low is None and high is None) or kind == "yes_no"
    bounds = "" if unbounded else range_phrase(low, high)[lang]
    return EntryField(
        code=ind.code,
        name=ind.label(lang),
        unit="" if ind.yes_no else ind.unit_label(lang),
        kind=kind,
        low=low,
        high=high,
        bounds=bounds,
        choices=choices_of(ind, kind, lang),
        value=_text(stored.get((ind.code, year)), lang),
        previous=_text(stored.get((ind.code, year - 1)), lang),
        description=pick_text(ind.description, lang),
        area=cell[0] if cell else None,
        stage=cell[1] if cell else None,
    )


def _text(found: tuple[float | None, str | None] | None, lang: str) -> str:
    """A stored value as a field holds it: the status when there is one (a confidential
    figure is never shown, not even to its municipality), else the number."""
    if found is None:
        return ""
    value, status = found
    if status:
        return status
    return "" if value is None or value != value else number_text(value, lang)


def _stored(
    connection: Connection, codes: list[str], year: int, municipality: str
) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """(indicator, year) → (value, status) of the municipality, this year and the one before."""
    from benchlearn.models import Municipality

    rows = connection.execute(
        select(Indicator.code, Observation.year, Observation.value, Observation.status)
        .join(Observation, Observation.indicator_id == Indicator.id)
        .join(Municipality, Municipality.id == Observation.municipality_id)
        .where(
            Municipality.code == municipality,
            Indicator.code.in_(codes),
            Observation.year.in_([year - 1, year]),
        )
    )
    return {(code, int(y)): (value, status) for code, y, value, status in rows}
