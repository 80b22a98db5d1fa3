"""`benchlearn pull --since-last`: only what is newer than each indicator's last pull.

Through the replay server (:mod:`tests.replay`): Kolada v3 filters by
``from_date``, a PxWeb v1 table gains a year, a PxWeb v2 table's ``updated``
stamp stays or changes. The last pull's time is set in the database, so the
dates printed are known.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select, update

from benchlearn.cli import cli
from benchlearn.definitions.model import PullSource
from benchlearn.definitions.store import load_definitions
from benchlearn.importing.pull.http import Client
from benchlearn.importing.pull.pull import PullJob, fetch
from benchlearn.importing.pull.records import LastPull
from benchlearn.models import ImportBatch, PullRecord
from benchlearn.registry.municipalities import load_municipalities
from tests.replay import DATA, Answer, KoladaV3, PxWebV1, Replay
from tests.test_pull import FAST, IRS031, count, definitions_yaml, observations

V3 = "/v3/data/kpi/N01951/year/"


@pytest.fixture
def db(engine: Engine, db_url: str, replay: Replay, tmp_path: Path) -> str:
    load_municipalities(engine, DATA / "registry-lv.csv")
    load_municipalities(engine, DATA / "registry-se.csv")
    path = tmp_path / "pull.yaml"
    path.write_text(definitions_yaml(replay.url + IRS031), encoding="utf-8")
    load_definitions(engine, [path])
    return db_url


def pull(db_url: str, tmp_path: Path, replay: Replay, *args: str, lang: str = "en") -> object:
    options = ["--cache", str(tmp_path / "cache"), "--kolada-url", replay.url + "/v3", *FAST]
    return CliRunner().invoke(cli, ["--lang", lang, "--db", db_url, "pull", *options, *args])


def last_pulled(engine: Engine, when: dt.datetime) -> None:
    with engine.begin() as connection:
        connection.execute(update(PullRecord).values(pulled_at=when))


def records(engine: Engine) -> list[tuple[str, str | None, list[int]]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(PullRecord.indicator, PullRecord.updated, PullRecord.years).order_by(
                PullRecord.indicator
            )
        )
        return [(i, u, list(y)) for i, u, y in rows]


def test_kolada_is_asked_for_figures_changed_since_the_day_before_the_last_pull(
    db: str, engine: Engine, replay: Replay, tmp_path: Path
) -> None:
    figures = KoladaV3.n01951()
    replay.routes[("GET", V3)] = figures.route
    kolada = ["--indicator", "INHABITANTS", "--years", "2014-2017"]
    first = pull(db, tmp_path, replay, *kolada)
    last_pulled(engine, dt.datetime(2026, 11, 1, 10, 0))
    ale = next(v for v in figures.values if (v["municipality"], v["period"]) == ("1440", 2017))
    ale["values"][0]["value"] = 29000.0
    figures.changed[("1440", 2017)] = "2026-11-15"

    changed = pull(db, tmp_path, replay, *kolada, "--since-last")

    assert first.exit_code == 0, first.output
    assert changed.exit_code == 0, changed.output
    assert replay.seen[-1].query == {"per_page": "5000", "from_date": "2026-10-31"}
    assert changed.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 1 values from 1 calls "
        "(0 from the cache)\n"
        "  imported as batch 2: 0 new, 1 changed, 0 unchanged\n"
    )
    assert observations(engine)[("1440", "INHABITANTS", 2017)] == 29000
    assert records(engine) == [("INHABITANTS", None, [2014, 2015, 2016, 2017])]


def test_nothing_new_since_the_last_pull_is_said_and_is_no_error(
    db: str, engine: Engine, replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", V3)] = KoladaV3.n01951().route
    kolada = ["--indicator", "INHABITANTS", "--years", "2014-2017"]
    pull(db, tmp_path, replay, *kolada)
    last_pulled(engine, dt.datetime(2026, 12, 1, 6, 30))

    english = pull(db, tmp_path, replay, *kolada, "--since-last")
    last_pulled(engine, dt.datetime(2026, 12, 1, 6, 30))
    latvian = pull(db, tmp_path, replay, *kolada, "--since-last", "--no-cache", lang="lv")

    assert (english.exit_code, latvian.exit_code) == (0, 0)
    assert replay.seen[-1].query == {"per_page": "5000", "from_date": "2026-11-30"}
    assert english.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 0 values from 1 calls "
        "(0 from the cache)\n"
        "  nothing new since 2026-12-01\n"
    )
    assert latvian.stdout == (
        f"{replay.url}/v3/data/kpi/N01951: INHABITANTS, 0 vērtības no 1 pieprasījumiem "
        "(0 no kešatmiņas)\n"
        "  nekā jauna kopš 01.12.2026\n"
    )
    assert count(engine, ImportBatch) == 1


def test_a_pxweb_v1_table_is_asked_only_for_the_years_it_gained(
    db: str, engine: Engine, replay: Replay, tmp_path: Path
) -> None:
    table = PxWebV1.irs031()
    replay.routes[("GET", IRS031)] = table.route
    replay.routes[("POST", IRS031)] = table.route
    first = pull(db, tmp_path, replay, "--indicator", "POP_AVG")
    last_pulled(engine, dt.datetime(2026, 11, 1, 10, 0))
    same = pull(db, tmp_path, replay, "--indicator", "POP_AVG", "--since-last")
    time, area = (
        next(v for v in table.metadata["variables"] if v["code"] == c) for c in ("TIME", "AREA")
    )
    time["values"].append("2025")
    time["valueTexts"].append("2025")
    for number, code in enumerate(area["values"]):
        table.cells[("POP_AVG", code, "IRS031", "2025")] = 1000.0 + number
    posts = len(replay.calls("POST"))

    gained = pull(db, tmp_path, replay, "--indicator", "POP_AVG", "--since-last")

    asked = [json.loads(s.body) for s in replay.calls("POST")[posts:]]
    assert (first.exit_code, same.exit_code, gained.exit_code) == (0, 0, 0)
    assert same.stdout == (
        f"{replay.url}{IRS031}: POP_AVG, 0 values from 1 calls (0 from the cache)\n"
        "  nothing new since 2026-11-01\n"
    )
    assert [q["selection"]["values"] for b in asked for q in b["query"] if q["code"] == "TIME"] == [
        ["2025"]
    ]
    assert gained.stdout == (
        f"{replay.url}{IRS031}: POP_AVG, 35 values from 2 calls (0 from the cache)\n"
        "  imported as batch 2: 35 new, 0 changed, 0 unchanged\n"
    )
    assert observations(engine)[("LV-016", "POP_AVG", 2025)] == 1005  # LV0025000, the 6th
    assert records(engine) == [("POP_AVG", None, list(range(2012, 2026)))]


def test_a_dry_run_records_no_pull(db: str, engine: Engine, replay: Replay, tmp_path: Path) -> None:
    replay.routes[("GET", V3)] = KoladaV3.n01951().route

    result = pull(
        db, tmp_path, replay, "--indicator", "INHABITANTS", "--years", "2015", "--dry-run"
    )

    assert result.exit_code == 0, result.output
    assert records(engine) == []


TAB638 = "/api/v2/tables/TAB638"


def v2_fetch(replay: Replay, updated: str) -> tuple[list[str], int]:
    import pandas as pd

    for tail, name in (("/metadata", "metadata"), ("/data", "data")):
        body = (DATA / f"scb_v2_TAB638_{name}.json").read_bytes()
        replay.routes[("GET", TAB638 + tail)] = lambda seen, base, body=body: Answer(200, body)
    select_ = {"Civilstand": "OG", "Alder": "0", "Kon": "1", "ContentsCode": "BE0101N1"}
    source = PullSource("pxweb", replay.url + TAB638, select_, "code")
    registry = pd.DataFrame({"code": ["00"], "name": ["Riket"], "kind": ["country"]})
    before = LastPull("BOYS_0", source.location, dt.datetime(2026, 3, 1), updated, (2024,))

    found = fetch(
        Client(), PullJob("pxweb", source.location, (("BOYS_0", source),)), registry,
        last={"BOYS_0": before},
    )  # fmt: skip
    return [s.path for s in replay.seen], len(found.rows)


def test_a_pxweb_v2_table_with_the_same_updated_stamp_is_not_asked_for_data(
    replay: Replay,
) -> None:
    assert v2_fetch(replay, "2025-02-21T07:00:00Z") == ([TAB638 + "/metadata"], 0)


def test_a_pxweb_v2_table_with_a_new_updated_stamp_is_asked_again(replay: Replay) -> None:
    assert v2_fetch(replay, "2024-02-21T07:00:00Z") == (
        [TAB638 + "/metadata", TAB638 + "/data"],
        1,
    )
