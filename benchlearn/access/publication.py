"""Publishing a network's restricted values of a year: a facilitator's approval, kept.

A network may set an embargo (``release: {month: 6, day: 30, years_after: 1}``):
its restricted values of year Y may become public on that day of year Y + 1.
They become public only once a facilitator approves (``benchlearn publish``):
on the embargo's day, or on the day of approval when that day has passed or
the network sets none. Each approval is a row of ``publications`` that is never
changed, so the table is the history of what was published, by whom and when;
:func:`benchlearn.access.scope.read_scope` reads the ones in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select

from benchlearn.definitions import Definitions
from benchlearn.errors import BenchlearnError
from benchlearn.messages import LANGUAGES, date
from benchlearn.models import Network, Publication

if TYPE_CHECKING:
    import pandas as pd

#: What :func:`publications` returns.
COLUMNS = ["network", "year", "approved_at", "approved_by", "released_on"]


@dataclass(frozen=True)
class Approval:
    """An approved publication: the network's restricted values of ``year`` are public from
    ``released_on`` (``waiting``: a day after the approval, the embargo's)."""

    network: str
    year: int
    approved_at: dt.datetime
    released_on: dt.date
    waiting: bool


def publish(
    connection: Connection,
    definitions: Definitions,
    network: str,
    year: int,
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Approval:
    """Approve the publication of ``network``'s restricted values of ``year`` and record it.

    Refused with one sentence when the year was approved before (its row says when);
    ``now`` (UTC, default the clock) is when it was approved.
    """
    chosen = definitions.network(network)
    network_id = connection.execute(select(Network.id).where(Network.code == chosen.code)).scalar()
    if network_id is None:  # defined in files, not loaded
        raise BenchlearnError.of("cmp_unknown_network", {"code": network, "known": network})
    earlier = connection.execute(
        select(Publication.approved_at, Publication.released_on).where(
            Publication.network_id == network_id, Publication.year == year
        )
    ).first()
    if earlier is not None:
        raise BenchlearnError.of(
            "aud_already_published",
            {
                "network": chosen.code,
                "year": year,
                "approved": dated(earlier.approved_at.date()),
                "day": dated(earlier.released_on),
            },
        )
    moment = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None)
    embargo = chosen.release.date_for(year) if chosen.release is not None else None
    released_on = max(embargo, moment.date()) if embargo is not None else moment.date()
    connection.execute(
        insert(Publication).values(
            network_id=network_id,
            year=year,
            approved_at=moment,
            approved_by=by,
            released_on=released_on,
        )
    )
    return Approval(chosen.code, year, moment, released_on, released_on > moment.date())


def dated(day: dt.date) -> dict[str, str]:
    """A day as each language writes it, for a message's placeholder."""
    return {lang: date(day, lang) for lang in LANGUAGES}


def publications(connection: Connection) -> pd.DataFrame:
    """Every approved publication, oldest approval first. Columns: :data:`COLUMNS`."""
    import pandas as pd

    rows = connection.execute(
        select(
            Network.code,
            Publication.year,
            Publication.approved_at,
            Publication.approved_by,
            Publication.released_on,
        )
        .join(Network, Network.id == Publication.network_id)
        .order_by(Publication.approved_at, Publication.id)
    ).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
