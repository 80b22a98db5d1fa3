"""`benchlearn pull` against hostile and broken servers (issue 23, items 7, 9b, 13, 17).

Every server here listens on 127.0.0.1 and is bounded in time and bytes (it
stops sending after a few MB or a few seconds, whatever the client does); the
client's limits are lowered to match (``small_limits``), so each case ends in
well under a second. Each case asserts the one sentence a user reads, the
exit code, and that the database is as it was, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections.abc import Callable, Iterator
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.database import make_engine, upgrade
from benchlearn.definitions.model import PullSource
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull import http, kolada
from benchlearn.importing.pull.pull import Fetched, PullJob, fetch
from benchlearn.models import ImportBatch, Observation
from benchlearn.registry.municipalities import load_municipalities, municipalities_frame
from tests.replay import DATA, Answer, KoladaV3, PxWebV1, Replay, Seen
from tests.test_pull import FAST, IRS031, count

V3 = "/v3/data/kpi/N01951/year/"
#: The most one hostile server sends, and for how long, whatever the client does.
SERVER_BYTES = 4_000_000
SERVER_SECONDS = 3.0
#: Answers refused while they are read touch no storage at all: the size and time cases
#: run end to end on SQLite, the wait, redirect, page, cache and 9b cases on both
#: backends; answers refused for what they hold are read by `fetch` itself (the step
#: before anything is written), which is quicker.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def definitions(url: str, *, hosts: str = "", pop_max: str = "") -> str:
    return f"""indicators:
  - code: POP_AVG
    name: Annual average population
    unit: persons
    direction: neutral{pop_max}
    pull: {{pxweb: "{url}", select: {{INDICATOR: POP_AVG, ContentsCode: IRS031}}, match: csb_code{hosts}}}
  - code: INHABITANTS
    name: Inhabitants
    unit: persons
    direction: neutral
    pull: {{kolada: N01951{hosts}}}
"""


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits a test reaches in milliseconds: 1 MB, half a second, 5 pages."""
    monkeypatch.setattr(http, "MAX_ANSWER_BYTES", 1_000_000)
    monkeypatch.setattr(http, "ANSWER_SECONDS", 0.5)
    monkeypatch.setattr(kolada, "MAX_PAGES", 5)


def prepare(engine: Engine, tmp_path: Path, url: str, **options: str) -> None:
    load_municipalities(engine, DATA / "registry-lv.csv")
    load_municipalities(engine, DATA / "registry-se.csv")
    path = tmp_path / "pull.yaml"
    path.write_text(definitions(url, **options), encoding="utf-8")
    load_definitions(engine, [path])


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The Latvian and Swedish test registries, for cases that fail before anything is
    stored (read once: a database for each would only cost time)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('registry') / 'r.db'}")
    upgrade(engine)
    load_municipalities(engine, DATA / "registry-lv.csv")
    load_municipalities(engine, DATA / "registry-se.csv")
    with engine.connect() as connection:
        found = municipalities_frame(connection)
    engine.dispose()
    return found


def fetch_source(
    registry: pd.DataFrame, kind: str, base: str, years: list[int] | None = None
) -> Fetched:
    """One source fetched as `pull` fetches it: IRS031 from PxWeb, or N01951 from Kolada v3."""
    if kind == "kolada":
        source = PullSource("kolada", "N01951")
        job = PullJob("kolada", "N01951", (("INHABITANTS", source),))
    else:
        select = {"INDICATOR": "POP_AVG", "ContentsCode": "IRS031"}
        source = PullSource("pxweb", base + IRS031, select, "csb_code")
        job = PullJob("pxweb", source.location, (("POP_AVG", source),))
    client = http.Client(wait_scale=0.001)
    return fetch(client, job, registry, years=years or [2020], kolada_url=base + "/v3")


