"""`benchlearn pull` from Kolada's API v3 (the default), through the replay server.

The answers are those of ``tests/data/pull/kolada_v3_N01951.json`` (see SOURCE.txt),
paged by the replay server as v3 pages them: ``page``, ``per_page`` and ``next_url``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions
from benchlearn.importing.pull import kolada
from benchlearn.registry.municipalities import load_municipalities
from tests.replay import DATA, Answer, KoladaV3, Replay
from tests.test_pull import FAST, definitions_yaml, observations

V3 = "/v3/data/kpi/N01951/year/"


@pytest.fixture
def v3(replay: Replay) -> KoladaV3:
    found = KoladaV3.n01951()
    replay.routes[("GET", V3)] = found.route
    return found


@pytest.fixture
def se_db(engine: Engine, db_url: str, replay: Replay, tmp_path: Path) -> str:
    load_municipalities(engine, DATA / "registry-se.csv")
    path = tmp_path / "pull.yaml"
    path.write_text(definitions_yaml("https://example.org/api/v1/t"), encoding="utf-8")
    load_definitions(engine, [path])
    return db_url


def pull(db_url: str, tmp_path: Path, base: str, *args: str, lang: str = "en") -> object:
    options = ["--cache", str(tmp_path / "cache"), "--kolada-url", base, *FAST]
    return CliRunner().invoke(
        cli,
        ["--lang", lang, "--db", db_url, "pull", "--indicator", "INHABITANTS", *options, *args],
    )


def test_v3_is_the_default_and_asks_25_years_at_a_time() -> None:
    urls = kolada.data_urls("N01951", range(1990, 2027))

    assert urls == [
        "https://api.kolada.se/v3/data/kpi/N01951/year/"
        + ",".join(map(str, range(1990, 2015)))
        + "?per_page=5000",
        "https://api.kolada.se/v3/data/kpi/N01951/year/"
        + ",".join(map(str, range(2015, 2027)))
        + "?per_page=5000",
    ]
    assert kolada.data_urls("N01951", [2015, 2014], "https://api.kolada.se/v2") == [
        "https://api.kolada.se/v2/data/kpi/N01951/year/2014,2015"
    ]


def test_a_v3_pull_follows_next_url_and_imports_every_figure_but_the_deleted(
    se_db: str, engine: Engine, replay: Replay, v3: KoladaV3, tmp_path: Path
) -> None:
    result = pull(se_db, tmp_path, replay.url + "/v3", "--years", "2013-2017")

    values = observations(engine)
    assert result.exit_code == 0, result.output
    assert [(s.path, s.query) for s in replay.seen] == [
        (V3 + "2013,2014,2015,2016,2017", {"per_page": "5000"}),
        (V3 + "2013,2014,2015,2016,2017", {"per_page": "5000", "page": "2"}),
    ]
    assert result.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 48 values from 2 calls "
        "(0 from the cache)\n"
        "  imported as batch 1: 48 new, 0 changed, 0 unchanged\n"
    )
    assert len(values) == 48
    assert values[("1440", "INHABITANTS", 2014)] == 28423  # Ale
    assert values[("0604", "INHABITANTS", 2014)] == 6426  # Aneby
    assert ("1440", "INHABITANTS", 2013) not in values  # marked isdeleted by Kolada


def test_more_than_25_years_are_asked_in_two_requests(
    se_db: str, engine: Engine, replay: Replay, v3: KoladaV3, tmp_path: Path
) -> None:
    result = pull(se_db, tmp_path, replay.url + "/v3", "--years", "1990-2026")

    assert result.exit_code == 0, result.output
    assert [(s.path.rsplit(",", 1)[1], s.query.get("page")) for s in replay.seen] == [
        ("2014", None),  # 1990-2014: 2014's 13 figures, one page
        ("2026", None),  # 2015-2026: 37 figures, two pages of 30
        ("2026", "2"),
    ]
    assert result.stdout.startswith(
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 48 values from 3 calls"
    )
    assert len(observations(engine)) == 48


def test_a_v3_answer_of_no_figures_imports_nothing(
    se_db: str, engine: Engine, replay: Replay, v3: KoladaV3, tmp_path: Path
) -> None:
    result = pull(se_db, tmp_path, replay.url + "/v3", "--years", "2020-2021")

    assert result.exit_code == 0, result.output
    assert [s.query for s in replay.seen] == [{"per_page": "5000"}]
    assert result.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 0 values from 1 calls "
        "(0 from the cache)\n"
        "  nothing changed: 0 values as stored\n"
    )
    assert observations(engine) == {}


def test_a_retired_v2_is_named_with_the_option_that_fixes_it(
    se_db: str, engine: Engine, replay: Replay, tmp_path: Path
) -> None:
    result = pull(se_db, tmp_path, replay.url + "/v2", "--years", "2015")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Pulling\nError: {replay.url}/v2/data/kpi/N01951/year/2015: Kolada answered 404: "
        "its API v2 was shut down on 31 March 2026; pull from v3 with "
        "--kolada-url https://api.kolada.se/v3 (the default)\n"
    )
    assert observations(engine) == {}


def test_the_retired_v2_is_told_in_latvian_too(se_db: str, replay: Replay, tmp_path: Path) -> None:
    result = pull(se_db, tmp_path, replay.url + "/v2", "--years", "2015", lang="lv")

    assert result.exit_code == 1
    assert result.stderr.endswith(
        f": {replay.url}/v2/data/kpi/N01951/year/2015: Kolada atbildēja 404: tās API v2 "
        "darbība tika izbeigta 2026. gada 31. martā; lejupielādējiet no v3 ar --kolada-url "
        "https://api.kolada.se/v3 (noklusējums)\n"
    )


def test_an_answer_that_is_not_json_is_one_line(se_db: str, replay: Replay, tmp_path: Path) -> None:
    replay.routes[("GET", V3)] = lambda seen, base: Answer(200, b"<html>maintenance</html>")

    result = pull(se_db, tmp_path, replay.url + "/v3", "--years", "2015")

    assert result.exit_code == 1
    assert result.stderr == (
        f"Pulling\nError: {replay.url}/v3/data/kpi/N01951/year/2015?per_page=5000: "
        "Kolada's answer is not JSON\n"
    )
