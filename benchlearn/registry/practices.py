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
    """Learning partners with their good practice, from ``partners`` (``indicator, partner``).

    Adds ``on_indicator`` (the partner has a practice recorded on that very
    indicator: it is named first), ``practice`` (the titles), ``practice_text``
    and ``practice_url`` (in full), each joined by "; " when there are several;
    a practice on the network in general is shown when there is none on the
    indicator. ``shared`` is the network's practice as :func:`practices` reads it.
    """
    import pandas as pd

    keys = pd.MultiIndex.from_arrays([partners["partner"], partners["indicator"]])
    on = shared[shared["indicator"].notna()]
    general = shared[shared["indicator"].isna()]
    # One text per partner and indicator (and per partner in general), joined in the
    # order the practice was recorded; then looked up for every row at once.
    exact = _joined(on, ["municipality", "indicator"]).reindex(keys)
    other = _joined(general, ["municipality"]).reindex(partners["partner"])
    found = partners.assign(on_indicator=exact["rows"].notna().to_numpy())
    for column, source in (("practice", "title"), ("practice_text", "text"),
                           ("practice_url", "url")):  # fmt: skip
        texts = exact[source].where(exact["rows"].notna().to_numpy(), other[source].to_numpy())
        found[column] = texts.fillna("").to_numpy(dtype=object)
    return found


def _joined(shared: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per ``keys``: the number of practices (``rows``) and their titles, texts and links
    joined by "; " (blank ones left out)."""
    import pandas as pd

    grouped = shared.groupby(keys, sort=False)
    joined = {c: grouped[c].agg(_join) for c in ("title", "text", "url")}
    return pd.DataFrame({"rows": grouped.size().astype(float), **joined})


def _join(values: pd.Series) -> str:
    return "; ".join(str(v) for v in values if _given(v))


def _given(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def practice_notes(connection: Connection, network: str, partners: pd.DataFrame) -> pd.DataFrame:
    """:func:`with_practice` with the network's practice read from the database."""
    return with_practice(partners, practices(connection, network=network))
