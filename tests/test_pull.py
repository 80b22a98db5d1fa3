"""`benchlearn pull`: definitions' `pull:`, the HTTP client, splitting, and the command end to end.

No test touches the internet: the real client talks over HTTP to a server on
127.0.0.1 (:mod:`tests.replay`) that answers as data.stat.gov.lv (PxWeb v1)
and Kolada (v2) do, from recorded figures in ``tests/data/pull`` (see its
SOURCE.txt).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from benchlearn.cli import cli
from benchlearn.definitions import read_descriptor
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import Client, PullError, TokenBucket
from benchlearn.importing.pull.pxweb import Table, Variable, plan_queries
from benchlearn.importing.pull.servers import known_hosts, limits_for
from benchlearn.models import ImportBatch, Observation
from benchlearn.registry.municipalities import load_municipalities
from tests.replay import DATA, Answer, Kolada, PxWebV1, Replay

IRS031 = "/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031"
FAST = ["--wait-scale", "0.001"]


@pytest.fixture
def irs031(replay: Replay) -> PxWebV1:
    table = PxWebV1.irs031()
    replay.routes[("GET", IRS031)] = table.route
    replay.routes[("POST", IRS031)] = table.route
    return table


def definitions_yaml(url: str) -> str:
    return f"""indicators:
  - code: POP_AVG
    name: Annual average population
    unit: persons
    direction: neutral
    pull: {{pxweb: "{url}", select: {{INDICATOR: POP_AVG, ContentsCode: IRS031}}, match: csb_code}}
  - code: INHABITANTS
    name: Inhabitants
    unit: persons
    direction: neutral
    pull: {{kolada: N01951}}
