"""`pull` fed random HTTP answers: every outcome is an import or one BenchlearnError sentence.

Hypothesis draws what a server says (status, headers, body: random JSON built
from the words PxWeb and Kolada use, near-valid Kolada pages and PxWeb
metadata, or bytes that are not JSON) and the replay server on 127.0.0.1 says
it, one answer per request. `pull` must then import what it can read or
refuse with one sentence (no other exception, no forbidden word), within a
time bound; the client's limits are small, so no answer can grow large.
"""

from __future__ import annotations

import gzip
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import Client
from benchlearn.importing.pull.pull import plan, pull
from benchlearn.registry.municipalities import load_municipalities
from tests.replay import DATA, Answer, Replay
from tests.test_hostile import FORBIDDEN
from tests.test_pull import IRS031, definitions_yaml

WORDS = ["values", "next_url", "next_page", "municipality", "period", "gender", "value",
         "status", "isdeleted", "variables", "code", "text", "valueTexts", "time", "id",
         "dimension", "category", "index", "label", "size", "role", "updated", "title"]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.sampled_from(["1440", "0604", "0000", "G1", "2020", "2020a", "T", "K", "AREA", "TIME"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), inner, max_size=4),
    ),
    max_leaves=20,
)
CELL = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["T", "K", "T", 1]),
        "value": st.one_of(st.floats(-1e6, 1e6), st.integers(-10, 10**6), SCALARS),
        "status": st.one_of(st.just(""), st.sampled_from(["..", "-", None, 3])),
        "isdeleted": st.booleans(),
    }
)
ITEM = st.one_of(
    st.fixed_dictionaries(
        {
            "municipality": st.sampled_from(["1440", "0604", "0000", "G12", "9999", 1440]),
            "period": st.one_of(st.integers(2013, 2017), SCALARS),
            "values": st.lists(CELL, max_size=3),
        }
    ),
    JSON,
)
KOLADA_PAGE = st.fixed_dictionaries(
    {"values": st.lists(ITEM, max_size=6)},
    optional={"next_url": st.one_of(st.none(), st.sampled_from(["/v3/x", "http://evil.test/"]))},
)


def _metadata(area: list[str], texts: list[str]) -> dict[str, Any]:
    found = json.loads((DATA / "irs031_metadata.json").read_text(encoding="utf-8"))
    for variable in found["variables"]:
        if variable["code"] == "AREA":
            variable["values"], variable["valueTexts"] = area, texts
    return dict(found)


METADATA = st.builds(
    _metadata,
    st.lists(st.sampled_from(["LV0001000", "LV0002000", "X", "LV00000"]), max_size=3),
    st.lists(st.text(max_size=4), max_size=3),
)
BODY = st.one_of(
    JSON.map(lambda d: json.dumps(d).encode()),
    KOLADA_PAGE.map(lambda d: json.dumps(d).encode()),
    METADATA.map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=40),
    st.just(b"\x1b[2J\x1b[32mOK"),
    st.just(b"[" * 5000),
)
HEADERS = st.dictionaries(
    st.sampled_from(["Retry-After", "Location", "Cache-Control", "Content-Encoding", "ETag"]),
    st.sampled_from(
        [
            "1",
            "999999",
            "soon",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "/elsewhere",
            "http://evil.test/x",
            "http://[",
            "max-age=5",
            "no-store",
            "gzip",
            "deflate",
            '"v1"',
            "",
        ]
    ),  # fmt: skip
    max_size=3,
)
STATUS = st.sampled_from([200, 200, 200, 200, 301, 302, 304, 307, 400, 404, 429, 500, 503])
ANSWER = st.builds(Answer, STATUS, BODY, HEADERS)
#: Answers a source's reader gets further with: a Kolada page, or PxWeb metadata then data.
LIKELY = {
    "kolada": st.builds(Answer, st.just(200), KOLADA_PAGE.map(lambda d: json.dumps(d).encode())),
    "pxweb": st.builds(Answer, st.just(200), METADATA.map(lambda d: json.dumps(d).encode())),
}


def gzipped(answer: Answer) -> Answer:
    """Some answers say gzip and are: their body is compressed (the others lie)."""
    if answer.headers.get("Content-Encoding") == "gzip" and answer.body[:1] == b"{":
        return Answer(answer.status, gzip.compress(answer.body), answer.headers)
    return answer


@pytest.fixture
def database(engine: Engine, replay: Replay, tmp_path: Path) -> Engine:
    load_municipalities(engine, DATA / "registry-lv.csv")
    load_municipalities(engine, DATA / "registry-se.csv")
    path = tmp_path / "pull.yaml"
    path.write_text(definitions_yaml(replay.url + IRS031), encoding="utf-8")
    load_definitions(engine, [path])
    return engine


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), which=st.sampled_from(["kolada", "pxweb"]))
def test_random_answers_import_or_give_one_sentence(
    database: Engine, replay: Replay, data: st.DataObject, which: str
) -> None:
    first = data.draw(st.one_of(LIKELY[which], ANSWER))
    replay.script = [first, *data.draw(st.lists(ANSWER.map(gzipped), max_size=4))]
    replay.seen.clear()
    with database.connect() as connection:
        jobs = [j for j in plan(stored_definitions(connection)) if j.kind == which]
    client = Client(wait_scale=0.0001, retries=1, max_bytes=200_000, answer_seconds=2.0)

    started = time.monotonic()
    try:
        pulled = pull(
            database, jobs, client=client, years=[2014, 2024], dry_run=True,
            kolada_url=replay.url + "/v3",
        )  # fmt: skip
    except BenchlearnError as error:
        for lang in ("en", "lv"):
            text = error.text(lang)
            assert text.strip(), error
            assert not any(word in text for word in FORBIDDEN), text
            assert "\x1b" not in text, text
    else:
        for item in pulled:
            rows = item.fetched.rows
            values = rows["value"].tolist()
            statuses = rows["status"].tolist()
            assert all(
                (isinstance(v, float) and math.isfinite(v)) or s
                for v, s in zip(values, statuses, strict=True)
            ), rows
    finally:
        client.close()
    assert time.monotonic() - started < 10
    assert len(replay.seen) <= 40
