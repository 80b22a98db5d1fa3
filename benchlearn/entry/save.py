"""Saving and submitting a municipality's figures entered online, by the Excel form's rules.

A save reads every field as the form's reader reads its cell
(:mod:`benchlearn.entry.fields`); if any field is wrong, or names no indicator of
the form, nothing is stored and every error comes back, one sentence a field in
the user's language. Otherwise the figures go through the importer
(:func:`benchlearn.importing.write.import_rows`) as one batch named
``entry:NETWORK/YEAR/MUNICIPALITY`` (kind ``entry``) in one transaction: the
same validation, control rules, revisions and visibility by the definitions
as a returned form, the audit entry in the same transaction. The same figures
saved again change nothing and record no batch.

A submission says the municipality vouches for its figures: refused while
nothing is stored or the control rules find an error, and withdrawn by a later
save that changes a figure, so that a submission always stands for the figures
as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from benchlearn.accounts.audit import record
from benchlearn.entry.fields import read_field
from benchlearn.entry.rounds import (
    municipality_id,
    network_id,
    one_writer,
    record_submission,
    refuse_if_closed,
    withdraw,
)
from benchlearn.entry.sheet import EntrySheet, entry_sheet
from benchlearn.errors import BenchlearnError, Problem
from benchlearn.importing.headers import shortened
from benchlearn.importing.result import ImportRejected, ImportResult
from benchlearn.importing.write import import_rows
from benchlearn.messages import say


@dataclass(frozen=True)
class EntryOutcome:
    """What a save did.

    ``errors``: field code → one sentence in the user's language (a field naming no
    indicator of the form under the name it was posted with); when there are any,
    nothing was stored. ``batch_id``: the batch the save wrote, None when it changed
    nothing (the same figures again, or no field filled). ``withdrawn``: the save
    changed a figure of a submitted entry, which must be submitted again.
    """

    errors: Mapping[str, str] = field(default_factory=dict)
    batch_id: int | None = None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: bool = False

    @property
    def ok(self) -> bool:
        """Whether the figures were accepted (stored, or already stored as they are)."""
        return not self.errors

    @property
    def stored(self) -> bool:
        """Whether the save wrote a batch."""
        return self.batch_id is not None


def entry_source(network: str, year: int, municipality: str) -> str:
    """The file name a save's batch records: ``entry:T2/2024/LV-016``."""
    return f"entry:{network}/{year}/{municipality}"


def save_entry(
    engine: Engine,
    network: str,
    year: int,
    municipality: str,
    fields: Mapping[str, str],
    actor: str,
    lang: str = "lv",
) -> EntryOutcome:
    """Check and store ``fields`` (indicator code → text as typed) for ``municipality``'s
    entry of ``network``'s round of ``year``; see the module's rules.

    A closed round, an unknown network and a municipality that is no member in ``year``
    raise one sentence (:class:`BenchlearnError`); field errors come back in the outcome.
    """
    sheet = entry_sheet(engine, network, year, municipality, lang)
    if sheet.state == "closed":
        raise BenchlearnError.of("ent_round_closed", {"network": network, "year": year})
    errors, rows = _read(sheet, fields, lang)
    if errors:
        return EntryOutcome(errors=errors)
    if not rows:
        return EntryOutcome()
    import pandas as pd

    frame = pd.DataFrame(
        rows, columns=["municipality", "indicator", "year", "value", "status", "row"]
    ).assign(value_column=[r[1] for r in rows])
    withdrawn: list[bool] = []

    def before_commit(connection: Connection, result: ImportResult) -> None:
        # Inside the batch's turn: a round closed since the check above refuses it here.
        refuse_if_closed(connection, network, year)
        net, place = network_id(connection, network), municipality_id(connection, municipality)
        withdrawn.append(withdraw(connection, net, year, place))
        detail = f"batch {result.batch_id}: {result.inserted} new, {result.updated} changed"
        detail += "; submission withdrawn" if withdrawn[-1] else ""
        record(connection, "entry_saved", f"{network}/{year}/{municipality}", actor=actor,
               detail=detail)  # fmt: skip

    source = entry_source(network, year, municipality)
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()
    try:
        result = import_rows(engine, frame, source=source, sha256=digest, kind="entry",
                             before_commit=before_commit)  # fmt: skip
    except ImportRejected as rejected:
        return EntryOutcome(errors=_problems(sheet, rejected.problems, rows, lang))
    return EntryOutcome(
        batch_id=result.batch_id,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        withdrawn=any(withdrawn),
    )


