"""Comparisons from the database on the real samples: rank, similar, clusters, index, partners."""

from __future__ import annotations

import io
import statistics

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.analysis.ranking import COLUMNS as RANKING
from benchlearn.cli import cli
from benchlearn.commands import clusters, index, partners, rank, similar
from benchlearn.demo import load_sample
from benchlearn.errors import BenchlearnError
from benchlearn.registry.peers import peer_pairs

# The contract: rank's columns, then the intervals and significance of indicators with counts.
COLUMNS = [
    *RANKING, "rank_low", "rank_high", "numerator", "denominator", "ci95_low", "ci95_high", "ci998_low", "ci998_high",
    "comparator", "significance",
]  # fmt: skip


@pytest.fixture
def uk(engine: Engine) -> Engine:
    load_sample(engine, "uk-asc")
    return engine


@pytest.fixture(scope="module")
def kostra(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    from benchlearn.database import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('kostra') / 'k.db'}")
    upgrade(engine)
    load_sample(engine, "no-kostra")
    return engine


def test_rank_columns_and_group_peers_use_exactly_the_loaded_lists(uk: Engine) -> None:
    out = rank(uk, "ASC", 2021, indicator="ASC3", peers="group:nn")
    with uk.connect() as connection:
        pairs = peer_pairs(connection, "nn")
    values = rank(uk, "ASC", 2021, indicator="ASC3", peers="all").set_index("municipality")["value"]

    assert out.columns.tolist() == COLUMNS
    for council in ["E06000001", "E09000001", "E10000007"]:
        mine = out[out["municipality"] == council].iloc[0]
        peers = {council, *pairs.loc[pairs["municipality"] == council, "peer"]}
        present = values.reindex(sorted(peers)).dropna()
        assert int(mine["n"]) == len(present)
        assert mine["peer_median"] == pytest.approx(statistics.median(present))


def test_rank_since_adds_changes(uk: Engine) -> None:
    out = rank(uk, "ASC", 2021, indicator="ASC3", since=2016)

    row = out[out["municipality"] == "E06000001"].iloc[0]
    assert row["value_change"] == pytest.approx(row["value"] - row["value_since"])
    assert row["rank_change"] == row["rank_since"] - row["rank"]


def test_attribute_peers_and_unknown_specs(uk: Engine) -> None:
    out = rank(uk, "ASC", 2021, indicator="ASC3", peers="attr:region")

    assert out["n"].max() < 40  # within a region, not all of England
    with pytest.raises(BenchlearnError, match="no such attribute"):
        rank(uk, "ASC", 2021, peers="attr:nope")
    with pytest.raises(BenchlearnError, match="expected one of"):
        rank(uk, "ASC", 2021, peers="friends")


def test_index_on_the_sample(uk: Engine) -> None:
    out = index(uk, "ASC", 2021, draws=100)

    ranked = out.dropna(subset=["rank"])
    assert out.columns.tolist() == [
        "municipality",
        "score",
        "rank",
        "rank_low",
        "rank_high",
        "rank_median",
        "coverage",
    ]
    assert ranked["rank"].iloc[0] == 1
    assert (ranked["rank_low"] <= ranked["rank_high"]).all()
    assert (out["coverage"].between(0, 1)).all()


