"""The pull cache honours the server's headers and expires: how many requests reach the server.

The client talks to the replay server on 127.0.0.1 (:mod:`tests.replay`); its
clock is moved by the tests, so an hour passes in no time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import DEFAULT_MAX_AGE, Client, parse_age
from tests.replay import Answer, Replay, Seen


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def client(cache: Path, clock: Clock, **options: object) -> Client:
    return Client(cache=cache, clock=clock, wait_scale=0.001, **options)  # type: ignore[arg-type]


def answers(*found: Answer) -> object:
    """A route answering ``found`` one after the other (the last one from then on)."""
    queue = list(found)

    def route(seen: Seen, base: str) -> Answer:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return route


def test_an_answer_the_server_says_nothing_about_expires_after_a_day(
    replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", "/t")] = answers(Answer(200, b"old"), Answer(200, b"new"))
    clock = Clock()

    first = client(tmp_path, clock).get(replay.url + "/t")
    clock.now += DEFAULT_MAX_AGE - 1
    within = client(tmp_path, clock).get(replay.url + "/t")
    clock.now += 2
    after = client(tmp_path, clock).get(replay.url + "/t")

    assert (first, within, after) == (b"old", b"old", b"new")
    assert len(replay.seen) == 2
    assert replay.seen[1].headers.get("If-None-Match") is None


def test_the_default_expiry_is_configurable(replay: Replay, tmp_path: Path) -> None:
    replay.routes[("GET", "/t")] = answers(Answer(200, b"a"))
    clock = Clock()
    client(tmp_path, clock).get(replay.url + "/t")
    clock.now += 31 * 60

    client(tmp_path, clock, max_age=parse_age("1h")).get(replay.url + "/t")
    client(tmp_path, clock, max_age=parse_age("30m")).get(replay.url + "/t")

    assert len(replay.seen) == 2  # fresh for an hour, stale after half of one


def test_max_age_of_the_server_wins_over_the_default(replay: Replay, tmp_path: Path) -> None:
    replay.routes[("GET", "/t")] = answers(
        Answer(200, b"a", {"Cache-Control": "public, max-age=60"})
    )
    clock = Clock()
    client(tmp_path, clock).get(replay.url + "/t")

    clock.now += 59
    client(tmp_path, clock).get(replay.url + "/t")
    calls_within = len(replay.seen)
    clock.now += 2
    client(tmp_path, clock).get(replay.url + "/t")

    assert (calls_within, len(replay.seen)) == (1, 2)


def test_a_stale_answer_with_an_etag_is_confirmed_by_304_and_kept(
    replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", "/t")] = answers(
        Answer(200, b'{"v": 1}', {"ETag": '"v1"', "Cache-Control": "max-age=10"}),
        Answer(304, b"", {"ETag": '"v1"', "Cache-Control": "max-age=10"}),
    )
    clock = Clock()
    client(tmp_path, clock).get(replay.url + "/t")
    clock.now += 11

    again = client(tmp_path, clock)
    body = again.get(replay.url + "/t")
    clock.now += 5
    fresh_again = client(tmp_path, clock)
    fresh_again.get(replay.url + "/t")

    assert json.loads(body) == {"v": 1}
    assert replay.seen[1].headers["If-None-Match"] == '"v1"'
    assert (again.calls, again.cache_hits, again.revalidated) == (1, 1, 1)
    assert (fresh_again.calls, fresh_again.cache_hits) == (0, 1)  # the 304 renewed it
    assert len(replay.seen) == 2


def test_last_modified_is_asked_with_if_modified_since(replay: Replay, tmp_path: Path) -> None:
    stamp = "Mon, 07 Dec 2026 06:00:00 GMT"
    replay.routes[("GET", "/t")] = answers(
        Answer(200, b"a", {"Last-Modified": stamp}), Answer(200, b"b", {"Last-Modified": stamp})
    )
    clock = Clock()
    client(tmp_path, clock).get(replay.url + "/t")
    clock.now += DEFAULT_MAX_AGE + 1

    changed = client(tmp_path, clock).get(replay.url + "/t")

    assert replay.seen[1].headers["If-Modified-Since"] == stamp
    assert changed == b"b"


def test_no_cache_asks_every_time_and_no_store_keeps_nothing(
    replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", "/revalidate")] = answers(
        Answer(200, b"a", {"Cache-Control": "no-cache", "ETag": '"a"'}),
        Answer(304, b"", {"Cache-Control": "no-cache", "ETag": '"a"'}),
    )
    replay.routes[("GET", "/secret")] = answers(Answer(200, b"s", {"Cache-Control": "no-store"}))
    clock = Clock()

    for _ in range(3):
        assert client(tmp_path, clock).get(replay.url + "/revalidate") == b"a"
        assert client(tmp_path, clock).get(replay.url + "/secret") == b"s"

    assert [s.path for s in replay.seen].count("/revalidate") == 3
    assert [s.path for s in replay.seen].count("/secret") == 3
    assert [p.read_bytes() for p in tmp_path.rglob("*.body")] == [b"a"]


def test_refresh_asks_unconditionally(replay: Replay, tmp_path: Path) -> None:
    replay.routes[("GET", "/t")] = answers(
        Answer(200, b"a", {"ETag": '"a"'}), Answer(200, b"b", {"ETag": '"b"'})
    )
    clock = Clock()
    client(tmp_path, clock).get(replay.url + "/t")

    refreshed = client(tmp_path, clock, refresh=True).get(replay.url + "/t")

    assert refreshed == b"b"
    assert "If-None-Match" not in replay.seen[1].headers


def test_an_answer_cached_before_expiry_existed_ages_from_its_file(
    replay: Replay, tmp_path: Path
) -> None:
    replay.routes[("GET", "/t")] = answers(Answer(200, b"new"))
    clock = Clock()
    first = client(tmp_path, clock)
    first.get(replay.url + "/t")
    (meta,) = tmp_path.rglob("*.json")
    meta.unlink()  # as an older benchlearn left it: the body only

    Client(cache=tmp_path).get(replay.url + "/t")  # the file is seconds old: fresh

    assert len(replay.seen) == 1


def test_an_age_is_read_in_seconds_minutes_hours_or_days() -> None:
    assert [parse_age(t) for t in ("90", "90s", "30m", "24h", "7d", "0")] == [
        90.0,
        90.0,
        1800.0,
        86400.0,
        604800.0,
        0.0,
    ]
    with pytest.raises(BenchlearnError) as raised:
        parse_age("soon")
    assert str(raised.value) == "'soon' is not an age such as 3600, 30m, 24h or 7d"


def test_a_bad_cache_max_age_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from benchlearn.cli import cli

    result = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path}/x.db", "pull", "--cache-max-age", "soon"]
    )

    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--cache-max-age': "
        "'soon' is not an age such as 3600, 30m, 24h or 7d"
    )


def test_a_pxweb_answer_that_is_not_json_is_one_line_in_either_language(
    replay: Replay, tmp_path: Path
) -> None:
    from benchlearn.importing.pull.pxweb import fetch_table

    replay.routes[("GET", "/api/v1/en/T")] = answers(Answer(503, b"", {}), Answer(200, b"<html>"))
    client = Client(wait_scale=0.001)

    with pytest.raises(BenchlearnError) as raised:
        fetch_table(client, replay.url + "/api/v1/en/T")

    assert str(raised.value) == f"{replay.url}/api/v1/en/T: the metadata is not JSON"
    assert raised.value.text("lv") == f"{replay.url}/api/v1/en/T: metadati nav JSON"
    assert client.calls == 2 and len(replay.seen) == 2  # the 503 was asked again
