"""Who has returned a year's figures for a network: the data round's status and reminder list.

A network's status counts only its **own** indicators
(:func:`benchlearn.rules.own_indicators`): those its form asks that no other
network's form asks. The population, which the T2, T3 and NVPT forms all ask,
is stored once whichever form brings it, so it cannot tell which form came
back: a municipality that returned only its T2 form has not returned its NVPT
form, however many shared values it has. (Telling forms apart by the batch
that wrote a value does not work either: a shared value that a second form
repeats unchanged keeps the batch of the first, and a re-import records no
batch at all.) ``benchlearn check`` uses the same rule for its "form not
returned" lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from benchlearn.definitions.store import stored_definitions
from benchlearn.models import (
    ImportBatch,
    Indicator,
    Municipality,
    Observation,
    ObservationRevision,
)
from benchlearn.registry.municipalities import contacts as _contacts
from benchlearn.registry.municipalities import municipality_names, network_members
from benchlearn.rules import asked_indicators, own_indicators

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions import Definitions

COLUMNS = [
    "municipality",
    "name",
    "contact",
    "returned",
    "filled",
    "total",
    "completeness",
    "received",
    "last_import",
    "missing",
    "via",
    "submitted",
]
#: How figures come in, as a batch's ``kind`` says: a returned Excel form, typed online
#: (:mod:`benchlearn.entry`), or a data file; in this order in ``via``.
CHANNELS = ("form", "entry", "import")
#: Statuses that answer a question: "." not applicable, ".." confidential ("-" is missing).
ANSWERED_STATUSES = (".", "..")


def form_status(
    connection: Connection,
    network: str,
    year: int,
    *,
    lang: str = "en",
    definitions: Definitions | None = None,
    members: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Who has returned the year's figures for ``network``, how complete, and what is missing.

    One row per member, by code. Columns: ``municipality, name, contact,
    returned, filled, total, completeness, received, last_import, missing, via,
    submitted``:

    * ``contact``: the member's ``contact`` (else ``email``) attribute in the
      registry, else empty;
    * ``returned``: a value or a status for at least one of the network's own
      indicators in ``year``; ``filled`` of ``total``: the own indicators
      answered, with a number, "." (not applicable) or ".." (confidential); a
      "-" is a missing answer, so a form is complete when ``filled == total``;
      ``completeness``: ``filled / total`` (0 to 1, three decimals);
    * ``received``: when the form first came in: the earliest import that wrote
      one of its own values, corrected since or not (a reverted import does not
      count). A correction after the deadline leaves an on-time form on time;
    * ``last_import``: when the latest of those values was imported (a
      correction when later than ``received``); both in the machine's local time
      zone (aware datetimes, to the minute), else None;
    * ``missing``: the names (in ``lang``) of the own indicators without an
      answer, then of the shared ones nobody has supplied yet: a list, which JSON
      keeps as an array and CSV and tables join by ``"; "``;
    * ``via``: how the own values held now came in, of :data:`CHANNELS` (a list:
      ``form``, ``entry`` for figures typed online, ``import`` for a data file);
    * ``submitted``: when the member submitted its figures online
      (:func:`benchlearn.entry.submit_entry`), local time as ``received``, else None.

    ``definitions`` and ``members``: those already read (a Context's), so a caller that
    has them does not read them again.
    """
    import pandas as pd

    definitions = definitions or stored_definitions(connection)
    chosen = definitions.network(network)
    asked = asked_indicators(definitions, chosen)
    own = own_indicators(definitions, chosen)
    members = list(members) if members is not None else network_members(connection, chosen, year)
    found: dict[str, dict[str, tuple[bool, dt.datetime | None]]] = {}
    kinds: dict[str, set[str]] = {}
    for code, indicator, value, status, when, kind in connection.execute(
        select(
            Municipality.code, Indicator.code, Observation.value, Observation.status,
            ImportBatch.created_at, ImportBatch.kind,
        )
        .join(Observation, Observation.municipality_id == Municipality.id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .outerjoin(ImportBatch, ImportBatch.id == Observation.batch_id)
        .where(Observation.year == year, Indicator.code.in_(asked), Municipality.code.in_(members))
    ):  # fmt: skip
        answered = value is not None or status in ANSWERED_STATUSES
        found.setdefault(code, {})[indicator] = (answered, when)
        if indicator in own and kind is not None:
            kinds.setdefault(code, set()).add(kind)
    submitted = submissions(connection, chosen.code, year)
    first = first_imports(connection, own, year, members)
    names = municipality_names(connection)
    contacts = _contacts(connection)
    labels = {code: definitions.indicators[code].label(lang) for code in asked}
    rows = []
    for member in members:
        held = found.get(member, {})
        mine = [code for code in own if code in held]
        filled = [code for code in mine if held[code][0]]
        times = [at for code in mine if (at := held[code][1]) is not None]
        missing = [code for code in own if code not in filled]
        missing += [
            code for code in asked if code not in own and not held.get(code, (False, None))[0]
        ]
        rows.append(
            (
                member,
                names.get(member, member),
                contacts.get(member, ""),
                bool(mine),
                len(filled),
                len(own),
                round(len(filled) / len(own), 3) if own else 0.0,
                local_time(first[member]) if member in first else None,
                local_time(max(times)) if times else None,
                [labels[code] for code in missing],
                [kind for kind in CHANNELS if kind in kinds.get(member, ())],
                local_time(submitted[member]) if member in submitted else None,
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def submissions(connection: Connection, network: str, year: int) -> dict[str, dt.datetime]:
    """Member → when it submitted its figures of ``year`` for ``network`` online (UTC)."""
    from benchlearn.models import EntrySubmission, Network

    query = (
        select(Municipality.code, EntrySubmission.submitted_at)
        .join(EntrySubmission, EntrySubmission.municipality_id == Municipality.id)
        .join(Network, Network.id == EntrySubmission.network_id)
        .where(Network.code == network, EntrySubmission.year == year)
    )
    return {code: when for code, when in connection.execute(query)}


def first_imports(
    connection: Connection, codes: Sequence[str], year: int, members: Sequence[str]
) -> dict[str, dt.datetime]:
    """Member → when the first import that wrote one of ``codes`` for ``year`` was made.

    The imports that wrote the current values and those that wrote values since
    replaced (kept as revisions) both count, so a correction never moves the
    receipt date; an import that was reverted does not count. Derived from what
    is stored, no column of its own: the batch of each value and revision.
    """
    from sqlalchemy import func, union_all

    written = union_all(
        select(Observation.municipality_id, Observation.indicator_id, Observation.batch_id).where(
            Observation.year == year
        ),
        select(
            ObservationRevision.municipality_id,
            ObservationRevision.indicator_id,
            ObservationRevision.batch_id,
        ).where(ObservationRevision.year == year),
    ).subquery()
    query = (
        select(Municipality.code, func.min(ImportBatch.created_at))
        .join(written, written.c.municipality_id == Municipality.id)
        .join(Indicator, Indicator.id == written.c.indicator_id)
        .join(ImportBatch, ImportBatch.id == written.c.batch_id)
        .where(
            Indicator.code.in_(list(codes)),
            Municipality.code.in_(list(members)),
            ImportBatch.reverted_by.is_(None),
            ImportBatch.kind != "revert",
        )
        .group_by(Municipality.code)
    )
    return {code: when for code, when in connection.execute(query) if when is not None}


def local_time(when: dt.datetime) -> dt.datetime:
    """A stored time (naive UTC) in the machine's local time zone, to the minute."""
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(second=0, microsecond=0)
