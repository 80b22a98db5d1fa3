"""A small network behind the server, for the server's tests: the workspace's T9 with
restricted values, three users, and the application on it.

B2's ``own`` values are chosen to be recognisable in any format a page or the API could
show them in (:data:`B_OWN_TEXTS`): its COST of 2024, 913,777.77, is 45,688.89 per
inhabitant, and its SHARE 61.37. A1 is a member like B2; C3 too; the facilitator
runs T9.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, MetaData, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from benchlearn.accounts import Throttle, add_user, passwords, set_password
from benchlearn.definitions.store import load_definitions
from benchlearn.importing import import_file
from benchlearn.server import create_app
from tests.conftest import WORKSPACE_DEFINITIONS, write

PASSWORD = "correct horse battery staple"
FACILITATOR, A_USER, B_USER = "fac@example.lv", "a@example.lv", "b@example.lv"
#: B2's own values as any page, download or answer could write them: rounded or not,
#: with English or Latvian separators.
B_OWN_TEXTS = (
    "913777", "913778", "913,777", "913,778", "913 777", "913 778", "913\u00a0777",
    "913\u00a0778", "45688", "45689", "45,688", "45,689", "45 688", "45 689",
    "45\u00a0688", "45\u00a0689", "61.37", "61,37", "800001", "800,001", "800 001",
)  # fmt: skip
#: The tables whose rows are the network's values and their history.
VALUE_TABLES = ("observations", "observation_revisions", "import_batches", "publications")


def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its cheapest, so that a login takes milliseconds, not half a second."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(passwords, "hasher", lambda: quick)
    passwords._stand_in.cache_clear()


def restricted_network(engine: Engine, folder: Path) -> Engine:
    """T9 restricted to its members, COST own to each municipality, B2's SHARE of 2024 own;
    the three users with their passwords set."""
    definitions = WORKSPACE_DEFINITIONS.replace(
        "  population: POP\n", "  population: POP\n  visibility: network\n"
    ).replace("    unit: EUR\n", "    unit: EUR\n    visibility: own\n", 1)
    load_definitions(engine, [write(folder / "d.yaml", definitions)], replace=True)
    rows = ["municipality,indicator,year,value,visibility"]
    figures = {
        "A1": {2023: (110, 20), 2024: (100, 20)},
        "B2": {2023: (800001.5, 35), 2024: (913777.77, 61.37)},
        "C3": {2023: (520, 52), 2024: (500, 50)},
    }
    pops = {"A1": 10, "B2": 20, "C3": 25}
    for code, years in figures.items():
        for year, (cost, share) in years.items():
            mark = "own" if code == "B2" and year == 2024 else ""
            rows += [f"{code},COST,{year},{cost},", f"{code},POP,{year},{pops[code]},public"]
            rows.append(f"{code},SHARE,{year},{share},{mark}")
    import_file(engine, write(folder / "v.csv", "\n".join(rows) + "\n"))
    add_user(engine, FACILITATOR, "facilitator", networks=["T9"], actor="cli:test")
    add_user(engine, A_USER, "municipality", municipality="A1", networks=["T9"], actor="cli:t")
    add_user(engine, B_USER, "municipality", municipality="B2", networks=["T9"], actor="cli:t")
    for email in (FACILITATOR, A_USER, B_USER):
        set_password(engine, email, PASSWORD, actor="cli:test")
    return engine


def application(engine: Engine, **options: object) -> Starlette:
    """The server on ``engine``, in English unless told otherwise."""
    return create_app(engine=engine, **options)  # type: ignore[arg-type]


def client(engine: Engine, *, base_url: str = "http://testserver", **options: object) -> TestClient:
    """A browser on the server (cookies kept between requests, no redirect followed)."""
    return TestClient(application(engine, **options), base_url=base_url, follow_redirects=False)


def csrf_of(html: str) -> str:
    """The ``csrf_token`` of the first form on a page."""
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def signed_in(browser: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """``browser`` after signing in as ``email`` through the login form."""
    form = browser.get("/login")
    answer = browser.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_of(form.text)}
    )
    assert answer.status_code == 303, answer.text
    return browser


def values_checksum(engine: Engine) -> dict[str, tuple[int, str]]:
    """Each value table's row count and a SHA-256 of its rows in order: what must not
    change when nobody was allowed to change anything."""
    metadata = MetaData()
    metadata.reflect(engine, only=list(VALUE_TABLES))
    found = {}
    with engine.connect() as connection:
        for name in VALUE_TABLES:
            table = metadata.tables[name]
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            found[name] = (len(rows), digest)
    return found


def slow_throttle() -> Throttle:
    """The server's throttle, but locking after two failures (a test need not try five)."""
    return Throttle(per_email=2, per_address=50)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(app: Starlette, log_level: str = "warning") -> Iterator[str]:
    """``app`` under a real uvicorn on a free port of 127.0.0.1, in a thread, as
    ``benchlearn serve`` runs it; its address, and stopped on leaving."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level,
                            access_log=False)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert not thread.is_alive()