def pull(db_url: str, tmp_path: Path, base: str, *args: str, lang: str = "en") -> Result:
    options = ["--cache", str(tmp_path / "cache"), "--kolada-url", base + "/v3", *FAST]
    return CliRunner().invoke(cli, ["--lang", lang, "--db", db_url, "pull", *options, *args])


def untouched(engine: Engine) -> bool:
    return count(engine, Observation) == 0 and count(engine, ImportBatch) == 0


def error(result: Result) -> str:
    """The one sentence of a refused pull (after the progress label)."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] in ("Pulling", "Lejupielādē") and len(lines) == 2, result.stderr
    return lines[1]


# --- a server that streams: endless, a bomb, a drip ---------------------------------


class Streamer:
    """A server whose every answer is written by ``behaviour(handler)``, bounded by
    :data:`SERVER_BYTES` and :data:`SERVER_SECONDS`."""

    def __init__(self, behaviour: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.requests = 0
        streamer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                with contextlib.suppress(OSError):  # the client left mid-request
                    super().handle()

            def do_GET(self) -> None:
                streamer.requests += 1
                with contextlib.suppress(OSError):  # the client left, as it should
                    behaviour(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def streamer(request: pytest.FixtureRequest) -> Iterator[Callable[..., Streamer]]:
    started: list[Streamer] = []

    def start(behaviour: Callable[[BaseHTTPRequestHandler], None]) -> Streamer:
        started.append(Streamer(behaviour))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b" " * 65536
    sent, start = 0, time.monotonic()
    while sent < SERVER_BYTES and time.monotonic() - start < SERVER_SECONDS:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sent += len(chunk)


@cache
def bomb() -> bytes:
    """20 MB of spaces, gzipped to about 20 KB (the issue's was 3 MB growing past 1.5 GB)."""
    return gzip.compress(b" " * 20_000_000, compresslevel=6)


def gzip_bomb(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(bomb())))
    handler.end_headers()
    handler.wfile.write(bomb())


def drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    start = time.monotonic()
    while time.monotonic() - start < SERVER_SECONDS:
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.02)


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    start = time.monotonic()
    while time.monotonic() - start < SERVER_SECONDS:
        handler.wfile.write(b"X")
        handler.wfile.flush()
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("behaviour", "says"),
    [
        (endless, "127.0.0.1's answer to {url} is larger than 1 MB, more than any statistics "
         "answer; benchlearn stopped reading it"),
        (gzip_bomb, "127.0.0.1's answer to {url} is larger than 1 MB, more than any statistics "
         "answer; benchlearn stopped reading it"),
        (drip, "127.0.0.1 did not finish its answer to {url} within 0.5 s; benchlearn gave up"),
        (drip_headers, "127.0.0.1 did not finish its answer to {url} within 0.5 s; "
         "benchlearn gave up"),
    ],
    ids=["endless", "gzip-bomb", "drip", "drip-headers"],
)  # fmt: skip
@SQLITE_ONLY  # what a server does touches no storage: PostgreSQL's turn is the cases below
def test_an_answer_too_big_or_too_slow_is_one_sentence_and_writes_nothing(
    engine: Engine,
    db_url: str,
    tmp_path: Path,
    streamer: Callable[..., Streamer],
    small_limits: None,
    behaviour: Callable[[BaseHTTPRequestHandler], None],
    says: str,
) -> None:
    server = streamer(behaviour)
    prepare(engine, tmp_path, server.url + IRS031)
    bomb()  # made before the clock starts

    started = time.monotonic()
    result = pull(db_url, tmp_path, server.url, "--indicator", "POP_AVG")

    assert time.monotonic() - started < 2.5
    assert result.exit_code == 1
    assert error(result) == "Error: " + says.format(url=server.url + IRS031)
    assert server.requests == 1
    assert untouched(engine)