Row = tuple[str, str, int, float | None, str | None, int]


def _read(
    sheet: EntrySheet, fields: Mapping[str, str], lang: str
) -> tuple[dict[str, str], list[Row]]:
    """Every field's error, or the rows to import (``row``: the field's place in the form)."""
    errors: dict[str, str] = {}
    rows: list[Row] = []
    place = {code: i for i, code in enumerate(sheet.codes, start=1)}
    for code, text in fields.items():
        if code not in place:
            values = {"field": shortened(code), "network": sheet.network, "year": sheet.year}
            errors[code] = say("ent_unknown_field", lang, values)
            continue
        entry = sheet.fields[place[code] - 1]
        if text.strip() == ".." and entry.value == "..":
            continue  # the confidential figure stays as it was stored, never shown
        reading = read_field(entry, text, lang)
        if reading.error is not None:
            errors[code] = reading.error_text(lang)
        elif reading.given:
            rows.append((sheet.municipality, code, sheet.year, reading.value, reading.status,
                         place[code]))  # fmt: skip
    ordered = {code: errors[code] for code in [*sheet.codes, *fields] if code in errors}
    return ordered, sorted(rows, key=lambda r: r[5])


def _problems(
    sheet: EntrySheet, problems: list[Problem], rows: list[Row], lang: str
) -> dict[str, str]:
    """The importer's problems as field errors: each by the field it names (its row in
    the save, else the indicator a broken rule is reported on), naming the indicator."""
    by_row = {r[5]: r[1] for r in rows}
    errors: dict[str, str] = {}
    for problem in problems:
        code = by_row.get(problem.row or -1) or problem.column or ""
        name = sheet.field(code).name if code in sheet.codes else code
        if problem.key == "imp_rule":
            message = problem.values["message"]
            text = str(message.get(lang) or message["en"]) if isinstance(message, Mapping) \
                else str(message)  # fmt: skip
            sentence = say("ent_rule", lang, {"name": name, "message": text})
        else:
            sentence = say("ent_problem", lang, {"name": name, "problem": problem.text(lang)})
        errors[code] = f"{errors[code]} {sentence}" if code in errors else sentence
    return errors


def submit_entry(
    engine: Engine, network: str, year: int, municipality: str, actor: str, lang: str = "lv"
) -> dt.datetime:
    """Mark ``municipality``'s entry of the round as submitted by ``actor``; when (UTC).

    Refused with one sentence in ``lang`` (:class:`BenchlearnError`) when the round is
    closed, nothing of the network's own figures is stored, or the control rules find
    an error in the municipality's figures (a required one missing, a rule broken).
    """
    entry_sheet(engine, network, year, municipality, lang)  # a member, else one sentence
    with one_writer(engine) as connection:
        net, place = network_id(connection, network), municipality_id(connection, municipality)
        withdraw(connection, net, year, place)  # the write that takes SQLite's lock first
        refuse_if_closed(connection, network, year)
        _refuse_errors(connection, network, year, municipality, lang)
        when = record_submission(connection, net, year, place, actor)
        record(connection, "entry_submitted", f"{network}/{year}/{municipality}", actor=actor)
    return when


def _refuse_errors(
    connection: Connection, network: str, year: int, municipality: str, lang: str
) -> None:
    """One sentence when nothing is stored, or listing every error the rules find."""
    from benchlearn.definitions.store import stored_definitions
    from benchlearn.rules import check, returned_members

    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    values = {"network": network, "year": year}
    if not returned_members(connection, definitions, chosen, year, [municipality]):
        raise BenchlearnError.of("ent_submit_nothing", values)
    found = check(connection, definitions, network, year, [municipality], lang=lang)
    errors = found[found["severity"] == "error"]
    if len(errors):
        names = {c: i.label(lang) for c, i in definitions.indicators.items()}
        listed = [
            f"{names.get(code, code)}: {message}" if code else str(message)
            for code, message in zip(errors["indicator"], errors["message"], strict=True)
        ]
        raise BenchlearnError.of("ent_submit_errors", {**values, "errors": listed})