"""


@pytest.fixture
def pull_db(engine: Engine, db_url: str, replay: Replay, tmp_path: Path) -> str:
    """A database with the Latvian and Swedish test registries and definitions pulling from
    the replay server."""
    load_municipalities(engine, DATA / "registry-lv.csv")
    load_municipalities(engine, DATA / "registry-se.csv")
    path = tmp_path / "pull.yaml"
    path.write_text(definitions_yaml(replay.url + IRS031), encoding="utf-8")
    load_definitions(engine, [path])
    return db_url


def run(db_url: str, tmp_path: Path, *args: str) -> object:
    cache = str(tmp_path / "cache")
    return CliRunner().invoke(cli, ["--db", db_url, "pull", "--cache", cache, *FAST, *args])


def count(engine: Engine, table: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


# --- definitions ------------------------------------------------------------


def indicator(pull: object) -> dict[str, object]:
    return {"code": "X", "name": "x", "unit": "u", "direction": "neutral", "pull": pull}


def test_a_pull_is_read_into_a_frozen_source_and_written_back() -> None:
    raw = {
        "pxweb": "https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031",
        "select": {"INDICATOR": "POP_SY", "ContentsCode": "IRS031"},
        "match": "csb_code",
        "hosts": ["stat.gov.lv"],
    }

    found, _, problems = read_descriptor({"indicators": [indicator(raw)]}, "f.yaml")

    assert problems == []
    assert found[0].pull is not None
    assert (found[0].pull.kind, found[0].pull.match) == ("pxweb", "csb_code")
    assert found[0].to_descriptor()["pull"] == raw


def test_every_problem_of_a_pull_is_named_with_its_file_and_path() -> None:
    bad = [
        indicator({"sdmx": "x"}),
        indicator({"pxweb": "ftp://example.org/t", "select": {"A": ["1", "2"]}}),
        indicator({"kolada": "population", "select": {"sex": "F"}, "match": "by name"}),
        indicator({"pxweb": "https://x.org/t", "kolada": "N00945"}),
        indicator({"pxweb": "https://x.org/t", "hosts": ["ok.example.org", "not a host"]}),
    ]

    _, _, problems = read_descriptor({"indicators": bad}, "f.yaml")

    assert [str(p) for p in problems] == [
        "f.yaml: indicators[0].pull.sdmx: unknown key "
        "(allowed: hosts, kolada, match, pxweb, select)",
        "f.yaml: indicators[0].pull: must name exactly one source: pxweb or kolada",
        "f.yaml: indicators[1].pull.pxweb: 'ftp://example.org/t' is not an http(s) URL of a PxWeb table",
        "f.yaml: indicators[1].pull.select.A: must be one value code (a string)",
        "f.yaml: indicators[2].pull.kolada: 'population' is not a Kolada KPI id such as N00945",
        "f.yaml: indicators[2].pull.select: Kolada takes only gender (T, K or M)",
        "f.yaml: indicators[2].pull.match: must be code, name or a registry attribute such as csb_code",
        "f.yaml: indicators[3].pull: must name exactly one source: pxweb or kolada",
        "f.yaml: indicators[4].pull.hosts: must be a list of host names such as [data.example.org]",
    ]


def test_a_derived_indicator_cannot_be_pulled() -> None:
    item = {**indicator({"kolada": "N00945"}), "formula": "A / B"}

    _, _, problems = read_descriptor({"indicators": [item]}, "f.yaml")

    assert [str(p) for p in problems] == [
        "f.yaml: indicators[0].pull: a derived indicator is computed, never pulled"
    ]


def test_a_stored_pull_reads_back_equal(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(definitions_yaml("https://data.stat.gov.lv" + IRS031), encoding="utf-8")
    load_definitions(engine, [path])

    with engine.connect() as connection:
        stored = stored_definitions(connection)

    source = stored.indicators["POP_AVG"].pull
    assert source is not None
    assert dict(source.select) == {"INDICATOR": "POP_AVG", "ContentsCode": "IRS031"}
    assert (
        stored.indicators["INHABITANTS"].pull
        == read_descriptor({"indicators": [indicator({"kolada": "N01951"})]}, "x")[0][0].pull
    )


def test_the_builtin_population_says_where_it_comes_from() -> None:
    from benchlearn.definitions import builtin_paths, read_files

    definitions = read_files(builtin_paths())

    source = definitions.indicators["POP"].pull
    assert source is not None
    assert source.location == "https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031"


# --- servers, splitting -----------------------------------------------------


def test_limits_are_data_keyed_by_host() -> None:
    latvia = limits_for("https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031")
    unknown = limits_for("http://127.0.0.1:8000/api/v1/t")

    assert (latvia.calls_per_period, latvia.period_seconds, latvia.max_values) == (100, 10, 3800)
    assert latvia.match == "csb_code"
    assert (unknown.calls_per_period, unknown.period_seconds, unknown.max_values) == (10, 10, 1000)
    assert len(known_hosts()) == 32  # the catalogue's 30 PxWeb servers, SCB's v2 and Kolada


TABLE = Table(
    "https://x.org/t",
    "v1",
    "t",
    (
        Variable("INDICATOR", "Indicator", ("A", "B"), ("a", "b")),
        Variable("AREA", "Area", tuple(f"R{i}" for i in range(10)), tuple("0123456789")),
        Variable("ContentsCode", "Contents", ("C",), ("c",)),
        Variable("TIME", "Time", ("2020", "2021", "2022"), ("2020", "2021", "2022"), True),
    ),
)


def test_a_query_within_the_limit_is_one_call() -> None:
    territory, queries = plan_queries(TABLE, {"INDICATOR": "A"}, None, 30)

    assert territory == "AREA"
    assert queries == [
        {
            "INDICATOR": ["A"],
            "ContentsCode": ["C"],
            "AREA": list(TABLE.variables[1].values),
            "TIME": ["2020", "2021", "2022"],
        }
    ]


def test_a_large_query_is_split_by_years_then_by_territories() -> None:
    _, by_years = plan_queries(TABLE, {"INDICATOR": "A"}, None, 25)
    _, by_places = plan_queries(TABLE, {"INDICATOR": "A"}, [2021, 2022], 4)

    assert [q["TIME"] for q in by_years] == [["2020", "2021"], ["2022"]]
    assert [(q["TIME"], q["AREA"][0], len(q["AREA"])) for q in by_places] == [
        (["2021"], "R0", 4),
        (["2021"], "R4", 4),
        (["2021"], "R8", 2),
        (["2022"], "R0", 4),
        (["2022"], "R4", 4),
        (["2022"], "R8", 2),
    ]


def test_a_select_the_table_does_not_have_is_refused() -> None:
    with pytest.raises(BenchlearnError) as raised:
        plan_queries(TABLE, {"INDICATOR": "Z", "SEX": "T"}, None, 100)

    assert str(raised.value) == (
        "https://x.org/t: select: INDICATOR has no value Z (it has A, B); "
        "select: the table has no variable SEX (it has INDICATOR, AREA, ContentsCode, TIME)"
    )


def test_a_table_whose_territory_cannot_be_told_is_refused() -> None:
    with pytest.raises(BenchlearnError) as raised:
        plan_queries(TABLE, {}, None, 100)

    assert str(raised.value) == (
        "https://x.org/t: cannot tell the territory variable: select one value of every "
        "variable but time and territory (left open: INDICATOR, AREA)"
    )


# --- the HTTP client ----------------------------------------------------------


def test_429_then_503_are_retried_after_the_wait_the_server_asks(replay: Replay) -> None:
    replay.routes[("GET", "/t")] = lambda seen, base: Answer.json({"ok": True})
    replay.script = [
        Answer(429, b"slow down", {"Retry-After": "3"}),
        Answer(503, b"busy", {"Retry-After": "2"}),
    ]
    client = Client(wait_scale=0.02)

    answer = client.get(replay.url + "/t")

    times = [s.at for s in replay.seen]
    assert json.loads(answer) == {"ok": True}
    assert len(replay.seen) == 3
    assert times[1] - times[0] >= 3 * 0.02
    assert times[2] - times[1] >= 2 * 0.02


def test_a_server_that_keeps_refusing_gives_up_with_one_line(replay: Replay) -> None:
    replay.script = [Answer(503, b"busy", {"Retry-After": "1"}) for _ in range(10)]
    client = Client(wait_scale=0.001, retries=2)

    with pytest.raises(PullError) as raised:
        client.get(replay.url + "/t")

    assert len(replay.seen) == 3
    assert str(raised.value) == (
        f"127.0.0.1 answered 503 Service Unavailable for {replay.url}/t: busy"
    )


def test_a_cached_answer_is_read_without_a_call(replay: Replay, tmp_path: Path) -> None:
    replay.routes[("POST", "/t")] = lambda seen, base: Answer.json({"body": seen.body.decode()})
    first = Client(cache=tmp_path)
    second = Client(cache=tmp_path)

    answers = [first.post_json(replay.url + "/t", b'{"q": 1}') for _ in range(2)]
    again = second.post_json(replay.url + "/t", b'{"q": 1}')
    other = second.post_json(replay.url + "/t", b'{"q": 2}')

    assert answers == [again, again]
    assert json.loads(other) == {"body": '{"q": 2}'}
    assert len(replay.seen) == 2
    assert (first.calls, first.cache_hits, second.calls, second.cache_hits) == (1, 1, 1, 1)


def test_refresh_asks_again_and_keeps_the_new_answer(replay: Replay, tmp_path: Path) -> None:
    answers = iter([b"old", b"new", b"newer"])
    replay.routes[("GET", "/t")] = lambda seen, base: Answer(200, next(answers))
    Client(cache=tmp_path).get(replay.url + "/t")

    refreshed = Client(cache=tmp_path, refresh=True).get(replay.url + "/t")
    cached = Client(cache=tmp_path).get(replay.url + "/t")

    assert (refreshed, cached, len(replay.seen)) == (b"new", b"new", 2)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_server_is_one_clear_line() -> None:
    client = Client(wait_scale=0.001, retries=1)

    with pytest.raises(PullError) as raised:
        client.get(f"http://127.0.0.1:{closed_port()}/t")

    assert str(raised.value) == (
        "cannot reach 127.0.0.1: Failed to establish a new connection: "
        "[Errno 111] Connection refused (no internet?)"
    )


def test_the_token_bucket_keeps_the_rate() -> None:
    import time

    bucket = TokenBucket(calls=2, period=0.2)
    start = time.monotonic()

    for _ in range(4):
        bucket.take()

    assert time.monotonic() - start >= 0.19  # two at once, then one every 0.1 s


# --- benchlearn pull, end to end ---------------------------------------------

KOLADA_DATA = "/v2/data/kpi/N01951/year/"


@pytest.fixture
def kolada(replay: Replay) -> Kolada:
    found = Kolada.n01951()
    replay.routes[("GET", KOLADA_DATA)] = found.route
    return found


def pulled_lines(base: str, irs031_calls: int, cached: int = 0) -> str:
    return (
        f"{base}/v2/data/kpi/N01951: INHABITANTS, 48 values from {3 - cached} calls "
        f"({cached} from the cache)\n"
        "  imported as batch 1: 48 new, 0 changed, 0 unchanged\n"
        f"{base}{IRS031}: POP_AVG, 455 values from {irs031_calls} calls (0 from the cache)\n"
        "  imported as batch 2: 455 new, 0 changed, 0 unchanged\n"
    )


NOTE = (
    "Pulling\n"
    "  note: left out, matching no municipality by csb_code (1): "
    "LV0055000 Varakļāni municipality\n"
)


def observations(engine: Engine) -> dict[tuple[str, str, int], float]:
    from benchlearn.models import Indicator, Municipality

    query = (
        select(Municipality.code, Indicator.code, Observation.year, Observation.value)
        .join(Municipality, Municipality.id == Observation.municipality_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
    )
    with engine.connect() as connection:
        return {(m, i, y): v for m, i, y, v in connection.execute(query)}


def test_pull_splits_a_large_query_merges_the_answers_and_imports_every_value(
    pull_db: str, engine: Engine, replay: Replay, irs031: PxWebV1, kolada: Kolada, tmp_path: Path
) -> None:
    irs031.max_values = 100  # the server refuses a query of more values with 403

    result = run(pull_db, tmp_path, "--max-values", "100", "--kolada-url", replay.url + "/v2")

    posts = [json.loads(s.body) for s in replay.calls("POST")]
    asked = sorted(
        t
        for body in posts
        for q in body["query"]
        if q["code"] == "TIME"
        for t in q["selection"]["values"]
    )
    values = observations(engine)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{replay.url}/v2/data/kpi/N01951: INHABITANTS, 48 values from 3 calls (0 from the cache)\n"
        "  imported as batch 1: 48 new, 0 changed, 0 unchanged\n"
        f"{replay.url}{IRS031}: POP_AVG, 455 values from 8 calls (0 from the cache)\n"
        "  imported as batch 2: 455 new, 0 changed, 0 unchanged\n"
    )
    assert result.stderr == NOTE
    assert len(posts) == 7  # 13 years × 35 novadi, two years (70 values) a call
    assert asked == [str(y) for y in range(2012, 2025)]
    areas = [
        q["selection"]["values"] for body in posts for q in body["query"] if q["code"] == "AREA"
    ]
    assert all(len(found) == 35 for found in areas)
    assert len(values) == 455 + 48
    assert values[("LV-016", "POP_AVG", 2024)] == 40774  # Bauskas novads
    assert values[("LV-016", "POP_AVG", 2012)] == 47582
    assert values[("1440", "INHABITANTS", 2014)] == 28423  # Ale
    assert count(engine, ImportBatch) == 2  # one batch per source


def test_a_second_pull_reads_the_cache_and_asks_no_server(
    pull_db: str, engine: Engine, replay: Replay, irs031: PxWebV1, kolada: Kolada, tmp_path: Path
) -> None:
    first = run(pull_db, tmp_path, "--years", "2014-2017", "--kolada-url", replay.url + "/v2")
    calls = len(replay.seen)

    second = run(pull_db, tmp_path, "--years", "2014-2017", "--kolada-url", replay.url + "/v2")

    assert first.exit_code == 0, first.output
    assert calls == 5  # Kolada: 3 pages; IRS031: metadata and one query of 140 values
    assert len(replay.seen) == calls
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        f"{replay.url}/v2/data/kpi/N01951: INHABITANTS, 48 values from 0 calls (3 from the cache)\n"
        "  nothing changed: 48 values as stored\n"
        f"{replay.url}{IRS031}: POP_AVG, 140 values from 0 calls (2 from the cache)\n"
        "  nothing changed: 140 values as stored\n"
    )
    assert count(engine, ImportBatch) == 2


def test_a_dry_run_fetches_and_counts_but_writes_nothing(
    pull_db: str, engine: Engine, replay: Replay, irs031: PxWebV1, tmp_path: Path
) -> None:
    result = run(pull_db, tmp_path, "--indicator", "POP_AVG", "--years", "2024", "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{replay.url}{IRS031}: POP_AVG, 35 values from 2 calls (0 from the cache)\n"
        "  would import 35 new, 0 changed, 0 unchanged (dry run)\n"
    )
    assert count(engine, Observation) == 0
    assert count(engine, ImportBatch) == 0


def test_busy_servers_are_asked_again_after_the_wait_they_ask_for(
    pull_db: str, engine: Engine, replay: Replay, irs031: PxWebV1, tmp_path: Path
) -> None:
    replay.script = [
        Answer(429, b"Too many requests", {"Retry-After": "5"}),
        Answer(503, b"Service unavailable", {"Retry-After": "3"}),
    ]

    result = run(pull_db, tmp_path, "--indicator", "POP_AVG", "--years", "2024")

    times = [s.at for s in replay.seen]
    assert result.exit_code == 0, result.output
    assert [s.method for s in replay.seen] == ["GET", "GET", "GET", "POST"]
    assert times[1] - times[0] >= 5 * 0.001
    assert times[2] - times[1] >= 3 * 0.001
    assert result.stdout == (
        f"{replay.url}{IRS031}: POP_AVG, 35 values from 4 calls (0 from the cache)\n"
        "  imported as batch 1: 35 new, 0 changed, 0 unchanged\n"
    )


def test_a_server_that_is_down_is_one_line_and_nothing_is_written(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    load_municipalities(engine, DATA / "registry-lv.csv")
    path = tmp_path / "d.yaml"
    path.write_text(definitions_yaml(f"http://127.0.0.1:{closed_port()}{IRS031}"), encoding="utf-8")
    load_definitions(engine, [path])

    result = run(db_url, tmp_path, "--indicator", "POP_AVG")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Pulling\nError: cannot reach 127.0.0.1: Failed to establish a new connection: "
        "[Errno 111] Connection refused (no internet?)\n"
    )
    assert count(engine, Observation) == 0
    assert count(engine, ImportBatch) == 0


def test_a_source_that_fails_writes_nothing_of_the_others(
    pull_db: str, engine: Engine, replay: Replay, kolada: Kolada, tmp_path: Path
) -> None:
    result = run(pull_db, tmp_path, "--years", "2014-2017", "--kolada-url", replay.url + "/v2")

    assert result.exit_code == 1
    assert result.stderr == (
        f"Pulling\nError: 127.0.0.1 answered 404 Not Found for {replay.url}{IRS031}: no such table\n"
    )
    assert count(engine, Observation) == 0


def test_pull_names_what_cannot_be_pulled(pull_db: str, tmp_path: Path) -> None:
    unknown = run(pull_db, tmp_path, "--indicator", "NOPE")
    years = run(pull_db, tmp_path, "--years", "2024-2015")

    assert (unknown.exit_code, unknown.stderr) == (1, "Error: unknown indicator 'NOPE'\n")
    assert (years.exit_code, years.stderr) == (
        1,
        "Error: '2024-2015' is not a year or a range of years such as 2015-2024\n",
    )


# --- PxWeb API v2 ---------------------------------------------------------------

TAB638 = "/api/v2/tables/TAB638"


def test_a_pxweb_v2_table_is_read_from_its_metadata_and_data_routes(replay: Replay) -> None:
    import pandas as pd

    from benchlearn.definitions.model import PullSource
    from benchlearn.importing.pull.pull import PullJob, fetch

    for tail, name in (("/metadata", "metadata"), ("/data", "data")):
        body = (DATA / f"scb_v2_TAB638_{name}.json").read_bytes()
        replay.routes[("GET", TAB638 + tail)] = lambda seen, base, body=body: Answer(200, body)
    select = {"Civilstand": "OG", "Alder": "0", "Kon": "1", "ContentsCode": "BE0101N1"}
    source = PullSource("pxweb", replay.url + TAB638 + "?lang=sv", select, "code")
    registry = pd.DataFrame({"code": ["00"], "name": ["Riket"], "kind": ["country"]})

    found = fetch(Client(), PullJob("pxweb", source.location, (("BOYS_0", source),)), registry)

    assert [(s.path, s.query) for s in replay.seen] == [
        (TAB638 + "/metadata", {"lang": "sv"}),
        (
            TAB638 + "/data",
            {
                "lang": "sv",
                "outputFormat": "json-stat2",
                "valueCodes[Civilstand]": "OG",
                "valueCodes[Alder]": "0",
                "valueCodes[Kon]": "1",
                "valueCodes[ContentsCode]": "BE0101N1",
                "valueCodes[Region]": "00",
                "valueCodes[Tid]": "2024",
            },
        ),
    ]
    assert found.rows[["municipality", "indicator", "year", "value"]].to_dict("records") == [
        {"municipality": "00", "indicator": "BOYS_0", "year": 2024, "value": 50937.0}
    ]


# --- what is pulled ---------------------------------------------------------------


def test_a_network_pulls_its_indicators_and_what_they_are_computed_from(tmp_path: Path) -> None:
    from benchlearn.definitions import read_files
    from benchlearn.importing.pull.pull import plan

    path = tmp_path / "d.yaml"
    path.write_text(
        definitions_yaml("https://data.stat.gov.lv" + IRS031)
        + """  - code: KIDS
    name: Children
    unit: persons
    direction: neutral
    pull: {pxweb: "https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031", select: {INDICATOR: POP_SY}}
  - code: KIDS_PER_INH
    name: Children per inhabitant
    unit: share
    direction: neutral
    formula: KIDS / POP_AVG
network:
  code: N
  name: Network
  indicators: [KIDS_PER_INH]
""",
        encoding="utf-8",
    )
    definitions = read_files([path])

    by_network = plan(definitions, network="N")
    everything = plan(definitions)

    assert [(j.kind, j.codes) for j in by_network] == [("pxweb", ("KIDS", "POP_AVG"))]
    assert [(j.kind, j.codes) for j in everything] == [
        ("kolada", ("INHABITANTS",)),
        ("pxweb", ("KIDS", "POP_AVG")),
    ]