def test_the_size_limit_is_said_in_latvian(
    streamer: Callable[..., Streamer], small_limits: None
) -> None:
    server = streamer(gzip_bomb)

    with pytest.raises(http.PullError) as raised:
        http.Client().get(server.url + "/t")

    assert raised.value.text("lv") == (
        f"servera 127.0.0.1 atbilde uz {server.url}/t ir lielāka par 1 MB – vairāk nekā "
        "jebkura statistikas atbilde; benchlearn pārtrauca to lasīt"
    )


# --- a server that asks to wait, redirects, pages for ever ---------------------------


def test_a_retry_after_beyond_the_cap_gives_up_at_once(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay
) -> None:
    replay.script = [Answer(503, b"busy", {"Retry-After": "999999"})]
    prepare(engine, tmp_path, replay.url + IRS031)

    started = time.monotonic()
    result = pull(db_url, tmp_path, replay.url, "--indicator", "POP_AVG")

    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert error(result) == (
        "Error: 127.0.0.1 asks to wait 999999 s before it answers, longer than benchlearn "
        "waits for one answer (120 s); try again later"
    )
    assert len(replay.seen) == 1
    assert untouched(engine)


def test_waits_that_add_up_beyond_the_cap_give_up(replay: Replay) -> None:
    replay.script = [Answer(429, b"", {"Retry-After": "70"}) for _ in range(3)]
    client = http.Client(wait_scale=0.0001)

    with pytest.raises(http.PullError) as raised:
        client.get(replay.url + "/t")

    assert str(raised.value) == (
        "127.0.0.1 asks to wait 70 s before it answers, longer than benchlearn waits for "
        "one answer (120 s); try again later"
    )
    assert len(replay.seen) == 2  # asked again once, after 70 s; 140 s is over the cap


def pxweb_elsewhere(replay: Replay, target: str) -> PxWebV1:
    """IRS031 on ``replay``, whose metadata route sends the client to ``target``."""
    table = PxWebV1.irs031()
    replay.routes[("GET", IRS031)] = lambda seen, base: Answer(302, b"", {"Location": target})
    replay.routes[("GET", "/moved" + IRS031)] = table.route
    replay.routes[("POST", IRS031)] = table.route
    return table


def test_a_redirect_to_another_host_is_refused_naming_both(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay
) -> None:
    port = replay.url.rsplit(":", 1)[1]
    pxweb_elsewhere(replay, f"http://localhost:{port}/moved{IRS031}")
    prepare(engine, tmp_path, replay.url + IRS031)

    result = pull(db_url, tmp_path, replay.url, "--indicator", "POP_AVG")

    assert result.exit_code == 1
    assert error(result) == (
        f"Error: 127.0.0.1 sent benchlearn from {replay.url}{IRS031} on to another server, "
        "localhost; benchlearn follows only 127.0.0.1 (name localhost in the definition's "
        "pull: hosts: to allow it)"
    )
    assert [s.path for s in replay.seen] == [IRS031]
    assert untouched(engine)


@SQLITE_ONLY
def test_a_redirect_the_definition_allows_is_followed(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay
) -> None:
    port = replay.url.rsplit(":", 1)[1]
    pxweb_elsewhere(replay, f"http://localhost:{port}/moved{IRS031}")
    prepare(engine, tmp_path, replay.url + IRS031, hosts=", hosts: [localhost]")

    result = pull(db_url, tmp_path, replay.url, "--indicator", "POP_AVG", "--years", "2024")

    assert result.exit_code == 0, result.output
    assert [s.path for s in replay.seen] == [IRS031, "/moved" + IRS031, IRS031]
    assert count(engine, Observation) == 35


def test_a_redirect_within_the_host_is_followed(registry: pd.DataFrame, replay: Replay) -> None:
    pxweb_elsewhere(replay, f"/moved{IRS031}")

    found = fetch_source(registry, "pxweb", replay.url, years=[2024])

    assert [s.path for s in replay.seen] == [IRS031, "/moved" + IRS031, IRS031]
    assert len(found.rows) == 35