def test_partners_do_clearly_better(uk: Engine) -> None:
    out = partners(uk, "E10000031", "ASC", 2021, peers="group:nn")
    # Hartlepool is better than its nearest neighbours' median everywhere: nobody to visit.
    strong = partners(uk, "E06000001", "ASC", 2021, peers="group:nn")

    assert out.columns.tolist() == [
        "indicator",
        "partner",
        "partner_value",
        "own_value",
        "gap",
        "similarity",
        "contact",
        "practice",
        "practice_text",
        "practice_url",
    ]
    assert strong.empty
    assert (out["gap"] > 0).all() and len(out) > 0
    # Only where it is behind (not ASC2, where it is ahead; on ASC5, 0.1 MAD behind, none of
    # its peers is clearly better), a few per indicator, each clearly better.
    assert out["indicator"].unique().tolist() == ["ASC1", "ASC3", "ASC4"]
    assert out.groupby("indicator").size().max() <= 3
    for _, rows in out.groupby("indicator"):  # no structural variables: by gap
        assert rows["similarity"].isna().all() and rows["gap"].is_monotonic_decreasing
    ranked = rank(uk, "ASC", 2021, peers="group:nn").set_index(["municipality", "indicator"])
    for code in out["indicator"].unique():
        own = ranked.loc[("E10000031", code)]
        assert own["robust_z"] < 0 or own["significance"] == "worse"
    pairs = zip(out["partner"], out["indicator"], strict=True)
    assert all(
        ranked.loc[(p, i), "significance"] == "better"
        or ranked.loc[(p, i), "band"] in ("better", "much better")
        for p, i in pairs
    )


def test_similar_on_kostra_explains_oslo(kostra: Engine) -> None:
    found = similar(kostra, "KOSTRA", 2015, k=5, municipality="0301")
    near, excluded = found.neighbours, found.excluded

    assert near.columns.tolist() == ["municipality", "neighbour", "order", "distance", "similarity"]
    assert near["neighbour"].tolist()[:3] == [
        "1201",
        "1601",
        "1103",
    ]  # Bergen, Trondheim, Stavanger
    assert near["order"].tolist() == [1, 2, 3, 4, 5]
    # 25 municipalities without OPEX_TOTAL_PER_INH are compared on POP alone, and marked.
    assert len(excluded) == 0 and set(excluded.columns) == {"municipality", "missing"}
    assert found.partial is not None and len(found.partial) == 25
    assert set(found.partial["missing"]) == {"OPEX_TOTAL_PER_INH"}
    assert found.years == {"POP": (2015, 2015), "OPEX_TOTAL_PER_INH": (2015, 2015)}


def test_clusters_compare_with_official_kostra_groups(kostra: Engine) -> None:
    result = clusters(kostra, "KOSTRA", 2015, auto=True, compare="kostra_group")

    assert result.silhouettes is not None and result.adjusted_rand is not None
    assert 0 < result.adjusted_rand < 1
    assert result.crosstab is not None and int(result.crosstab.to_numpy().sum()) > 350
    assert result.assignments["cluster"].min() == 1


def test_rank_cli_csv_header(kostra: Engine) -> None:
    url = str(kostra.url)

    result = CliRunner().invoke(
        cli, ["--db", url, "rank", "--network", "KOSTRA", "--year", "2015", "--format", "csv"]
    )

    assert result.exit_code == 0, result.output
    # CSV has the name beside the code and the peer group last, for spreadsheet readers.
    assert COLUMNS[0] == "municipality"
    expected = ["municipality", "name", *COLUMNS[1:], "peer_group"]
    assert result.output.splitlines()[0] == ",".join(expected)
    frame = pd.read_csv(io.StringIO(result.output))
    assert np.isin(
        frame["band"].dropna().unique(),
        [
            "much better",
            "better",
            "slightly better",
            "broadly similar",
            "slightly worse",
            "worse",
            "much worse",
        ],
    ).all()


def test_se_sample_ranks_against_kolada_similar_municipalities(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from benchlearn.database import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('se') / 's.db'}")
    upgrade(engine)
    load_sample(engine, "se-municipalities")

    out = rank(
        engine,
        "SE",
        2014,
        indicator="HOMECARE_COST_PER_RECIPIENT",
        peers="group:kolada_aldreomsorg",
    )
    groups = clusters(engine, "SE", 2014, k=9, compare="skr_group")

    assert out["n"].max() <= 8 and out["rank"].notna().sum() > 250
    assert groups.adjusted_rand is not None and groups.adjusted_rand > 0
