"""The server's security (issue 26): what municipality A, or nobody, tries against
municipality B's ``own`` values is refused and changes nothing; the public pages and
API, crawled in full over 1,000 restricted values, show none of them; and a real
uvicorn on 127.0.0.1 sends the cookie and the headers the TestClient tests check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from sqlalchemy import Engine, select, update

from benchlearn.access.scope import compared
from benchlearn.accounts import add_user, make_api_token, set_password
from benchlearn.database import make_engine
from benchlearn.definitions.store import stored_definitions
from benchlearn.models import Indicator, Observation
from tests.server_world import (
    A_USER,
    B_OWN_TEXTS,
    B_USER,
    PASSWORD,
    application,
    client,
    csrf_of,
    quick_hashes,
    restricted_network,
    served,
    signed_in,
    values_checksum,
)


@pytest.fixture
def world(workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    quick_hashes(monkeypatch)
    return restricted_network(workspace, tmp_path)


#: What A (or anyone) reads to find B2's own values: its pages, the network's and the
#: indicators' pages, the downloads, and the API.
READS = (
    "/sites/T9/2024/members/B2.html",
    "/sites/T9/2024/lv/members/B2.html",
    "/sites/T9/2023/members/B2.html",
    "/sites/T9/2024/index.html",
    "/sites/T9/2024/indicators/COST_PC.html",
    "/sites/T9/2024/indicators/SHARE.html",
    "/sites/T9/2024/members/B2.csv",
    "/sites/T9/2024/indicators/SHARE.csv",
    "/api/v1/values?network=T9&year=2024&municipality=B2",
    "/api/v1/values?network=T9&year=2024&indicator=COST&municipality=B2",
    "/api/v1/values?network=T9&year=2023&indicator=COST",
    "/api/v1/rankings/T9/2024",
    "/api/v1/rankings/T9/2024?indicator=SHARE",
)
#: What A (or anyone) sends to change B2's values or B's account.
WRITES = (
    ("POST", "/entry/T9/2024/B2", {"SHARE": "1", "COST": "1"}),
    ("POST", "/api/v1/values", {"municipality": "B2", "indicator": "SHARE", "value": "1"}),
    ("PUT", "/sites/T9/2024/members/B2.html", {"SHARE": "1"}),
    ("DELETE", "/api/v1/values?network=T9&year=2024&municipality=B2", None),
    ("POST", "/login", {"email": B_USER, "password": "guess at B's password 1"}),
)


def test_a_hundred_tries_at_another_municipalitys_own_values_are_refused(world: Engine) -> None:
    before = values_checksum(world)
    token, _ = make_api_token(world, A_USER, name="script", actor="cli:test")
    anonymous = client(world)
    a_session = signed_in(client(world), A_USER)
    a_token = client(world)
    a_token.headers["Authorization"] = f"Bearer {token}"
    replayed = client(world)
    gone = signed_in(client(world), A_USER)
    replayed.cookies.set("benchlearn_session", gone.cookies["benchlearn_session"])
    page = gone.get("/login").text
    assert gone.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    guessed = client(world)
    guessed.cookies.set("benchlearn_session", "x" * 43)
    forged = signed_in(client(world), A_USER)
    visitors = {"nobody": anonymous, "A's session": a_session, "A's token": a_token,
                "a replayed cookie": replayed, "a guessed cookie": guessed,
                "A with a forged CSRF token": forged}  # fmt: skip
    tries = []
    for who, browser in visitors.items():
        for path in READS:
            answer = browser.get(path)
            body = answer.content.decode("utf-8-sig")
            tries.append(
                (who, "GET", path, answer.status_code, [t for t in B_OWN_TEXTS if t in body])
            )
        for method, path, data in WRITES:
            form = {**(data or {}), "csrf_token": "f" * 64} if data is not None else None
            answer = browser.request(method, path, data=form)
            tries.append((who, method, path, answer.status_code, []))

    assert len(tries) == 108
    assert [t for t in tries if t[1] == "GET" and (t[3] != 200 or t[4])] == []
    assert sorted({(t[1], t[2], t[3]) for t in tries if t[1] != "GET"}) == [
        ("DELETE", "/api/v1/values?network=T9&year=2024&municipality=B2", 405),
        ("POST", "/api/v1/values", 405),
        ("POST", "/entry/T9/2024/B2", 303),  # nobody signed in: to the login
        ("POST", "/entry/T9/2024/B2", 403),  # A: not its municipality; forged: no token
        ("POST", "/login", 403),
        ("PUT", "/sites/T9/2024/members/B2.html", 405),
    ]
    assert values_checksum(world) == before
    own = signed_in(client(world), B_USER).get(READS[0]).text  # what the tries were after
    assert "45,688.89 EUR per inhabitant" in own and "61.37%" in own


# --- the crawl --------------------------------------------------------------------------

#: A number as a page, a download or the API may write it: grouped by commas or spaces
#: (English, Latvian), with decimals or not.
_NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def integers_in(text: str) -> set[int]:
    """The whole part of every number in ``text``, however it is grouped."""
    found = set()
    for match in _NUMBER.finditer(text):
        number = match.group()
        whole = (
            re.split(r"[.,]\d{1,2}$", number)[0] if re.search(r"[.,]\d{1,2}$", number) else number
        )
        found.add(int(re.sub(r"\D", "", whole)))
    return found


def seeded_value(k: int) -> float:
    """The k-th restricted value: eight digits no real figure of the network has, 1,013
    apart, with .77 so that rounding moves it up, a different number from any other's."""
    return 31_400_000 + 1013 * k + 0.77


