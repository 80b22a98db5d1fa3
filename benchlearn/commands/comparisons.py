"""The comparison commands: one typed function each, opening the database once
(:mod:`benchlearn.commands` says why the edge is built this way)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn import compare
from benchlearn.compare import ClusterResult, Context, FunnelResult, Similar, open_context
from benchlearn.definitions import StructuralSpec

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.shrinkage import Shrunk


@contextmanager
def context(
    engine: Engine,
    network: str,
    year: int,
    *,
    peers: str = "network",
    boundaries: int | None = None,
    confidence: float = 95.0,
    require_data: bool = True,
    comparator: str | None = None,
    window: int | None = None,
) -> Iterator[Context]:
    """One connection and one Context for the length of a command (see
    :func:`~benchlearn.context.open_context` for ``require_data``)."""
    with engine.connect() as connection:
        yield open_context(
            connection,
            network,
            year,
            peers=peers,
            boundaries=boundaries,
            confidence=confidence,
            require_data=require_data,
            comparator=comparator,
            window=window,
        )


def rank(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> pd.DataFrame:
    """``benchlearn rank``: see :func:`benchlearn.compare.rank`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        return compare.rank(ctx, indicator=indicator, since=since)


def ranking(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> compare.Ranking:
    """``benchlearn rank`` as printed: see :func:`benchlearn.compare.ranking`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        return compare.ranking(ctx, indicator=indicator, since=since)


@contextmanager
def ranking_pieces(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> Iterator[compare.RankingPieces]:
    """:func:`ranking` with its table in pieces, made while the block runs (the connection
    is open): see :func:`benchlearn.compare.ranking_pieces`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        yield compare.ranking_pieces(ctx, indicator=indicator, since=since)


def similar(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int = 15,
    municipality: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> Similar:
    """``benchlearn similar``: see :func:`benchlearn.compare.similar`."""
    with context(engine, network, year, require_data=False, window=window) as ctx:
        return compare.similar(ctx, k=k, municipality=municipality, variables=variables)


def explain(
    engine: Engine,
    network: str,
    year: int,
    a: str,
    b: str,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> pd.DataFrame:
    """``benchlearn similar --explain``: see :func:`benchlearn.compare.explain`."""
    with context(engine, network, year, require_data=False, window=window) as ctx:
        return compare.explain(ctx, a, b, variables)


def clusters(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int | None = None,
    auto: bool = False,
    compare: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> ClusterResult:
    """``benchlearn clusters``: see :func:`benchlearn.compare.clusters`."""
    from benchlearn.compare import clusters as ward

    with context(engine, network, year, require_data=False, window=window) as ctx:
        return ward(ctx, k=k, auto=auto, compare=compare, variables=variables)


def index(
    engine: Engine,
    network: str,
    year: int,
    *,
    normalisation: str | None = None,
    aggregation: str | None = None,
    min_coverage: float | None = None,
    draws: int = 1000,
    seed: int = 0,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """``benchlearn index``: see :func:`benchlearn.compare.index`."""
    with context(engine, network, year, boundaries=boundaries) as ctx:
        return compare.index(
            ctx,
            normalisation=normalisation,
            aggregation=aggregation,
            min_coverage=min_coverage,
            draws=draws,
            seed=seed,
        )


def partners(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    *,
    peers: str = "network",
    k: int = 15,
    per_indicator: int = 3,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> pd.DataFrame:
    """``benchlearn partners``: see :func:`benchlearn.compare.partners` (with contact and
    good practice)."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        ctx.require_member(municipality)
        ctx.require_peers(municipality)
        return compare.partners(ctx, municipality, k=k, per_indicator=per_indicator)


def funnel(
    engine: Engine,
    network: str,
    year: int,
    indicator: str,
    *,
    peers: str = "network",
    adjust: bool = False,
) -> FunnelResult:
    """``benchlearn funnel``: see :func:`benchlearn.compare.funnel`; around the peers'
    pooled value, which a funnel plot's limits are built for."""
    with context(engine, network, year, peers=peers, comparator="pooled") as ctx:
        return compare.funnel(ctx, indicator, adjust=adjust)


def shrink(
    engine: Engine,
    network: str,
    year: int,
    indicator: str,
    *,
    toward: Sequence[str] = (),
    peers: str = "network",
    confidence: float = 95.0,
) -> Shrunk:
    """``benchlearn shrink``: see :func:`benchlearn.shrinkage.shrink_indicator`."""
    from benchlearn.shrinkage import shrink_indicator

    with context(engine, network, year, peers=peers, confidence=confidence) as ctx:
        return shrink_indicator(ctx, indicator, toward)
