"""The server under concurrent requests (issue 26's load test, ``benchmarks/bench_serve_load.py``,
found it): more requests at once than the engine's pool has connections queue for a
thread, where they wait their turn, rather than for a connection, where after the
pool's timeout they failed with a 500. On SQLite and PostgreSQL, under uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine

from tests.server_world import application, quick_hashes, restricted_network, served


@pytest.fixture
def one_connection(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """The restricted T9 network, reached through a pool of one connection that gives up
    after a tenth of a second (the server's pool of fifteen, waiting thirty seconds, in
    small)."""
    quick_hashes(monkeypatch)
    restricted_network(workspace, tmp_path)
    url = workspace.url.render_as_string(hide_password=False)
    small = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    yield small
    small.dispose()


@pytest.fixture
def running(one_connection: Engine) -> Iterator[str]:
    """The application under uvicorn on 127.0.0.1, as ``benchlearn serve`` runs it."""
    with served(application(one_connection), log_level="critical") as address:
        yield address


def test_more_requests_at_once_than_connections_all_get_their_answer(running: str) -> None:
    def ranking(_: int) -> int:
        return httpx.get(f"{running}/api/v1/rankings/T9/2024", timeout=60).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(ranking, range(32)))

    assert statuses == [200] * 32