def test_endless_redirects_give_up(replay: Replay) -> None:
    replay.routes[("GET", "/a")] = lambda seen, base: Answer(301, b"", {"Location": "/a"})

    with pytest.raises(http.PullError) as raised:
        http.Client(wait_scale=0.001).get(replay.url + "/a")

    assert str(raised.value) == (
        f"127.0.0.1 redirected {replay.url}/a more than 5 times; benchlearn gave up"
    )
    assert len(replay.seen) == 6


def kolada_pages(replay: Replay, page: Callable[[Seen, str], dict[str, Any]]) -> None:
    replay.routes[("GET", V3)] = lambda seen, base: Answer.json(page(seen, base))


def test_a_kolada_server_that_always_says_next_page_is_stopped_at_the_page_limit(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay, small_limits: None
) -> None:
    def page(seen: Seen, base: str) -> dict[str, Any]:
        following = int(seen.query.get("page", "1")) + 1
        return {"values": [], "next_url": f"{base}{seen.path}?page={following}"}

    kolada_pages(replay, page)
    prepare(engine, tmp_path, replay.url + IRS031)

    result = pull(db_url, tmp_path, replay.url, "--indicator", "INHABITANTS", "--year", "2020")

    assert result.exit_code == 1
    assert error(result) == (
        f"Error: 127.0.0.1 gave more than 5 pages for {replay.url}{V3}2020?per_page=5000; "
        "benchlearn stopped there"
    )
    assert len(replay.seen) == 5
    assert untouched(engine)


