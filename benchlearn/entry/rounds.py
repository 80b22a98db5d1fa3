"""A network's data round of a year: closed and reopened by a facilitator, submitted by members.

Online entry writes through the importer (:mod:`benchlearn.importing.write`),
which runs one import at a time. Closing a round and submitting an entry take
the same turn (:func:`one_writer`), so a save never slips in between a
submission's check and its record, nor lands in a round just closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from sqlalchemy import Connection, Engine, delete, insert, select, text

from benchlearn.accounts.audit import record
from benchlearn.accounts.model import utc_now
from benchlearn.database import SQLITE_WAIT, waiting_writer
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing.write import IMPORT_LOCK
from benchlearn.limits import LENGTHS
from benchlearn.models import EntryRound, EntrySubmission, Municipality, Network

#: Where a municipality's entry of a round stands.
State = Literal["open", "submitted", "closed"]


@contextmanager
def one_writer(engine: Engine) -> Iterator[Connection]:
    """A transaction that waits for its turn among imports and entry saves.

    On PostgreSQL it takes the importer's advisory lock first. On SQLite the write lock
    comes with the first write, so the caller writes before it reads (it deletes the row
    it is about to write again): what it then reads, no other writer can change.
    """
    with engine.connect() as connection, waiting_writer(connection):
        if connection.in_transaction():  # SQLite's pragma began one
            connection.commit()
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SET LOCAL lock_timeout = {int(SQLITE_WAIT * 1000)}"))
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
            yield connection


def network_id(connection: Connection, network: str) -> int:
    """The stored network's id; an unknown code is the definitions' own one sentence."""
    stored_definitions(connection).network(network)
    found = connection.execute(select(Network.id).where(Network.code == network)).scalar_one()
    return int(found)


def municipality_id(connection: Connection, municipality: str) -> int:
    """The municipality's id (the caller has checked that it is a member)."""
    query = select(Municipality.id).where(Municipality.code == municipality)
    return int(connection.execute(query).scalar_one())


def closed(connection: Connection, network: int, year: int) -> tuple[dt.datetime, str] | None:
    """When and by whom the round was closed, or None while it is open."""
    row = connection.execute(
        select(EntryRound.closed_at, EntryRound.closed_by).where(
            EntryRound.network_id == network,
            EntryRound.year == year,
            EntryRound.closed_at.is_not(None),
        )
    ).first()
    if row is None or row[0] is None:
        return None
    return row[0], row[1] or ""


def refuse_if_closed(connection: Connection, network: str, year: int) -> None:
    """One sentence when the round is closed: nothing may be saved or submitted then."""
    if closed(connection, network_id(connection, network), year) is not None:
        raise BenchlearnError.of("ent_round_closed", {"network": network, "year": year})


def submission(
    connection: Connection, network: int, year: int, municipality: int
) -> tuple[dt.datetime, str] | None:
    """When and by whom the entry was submitted, or None."""
    row = connection.execute(
        select(EntrySubmission.submitted_at, EntrySubmission.submitted_by).where(
            EntrySubmission.network_id == network,
            EntrySubmission.year == year,
            EntrySubmission.municipality_id == municipality,
        )
    ).first()
    return None if row is None else (row[0], row[1])


def withdraw(connection: Connection, network: int, year: int, municipality: int) -> bool:
    """Remove the entry's submission, if any: True when there was one."""
    done = connection.execute(
        delete(EntrySubmission).where(
            EntrySubmission.network_id == network,
            EntrySubmission.year == year,
            EntrySubmission.municipality_id == municipality,
        )
    )
    return bool(done.rowcount)


def record_submission(
    connection: Connection, network: int, year: int, municipality: int, actor: str
) -> dt.datetime:
    """Store the submission (after :func:`withdraw` in the same transaction); its time."""
    now = utc_now()
    connection.execute(
        insert(EntrySubmission).values(
            network_id=network,
            year=year,
            municipality_id=municipality,
            submitted_at=now,
            submitted_by=actor[: LENGTHS["entry_submissions.submitted_by"]],
        )
    )
    return now


def close_round(engine: Engine, network: str, year: int, actor: str) -> None:
    """Close ``network``'s round of ``year``: online entry then refuses to save or submit.

    Excel forms and files still import: the facilitator who closes the round is the one
    who imports what comes in late. Closing a closed round records the new closing.
    """
    _set_round(engine, network, year, actor, close=True)


def reopen_round(engine: Engine, network: str, year: int, actor: str) -> None:
    """Open a closed round again; submissions made before it was closed still stand."""
    _set_round(engine, network, year, actor, close=False)


def _set_round(engine: Engine, network: str, year: int, actor: str, *, close: bool) -> None:
    with one_writer(engine) as connection:
        chosen = network_id(connection, network)
        connection.execute(
            delete(EntryRound).where(EntryRound.network_id == chosen, EntryRound.year == year)
        )
        if close:
            connection.execute(
                insert(EntryRound).values(
                    network_id=chosen,
                    year=year,
                    closed_at=utc_now(),
                    closed_by=actor[: LENGTHS["entry_rounds.closed_by"]],
                )
            )
        action = "round_closed" if close else "round_reopened"
        record(connection, action, f"{network}/{year}", actor=actor)
