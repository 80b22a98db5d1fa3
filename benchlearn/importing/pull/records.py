"""What the last successful pull of each indicator from each source saw, for `pull --since-last`.

One row of ``pull_records`` per indicator and source (the source's URL, as a
batch names it): when it was pulled (UTC, naive), the source's own stamp of
its last change (a PxWeb table's ``updated``) and the years the source had.
Written after every pull that imported (a dry run writes none), read before a
``--since-last`` pull. An indicator is the key rather than a table or KPI, so
that one added to a table already pulled is pulled whole the first time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select, tuple_

from benchlearn.models import PullRecord


@dataclass(frozen=True)
class LastPull:
    """One indicator's last successful pull from one source."""

    indicator: str
    source: str
    pulled_at: dt.datetime
    updated: str | None
    years: tuple[int, ...]


def last_pulls(connection: Connection, source: str) -> dict[str, LastPull]:
    """The last pulls from ``source``, by indicator code."""
    columns = (PullRecord.indicator, PullRecord.pulled_at, PullRecord.updated, PullRecord.years)
    rows = connection.execute(select(*columns).where(PullRecord.source == source))
    return {
        indicator: LastPull(indicator, source, pulled_at, updated, tuple(years or ()))
        for indicator, pulled_at, updated, years in rows
    }


def record_pulls(engine: Engine, pulls: Iterable[LastPull]) -> None:
    """Keep ``pulls`` as the last of their indicators and sources (in one transaction)."""
    found = list(pulls)
    if not found:
        return
    keys = [(p.indicator, p.source) for p in found]
    pair = tuple_(PullRecord.indicator, PullRecord.source)
    with engine.begin() as connection:
        connection.execute(delete(PullRecord).where(pair.in_(keys)))
        connection.execute(
            insert(PullRecord),
            [
                {
                    "indicator": p.indicator,
                    "source": p.source,
                    "pulled_at": p.pulled_at,
                    "updated": p.updated,
                    "years": list(p.years),
                }
                for p in found
            ],
        )