def test_a_kolada_next_page_seen_before_is_a_loop(registry: pd.DataFrame, replay: Replay) -> None:
    kolada_pages(replay, lambda seen, base: {"values": [], "next_url": f"{base}{V3}2020?page=2"})

    with pytest.raises(http.PullError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert str(raised.value) == (
        f"127.0.0.1 gave {replay.url}{V3}2020?page=2 as the next page a second time; "
        "benchlearn stopped rather than go round in a loop"
    )
    assert len(replay.seen) == 2


def test_a_kolada_next_page_on_another_host_is_refused(
    registry: pd.DataFrame, replay: Replay
) -> None:
    kolada_pages(replay, lambda seen, base: {"values": [], "next_url": "http://evil.test/v3/x"})

    with pytest.raises(http.PullError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert str(raised.value) == (
        f"127.0.0.1 sent benchlearn from {replay.url}{V3}2020?per_page=5000 on to "
        "another server, evil.test; benchlearn follows only 127.0.0.1 (name evil.test in the "
        "definition's pull: hosts: to allow it)"
    )


# --- answers that are not what they claim (items 7 and 13) ---------------------------


def figure(municipality: object = "1440", period: object = 2020, value: object = 1.0) -> Any:
    cell = {"gender": "T", "value": value, "status": "", "isdeleted": False}
    return {"kpi": "N01951", "municipality": municipality, "period": period, "values": [cell]}


KOLADA_CASES = {
    "two-figures": (
        [figure(value=28000.0), figure(value=28001.0)],
        "Kolada gives two different figures for municipality 1440, year 2020, gender T: "
        "28000 and 28001",
    ),
    "boolean": ([figure(value=True)], "Kolada's value for municipality 1440, year 2020, gender T "
                "is true, not a number"),
    "text-value": ([figure(value="12")], "Kolada's value for municipality 1440, year 2020, "
                   "gender T is \"12\", not a number"),
    "item-text": (["1440"], "item 1 of Kolada's values is not an object with a municipality, "
                  "a period and values"),
    "period": ([figure(period="2020a")], "Kolada's period '2020a' (municipality 1440) is not "
               "a year"),
}  # fmt: skip


@pytest.mark.parametrize("case", KOLADA_CASES, ids=list(KOLADA_CASES))
def test_a_kolada_figure_that_is_not_as_documented_is_refused_naming_it(
    registry: pd.DataFrame, replay: Replay, case: str
) -> None:
    values, says = KOLADA_CASES[case]
    kolada_pages(replay, lambda seen, base: {"values": values, "next_url": None})

    with pytest.raises(BenchlearnError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert str(raised.value) == f"{kolada_url(replay, case)}: {says}"


def kolada_url(replay: Replay, case: str) -> str:
    """Two figures are found once the pages are put together: the KPI names them."""
    if case == "two-figures":
        return f"{replay.url}/v3/data/kpi/N01951"
    return f"{replay.url}{V3}2020?per_page=5000"


def test_the_same_kolada_figure_twice_is_one(registry: pd.DataFrame, replay: Replay) -> None:
    kolada_pages(replay, lambda seen, base: {"values": [figure(value=5.0)] * 2})

    found = fetch_source(registry, "kolada", replay.url)

    assert found.rows[["municipality", "year", "value"]].to_dict("records") == [
        {"municipality": "1440", "year": 2020, "value": 5.0}
    ]


def test_kolada_figures_are_refused_in_latvian_too(registry: pd.DataFrame, replay: Replay) -> None:
    kolada_pages(replay, lambda seen, base: {"values": [figure(value=True)]})

    with pytest.raises(BenchlearnError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert raised.value.text("lv") == (
        f"{replay.url}{V3}2020?per_page=5000: Kolada vērtība pašvaldībai 1440, "
        "2020. gadam, dzimumam T ir true, nevis skaitlis"
    )


def metadata(**variable: Any) -> dict[str, Any]:
    """IRS031's metadata with its AREA variable changed."""
    found = json.loads((DATA / "irs031_metadata.json").read_text(encoding="utf-8"))
    area = next(v for v in found["variables"] if v["code"] == "AREA")
    area.update(variable)
    return dict(found)


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


PXWEB_CASES = {
    "fewer-texts": (
        Answer.json(metadata(valueTexts=["Riga"])),
        "the metadata's variable AREA has not as many texts as codes (codes: 36, texts: 1)",
    ),
    "no-values": (
        Answer.json(metadata(values=[], valueTexts=[])),
        "the metadata gives variable AREA no values",
    ),
    "deep": (Answer(200, deep(100_000)), "the answer is nested too deeply to be read"),
}


@pytest.mark.parametrize("case", PXWEB_CASES, ids=list(PXWEB_CASES))
def test_pxweb_metadata_that_cannot_be_used_is_refused_naming_the_table(
    registry: pd.DataFrame, replay: Replay, case: str
) -> None:
    answer, says = PXWEB_CASES[case]
    replay.routes[("GET", IRS031)] = lambda seen, base: answer

    with pytest.raises(BenchlearnError) as raised:
        fetch_source(registry, "pxweb", replay.url)

    assert str(raised.value) == f"{replay.url}{IRS031}: {says}"


def test_a_deeply_nested_kolada_page_is_one_sentence(
    registry: pd.DataFrame, replay: Replay
) -> None:
    replay.routes[("GET", V3)] = lambda seen, base: Answer(200, deep(100_000))

    with pytest.raises(BenchlearnError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert str(raised.value) == (
        f"{replay.url}{V3}2020?per_page=5000: the answer is nested too deeply to be read"
    )


# --- the cache ---------------------------------------------------------------------


def test_a_truncated_cache_file_is_said_and_asked_again(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay
) -> None:
    table = PxWebV1.irs031()
    replay.routes[("GET", IRS031)] = table.route
    replay.routes[("POST", IRS031)] = table.route
    prepare(engine, tmp_path, replay.url + IRS031)
    http.Client(cache=tmp_path / "cache").get(replay.url + IRS031)
    path = http.entry_path(tmp_path / "cache", "GET", replay.url + IRS031, None)
    path.write_bytes(path.read_bytes()[:100])
    asked = len(replay.seen)

    result = pull(db_url, tmp_path, replay.url, "--indicator", "POP_AVG", "--year", "2024")

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{replay.url}{IRS031}: POP_AVG, 35 values from 2 calls (0 from the cache)\n"
        "  imported as batch 1: 35 new, 0 changed, 0 unchanged\n"
    )
    assert result.stderr == (
        "Pulling\n"
        f"  note: the cached answer to {replay.url}{IRS031} was damaged ({path}); "
        "it was asked again\n"
        "  note: left out, matching no municipality by csb_code (1): "
        "LV0055000 Varakļāni municipality\n"
    )
    assert [s.method for s in replay.seen[asked:]] == ["GET", "POST"]  # the metadata again


# --- 9b: a source refused after another was imported ---------------------------------


def test_sources_imported_before_a_refusal_are_told(
    engine: Engine, db_url: str, tmp_path: Path, replay: Replay
) -> None:
    table = PxWebV1.irs031()
    replay.routes[("GET", IRS031)] = table.route
    replay.routes[("POST", IRS031)] = table.route
    replay.routes[("GET", V3)] = KoladaV3.n01951().route
    prepare(engine, tmp_path, replay.url + IRS031, pop_max="\n    max: 100")

    result = pull(db_url, tmp_path, replay.url, "--year", "2014")

    assert result.exit_code == 1
    assert result.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 12 values from 1 calls "
        "(0 from the cache)\n"
        "  imported as batch 1: 12 new, 0 changed, 0 unchanged\n"
    )
    assert result.stderr.splitlines()[:3] == [
        "Pulling",
        "Sources imported: 1 of 2 (listed above), before the next was refused:",
        f"Error: {replay.url}{IRS031}: 35 problem(s) in 35 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)",
    ]
    assert count(engine, ImportBatch) == 1

    again = pull(db_url, tmp_path, replay.url, "--year", "2014", lang="lv")

    assert again.stderr.splitlines()[1] == (
        "Importētie avoti: 1 no 2 (uzskaitīti iepriekš), pirms nākamais tika atteikts:"
    )
    assert count(engine, ImportBatch) == 1


def test_a_cache_that_cannot_be_written_is_said_and_the_answer_used(
    replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", "/t")] = lambda seen, base: Answer.json({"ok": True})
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    client = http.Client(cache=blocked)

    answer = client.get(replay.url + "/t")

    path = http.entry_path(blocked, "GET", replay.url + "/t", None)
    assert json.loads(answer) == {"ok": True}
    assert [note.text() for note in client.notes] == [
        f"the answer could not be kept in the cache ({path}: Not a directory); it is used uncached"
    ]


def test_a_refusal_shows_the_server_s_control_characters_escaped(replay: Replay) -> None:
    replay.routes[("GET", "/t")] = lambda seen, base: Answer(400, b"\x1b[2J\x1b[32mOK")

    with pytest.raises(http.PullError) as raised:
        http.Client().get(replay.url + "/t")

    assert str(raised.value) == (
        f"127.0.0.1 answered 400 Bad Request for {replay.url}/t: \\x1b[2J\\x1b[32mOK"
    )


def test_a_redirect_to_no_address_is_refused(replay: Replay) -> None:
    replay.routes[("GET", "/t")] = lambda seen, base: Answer(302, b"", {"Location": "http://["})

    with pytest.raises(http.PullError) as raised:
        http.Client().get(replay.url + "/t")

    assert str(raised.value) == (
        f"127.0.0.1 broke off its answer to {replay.url}/t, or sent one that is not valid HTTP"
    )


def test_a_kolada_next_page_with_control_characters_is_no_address(
    registry: pd.DataFrame, replay: Replay
) -> None:
    kolada_pages(replay, lambda seen, base: {"values": [], "next_url": "/v3/\x1b[2J"})

    with pytest.raises(BenchlearnError) as raised:
        fetch_source(registry, "kolada", replay.url)

    assert str(raised.value) == (
        f"{replay.url}{V3}2020?per_page=5000: Kolada's next page is not an address"
    )
