"""Good practice: examples municipalities share, shown beside their learning partners.

LPS's benchlearning kept good-practice descriptions next to the figures, so a
municipality that finds a better-performing peer can read what that peer did.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.orm import aliased

from benchlearn.errors import BenchlearnError
from benchlearn.messages import LANGUAGES, phrase
from benchlearn.models import Indicator, Municipality, Network, Practice

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["id", "municipality", "network", "indicator", "year", "title", "url", "text"]


def add_practice(
    engine: Engine,
    *,
    municipality: str,
    network: str,
    title: str,
    indicator: str | None = None,
    url: str | None = None,
    text: str | None = None,
    year: int | None = None,
) -> int:
    """Store a practice; every unknown code is reported at once. Returns its id."""
    if not title.strip():
        raise BenchlearnError.of("reg_practice_title")
    if url and not url.startswith(("http://", "https://")):
        raise BenchlearnError.of("reg_practice_url", {"url": url})
    with engine.begin() as connection:
        problems = []
        municipality_id = _id(connection, Municipality, municipality)
        network_id = _id(connection, Network, network)
        indicator_id = _id(connection, Indicator, indicator) if indicator else None
        if municipality_id is None:
            problems.append(phrase("imp_unknown_municipality", {"code": municipality}))
        if network_id is None:
            problems.append(phrase("reg_unknown_network", {"code": network}))
        if indicator and indicator_id is None:
            problems.append(phrase("imp_unknown_indicator", {"code": indicator}))
        if problems:
            every = {lang: "; ".join(p[lang] for p in problems) for lang in LANGUAGES}
            raise BenchlearnError.of("reg_all", {"items": every})
        return int(
            connection.execute(
                insert(Practice)
                .values(
                    municipality_id=municipality_id,
                    network_id=network_id,
                    indicator_id=indicator_id,
                    title=title.strip(),
                    url=url,
                    text=text,
                    year=year,
                    created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                )
                .returning(Practice.id)
            ).scalar_one()
        )


def _id(
    connection: Connection, model: type[Municipality | Network | Indicator], code: str
) -> int | None:
    return connection.execute(select(model.id).where(model.code == code)).scalar()


def practices(
    connection: Connection, *, network: str | None = None, municipality: str | None = None
) -> pd.DataFrame:
    """Stored practices.

    Columns: ``id, municipality, network, indicator, year, title, url, text``.
    """
    import pandas as pd

    ind = aliased(Indicator)
    query = (
        select(
            Practice.id,
            Municipality.code,
            Network.code,
            ind.code,
            Practice.year,
            Practice.title,
            Practice.url,
            Practice.text,
        )
        .join(Municipality, Municipality.id == Practice.municipality_id)
        .join(Network, Network.id == Practice.network_id)
        .outerjoin(ind, ind.id == Practice.indicator_id)
        .order_by(Practice.id)
    )
    if network:
        query = query.where(Network.code == network)
    if municipality:
        query = query.where(Municipality.code == municipality)
    frame = pd.DataFrame(connection.execute(query).all(), columns=COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def remove_practice(engine: Engine, practice_id: int) -> None:
    """Delete a practice by id."""
    with engine.begin() as connection:
        gone = connection.execute(delete(Practice).where(Practice.id == practice_id)).rowcount
    if not gone:
        raise BenchlearnError.of("reg_no_practice", {"id": practice_id})


def with_practice(partners: pd.DataFrame, shared: pd.DataFrame) -> pd.DataFrame:
    """Add a ``practice`` column to learning partners: the partner's practice for that
    indicator (or for the network in general), as "title (url)".

    ``shared`` is the network's practice as :func:`practices` reads it.
    """
    notes = []
    for indicator, partner in zip(partners["indicator"], partners["partner"], strict=True):
        mine = shared[shared["municipality"] == partner]
        exact = mine[mine["indicator"] == indicator]
        chosen = exact if len(exact) else mine[mine["indicator"].isna()]
        notes.append(
            "; ".join(
                f"{t} ({u})" if isinstance(u, str) and u else str(t)
                for t, u in zip(chosen["title"], chosen["url"], strict=True)
            )
        )
    return partners.assign(practice=notes)


def practice_notes(connection: Connection, network: str, partners: pd.DataFrame) -> pd.DataFrame:
    """:func:`with_practice` with the network's practice read from the database."""
    return with_practice(partners, practices(connection, network=network))