@pytest.fixture
def thousand_restricted(
    latvian_database: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """The Latvian T2 and NVPT round with 1,000 of their stored values of 2023 and 2024 made
    ``own`` and recognisable, and a facilitator of both networks with a token."""
    quick_hashes(monkeypatch)
    url = latvian_database(["T2", "NVPT"], tmp_path)  # type: ignore[operator]
    engine = make_engine(url)
    with engine.begin() as connection:
        definitions = stored_definitions(connection)
        codes = compared(definitions, definitions.networks["T2"]) | compared(
            definitions, definitions.networks["NVPT"]
        )
        ids = (
            connection.execute(
                select(Observation.id)
                .join(Indicator, Indicator.id == Observation.indicator_id)
                .where(Indicator.code.in_(sorted(codes)), Observation.year.in_([2023, 2024]))
                .order_by(Observation.id)
                .limit(1000)
            )
            .scalars()
            .all()
        )
        assert len(ids) == 1000
        for k, found in enumerate(ids):
            connection.execute(
                update(Observation)
                .where(Observation.id == found)
                .values(value=seeded_value(k), visibility="own", status=None)
            )
    add_user(engine, "fac@example.lv", "facilitator", networks=["T2", "NVPT"], actor="cli:t")
    set_password(engine, "fac@example.lv", PASSWORD, actor="cli:test")
    yield engine
    engine.dispose()


@pytest.mark.slow
def test_the_public_pages_and_api_crawled_in_full_show_none_of_a_thousand_restricted_values(
    thousand_restricted: Engine,
) -> None:
    seeded = {
        whole for k in range(1000) for whole in (int(seeded_value(k)), int(seeded_value(k)) + 1)
    }
    browser = client(thousand_restricted)
    api = ["/api/v1/networks", "/api/v1/indicators", "/api/v1/municipalities"]
    for network in ("T2", "NVPT"):
        for year in (2023, 2024):
            api += [
                f"/api/v1/rankings/{network}/{year}",
                f"/api/v1/values?network={network}&year={year}",
            ]
    with thousand_restricted.connect() as connection:
        every_code = sorted(stored_definitions(connection).indicators)
    api += [
        f"/api/v1/values?network=T2&year={y}&indicator={c}"
        for y in (2023, 2024)
        for c in every_code
    ]
    seen, queue, leaks = set(), ["/", *api], []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        answer = browser.get(path)
        assert answer.status_code in (200, 303), (path, answer.status_code)
        if answer.status_code == 303:
            queue.append(answer.headers["location"])
            continue
        body = answer.content.decode("utf-8-sig")
        leaks += [(path, n) for n in integers_in(body) & seeded]
        if "text/html" in answer.headers["content-type"]:
            for link in re.findall(r'href="([^"#]+)', body):
                target = urljoin(path, link).split("?")[0]
                # A page's workbook holds the page's own tables, checked in the page.
                if (target == "/" or target.startswith("/sites/")) and not target.endswith(".xlsx"):
                    queue.append(target)

    pages = [p for p in seen if p.endswith(".html")]
    assert leaks == []
    assert len(pages) > 400 and len([p for p in seen if p.endswith(".csv")]) > 200
    facilitator = signed_in(client(thousand_restricted), "fac@example.lv")
    shown = facilitator.get("/api/v1/values?network=T2&year=2024&indicator=POP").text
    assert integers_in(shown) & seeded  # the crawl would have seen them, had they been there


# --- a real server ----------------------------------------------------------------------


@pytest.fixture
def running(world: Engine) -> Iterator[str]:
    """``benchlearn serve``'s uvicorn on 127.0.0.1 in a thread; stopped after the test."""
    with served(application(world)) as address:
        yield address


def test_a_real_server_sends_the_session_cookie_and_the_headers(running: str) -> None:
    with httpx.Client(base_url=running, follow_redirects=False) as browser:
        health = browser.get("/health")
        form = browser.get("/login")
        signed = browser.post(
            "/login", data={"email": A_USER, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        )
        member = browser.get("/sites/T9/2024/members/A1.html")
        missing = browser.get("/nothing")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    cookie = next(c for c in signed.headers.get_list("set-cookie") if "benchlearn_session=" in c)
    assert signed.status_code == 303
    assert sorted(p.strip() for p in cookie.split(";")[1:]) == [
        "HttpOnly", "Max-Age=43200", "Path=/", "SameSite=lax"
    ]  # fmt: skip
    assert "Signed in: a@example.lv" in member.text
    for answer in (health, form, signed, member, missing):
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert "server" not in answer.headers or "uvicorn" in answer.headers["server"]
    assert missing.status_code == 404 and "There is no such page." in missing.text


def test_a_real_server_serves_several_audiences_at_once(running: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def read(who: str | None) -> tuple[str | None, int, bool]:
        with httpx.Client(base_url=running, follow_redirects=False, timeout=60) as browser:
            if who is not None:
                form = browser.get("/login")
                data = {"email": who, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
                assert browser.post("/login", data=data).status_code == 303
            answer = browser.get("/sites/T9/2024/members/B2.html")
            return who, answer.status_code, "45,688.89 EUR per inhabitant" in answer.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        found = sorted(pool.map(read, [None, A_USER, B_USER] * 2), key=str)

    assert found == sorted([(None, 200, False), (A_USER, 200, False), (B_USER, 200, True)] * 2,
                           key=str)  # fmt: skip
