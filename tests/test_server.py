"""The web server (issue 26): ``/health``, signing in and out, CSRF, throttling, cookies,
security headers, error pages, the password link, and pages and API per audience.

Driven with Starlette's TestClient, on SQLite and PostgreSQL (the ``workspace``
fixture); the world is :mod:`tests.server_world`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from benchlearn.accounts import audit_log, make_api_token, password_link
from benchlearn.cli import cli
from benchlearn.models import LoginSession
from benchlearn.server import app as server_app
from benchlearn.server import pages as server_pages
from tests.server_world import (
    A_USER,
    B_OWN_TEXTS,
    B_USER,
    FACILITATOR,
    PASSWORD,
    client,
    csrf_of,
    quick_hashes,
    restricted_network,
    signed_in,
    slow_throttle,
)

CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def world(workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    quick_hashes(monkeypatch)
    return restricted_network(workspace, tmp_path)


def audit_actions(engine: Engine, email: str) -> list[str]:
    with engine.connect() as connection:
        log = audit_log(connection, user=email)
    return [a for a in log["action"] if a.startswith(("login", "logout"))]


# --- health, headers, errors -----------------------------------------------------------


def test_health_answers_ok_after_asking_the_database(world: Engine) -> None:
    answer = client(world).get("/health")

    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})


def test_every_route_and_every_error_carries_the_security_headers(
    world: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = client(world)
    monkeypatch.setattr(server_pages, "network_years", _broken)
    answers = {
        "health": browser.get("/health"),
        "home (500)": browser.get("/"),
        "style": browser.get("/assets/site.css"),
        "site": browser.get("/sites/T9/2024/index.html"),
        "login": browser.get("/login"),
        "api": browser.get("/api/v1/municipalities"),
        "404": browser.get("/no/such/page"),
        "405": browser.delete("/login"),
        "403": browser.post("/logout", data={"csrf_token": "forged"}),
    }
    for name, answer in answers.items():
        headers = answer.headers
        assert headers["content-security-policy"] == CSP, name
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["x-frame-options"] == "DENY", name
        assert headers["referrer-policy"] == "no-referrer", name
        assert headers["cache-control"] == "no-store", name
        assert "strict-transport-security" not in headers, name
    assert [a.status_code for a in answers.values()] == [
        200,
        500,
        200,
        200,
        200,
        200,
        404,
        405,
        403,
    ]


def _broken(_connection: object) -> list[object]:
    raise RuntimeError("SELECT password_hash FROM users WHERE email = 'anna@example.lv'")


def test_a_failure_is_one_sentence_and_the_detail_only_in_the_log(
    world: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(server_pages, "network_years", _broken)
    # The command line's logger keeps its records to itself once a CLI test has run here.
    monkeypatch.setattr(logging.getLogger("benchlearn"), "propagate", True)
    with caplog.at_level(logging.INFO, logger="benchlearn.server"):
        page = client(world).get("/?lang=lv")
        api = client(world).get("/api/v1/networks")

    assert page.status_code == 500
    assert "<h1>Kļūda 500</h1>\n<p>Serverī radās kļūda; tā ir ierakstīta žurnālā servera " \
        "uzturētājam.</p>" in page.text  # fmt: skip
    assert (api.status_code, api.json()) == (500, {"error": "Something went wrong on the "
        "server; the error has been logged for the operator."})  # fmt: skip
    for body in (page.text, api.text):
        assert "SELECT" not in body and "Traceback" not in body and "RuntimeError" not in body
    assert "SELECT password_hash" in caplog.text  # the operator reads what went wrong
    assert "GET / 500 " in caplog.text


def test_an_unknown_page_and_an_unknown_api_address_say_so_in_one_sentence(world: Engine) -> None:
    browser = client(world)

    page = browser.get("/sites/T9/2024/members/ZZ.html?lang=lv")
    api = browser.get("/api/v1/nothing")
    network = browser.get("/api/v1/values?network=NOPE&year=2024")

    assert page.status_code == 404 and "<p>Šādas lapas nav.</p>" in page.text
    assert (api.status_code, api.json()) == (404, {"error": "There is no such page."})
    assert (network.status_code, network.json()) == (404, {"error": "unknown network 'NOPE' "
        "(known: T9)"})  # fmt: skip


def test_each_request_is_logged_with_the_users_id_not_its_email(
    world: Engine, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger("benchlearn"), "propagate", True)
    browser = client(world)
    with caplog.at_level(logging.INFO, logger="benchlearn.server"):
        signed_in(browser, A_USER)
        browser.get("/login")
    lines = [r.getMessage() for r in caplog.records if r.name == "benchlearn.server"]
    user = lines[1].split("user=")[1]

    assert [" ".join(line.split()[:3]) for line in lines] == [
        "GET /login 200", f"login user={user}", "POST /login 303", "GET /login 200"
    ]  # fmt: skip
    assert lines[-1].endswith(f"user={user}") and user.isdigit()
    assert not any(A_USER in line for line in lines)


# --- signing in and out --------------------------------------------------------------


def test_a_login_sets_a_session_cookie_that_scripts_cannot_read(world: Engine) -> None:
    browser = client(world)
    form = browser.get("/login?next=/sites/T9/2024/index.html")

    answer = browser.post("/login", data={
        "email": A_USER, "password": PASSWORD, "csrf_token": csrf_of(form.text),
        "next": "/sites/T9/2024/index.html",
    })  # fmt: skip

    assert answer.status_code == 303
    assert answer.headers["location"] == "/sites/T9/2024/index.html"
    cookie = [c for c in answer.headers.get_list("set-cookie") if "benchlearn_session=" in c][0]
    attributes = [part.strip() for part in cookie.split(";")[1:]]
    assert sorted(attributes) == ["HttpOnly", "Max-Age=43200", "Path=/", "SameSite=lax"]
    assert audit_actions(world, A_USER) == ["login"]


def test_over_https_the_cookie_is_secure_and_the_proxys_word_counts_only_when_trusted(
    world: Engine,
) -> None:
    direct = signed_in(client(world, base_url="https://testserver"), A_USER)
    trusted = client(world, trusted_proxies=("testclient",))
    untrusted = client(world)

    def session_cookie(browser: object, proto: str | None = None) -> str:
        headers = {"X-Forwarded-Proto": proto} if proto else {}
        form = browser.get("/login")  # type: ignore[attr-defined]
        answer = browser.post(  # type: ignore[attr-defined]
            "/login", headers=headers,
            data={"email": B_USER, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        )  # fmt: skip
        return next(c for c in answer.headers.get_list("set-cookie") if "session=" in c)

    assert direct.get("/health").headers["strict-transport-security"] == "max-age=31536000"
    assert "; Secure" in session_cookie(trusted, "https")
    assert "Secure" not in session_cookie(untrusted, "https")


def test_a_wrong_password_is_refused_in_the_readers_language_and_throttled(
    world: Engine,
) -> None:
    browser = client(world, throttle=slow_throttle())
    token = csrf_of(browser.get("/login").text)
    wrong = {"email": A_USER, "password": "not the password", "csrf_token": token}

    first = browser.post("/login?lang=lv", data=wrong)
    second = browser.post("/login", data=wrong)
    third = browser.post("/login", data={**wrong, "password": PASSWORD})

    assert first.status_code == 401
    assert '<p class="problem" role="alert" id="problem">E-pasts vai parole nav pareiza.</p>' \
        in first.text  # fmt: skip
    assert second.status_code == 401 and "The email or the password is wrong." in second.text
    assert third.status_code == 429
    assert "Too many failed sign-ins: try again after " in third.text
    assert "benchlearn_session" not in third.headers.get("set-cookie", "")
    assert audit_actions(world, A_USER) == ["login_failed", "login_failed", "login_refused"]


def test_a_post_without_the_forms_csrf_token_is_refused_before_the_password_is_read(
    world: Engine,
) -> None:
    browser = client(world)
    browser.get("/login")
    data = {"email": A_USER, "password": PASSWORD}

    missing = browser.post("/login", data=data)
    forged = browser.post("/login", data={**data, "csrf_token": "0" * 64})
    other = client(world)
    stolen = other.post("/login", data={**data, "csrf_token": csrf_of(browser.get("/login").text)})

    for answer in (missing, forged, stolen):
        assert answer.status_code == 403
        assert "<p>The form has expired or did not come from this site: open the page again " \
            "and send it once more.</p>" in answer.text  # fmt: skip
    assert audit_actions(world, A_USER) == []


def test_logout_ends_the_session_in_the_database_and_a_replayed_cookie_opens_nothing(
    world: Engine,
) -> None:
    browser = signed_in(client(world), A_USER)
    cookie = browser.cookies.get("benchlearn_session")
    page = browser.get("/sites/T9/2024/members/A1.html")
    assert "Signed in: a@example.lv" in page.text

    refused = browser.post("/logout", data={"csrf_token": "forged"})
    still = browser.get("/sites/T9/2024/members/A1.html")
    done = browser.post("/logout", data={"csrf_token": csrf_of(page.text)})
    replay = client(world)
    replay.cookies.set("benchlearn_session", cookie or "")
    after = replay.get("/sites/T9/2024/members/A1.html")

    assert refused.status_code == 403 and "Signed in: a@example.lv" in still.text
    assert (done.status_code, done.headers["location"]) == (303, "/login?out=1&lang=en")
    assert 'benchlearn_session=""' in done.headers["set-cookie"]
    assert "Signed in" not in after.text and "10.00 EUR per inhabitant" not in after.text
    with world.connect() as connection:
        ended = connection.execute(select(LoginSession.ended_at)).scalars().all()
    assert len(ended) == 1 and ended[0] is not None
    assert audit_actions(world, A_USER) == ["login", "logout"]
    assert "You have signed out." in browser.get("/login?out=1").text


def test_the_one_time_link_sets_the_password_once(world: Engine) -> None:
    token, _ = password_link(world, B_USER, actor="cli:test", clear=True)
    browser = client(world)
    form = browser.get(f"/password/{token}?lang=lv")
    data = {"password": "a new password 2026", "csrf_token": csrf_of(form.text)}

    differ = browser.post(f"/password/{token}?lang=lv", data={**data, "repeat": "other"})
    done = browser.post(f"/password/{token}", data={**data, "repeat": data["password"]})
    again = browser.post(f"/password/{token}", data={**data, "repeat": data["password"]})

    assert form.status_code == 200 and "<h1>Paroles iestatīšana</h1>" in form.text
    assert differ.status_code == 400 and "Abas ievadītās paroles atšķiras." in differ.text
    assert done.status_code == 200 and "Your password is set: sign in with it." in done.text
    assert again.status_code == 400
    assert "this link to set a password does not work (any more); ask the network&#39;s " \
        "facilitator for a new one" in again.text  # fmt: skip
    signed_in(client(world), B_USER, "a new password 2026")


# --- pages and the API per audience ----------------------------------------------------


def test_the_home_page_lists_each_network_with_its_years(world: Engine) -> None:
    page = client(world).get("/?lang=lv")

    assert "<h1>Salīdzinošās novērtēšanas tīkli</h1>" in page.text
    assert '<li><strong>Testa tīkls</strong> <span class="code">T9</span>' in page.text
    assert '<li><a href="/sites/T9/2024/?lang=lv">2024</a></li><li><a href="/sites/T9/2023/' \
        '?lang=lv">2023</a></li>' in page.text  # fmt: skip


def test_a_member_sees_its_own_values_and_the_public_does_not(world: Engine) -> None:
    public = client(world).get("/sites/T9/2024/members/B2.html").text
    own = signed_in(client(world), B_USER).get("/sites/T9/2024/members/B2.html").text
    other = signed_in(client(world), A_USER).get("/sites/T9/2024/members/B2.html").text

    assert "45,688.89 EUR per inhabitant" in own and "61.37%" in own
    assert "Made for Beta, a member of network T9: restricted figures, do not publish" in own
    for text in (public, other):
        assert not [shown for shown in B_OWN_TEXTS if shown in text]


def test_the_site_is_served_in_both_languages_with_its_downloads(world: Engine) -> None:
    browser = signed_in(client(world, lang="lv"), B_USER)

    latvian = browser.get("/sites/T9/2024/members/B2.html")
    english = browser.get("/sites/T9/2024/en/members/B2.html")
    csv = browser.get("/sites/T9/2024/members/B2.csv")
    style = browser.get("/sites/T9/2024/assets/site.css")

    assert "45 688,89 EUR per inhabitant" in latvian.text.replace("\u00a0", " ")
    assert '<li><a href="../en/members/B2.html" hreflang="en" lang="en">EN</a></li>' \
        in latvian.text  # fmt: skip
    assert "45,688.89 EUR per inhabitant" in english.text
    assert csv.headers["content-disposition"] == 'attachment; filename="B2.csv"'
    assert "45688.89" in csv.content.decode("utf-8-sig")
    assert style.headers["content-type"] == "text/css; charset=utf-8"


def test_a_sites_address_opens_its_index_in_the_language_asked_for(world: Engine) -> None:
    browser = client(world)

    latvian = browser.get("/sites/T9/2024/?lang=lv")
    english = browser.get("/sites/T9/2024/")

    assert latvian.headers["location"] == "/sites/T9/2024/lv/index.html"
    assert english.headers["location"] == "/sites/T9/2024/index.html"
    assert '<html lang="lv">' in browser.get("/sites/T9/2024/lv/index.html").text


def test_the_api_answers_each_audience_as_the_pages_do(world: Engine) -> None:
    token, _ = make_api_token(world, A_USER, name="script", actor="cli:test")
    query = "/api/v1/values?network=T9&year=2024&indicator=SHARE"
    public = client(world).get(query).json()
    member = client(world).get(query, headers={"Authorization": f"Bearer {token}"}).json()
    facilitator = signed_in(client(world), FACILITATOR).get(query).json()

    def shown(rows: list[dict[str, object]]) -> dict[object, object]:
        return {r["municipality"]: r["status"] or r["value"] for r in rows}

    assert shown(public) == {"A1": "..", "B2": "..", "C3": ".."}
    assert shown(member) == {"A1": 20.0, "B2": "..", "C3": 50.0}
    assert shown(facilitator) == {"A1": 20.0, "B2": 61.37, "C3": 50.0}
    assert public[0] == {"municipality": "A1", "indicator": "SHARE", "year": 2024,
                         "value": None, "status": ".."}  # fmt: skip


def test_the_api_refuses_a_bad_token_and_names_a_missing_parameter(world: Engine) -> None:
    browser = client(world)

    bad = browser.get("/api/v1/networks", headers={"Authorization": "Bearer nope"})
    missing = browser.get("/api/v1/values?network=T9&lang=lv")
    year = browser.get("/api/v1/rankings/T9/last")

    assert (bad.status_code, bad.json()) == (401, {"error": "the API token is unknown, revoked "
        "or expired; make one with `benchlearn users token`"})  # fmt: skip
    assert (missing.status_code, missing.json()) == (400, {"error": "nepieciešams parametrs year"})
    assert (year.status_code, year.json()) == (400, {"error": "year must be a whole number, "
        "not 'last'"})  # fmt: skip


def test_the_api_lists_networks_indicators_municipalities_and_rankings(world: Engine) -> None:
    browser = signed_in(client(world), FACILITATOR)

    networks = browser.get("/api/v1/networks").json()
    indicators = browser.get("/api/v1/indicators?lang=lv").json()
    places = browser.get("/api/v1/municipalities").json()
    ranked = browser.get("/api/v1/rankings/T9/2024?indicator=SHARE").json()

    assert networks == [{"code": "T9", "name": "Test network",
                         "indicators": ["COST_PC", "SHARE"], "years": [2024, 2023]}]  # fmt: skip
    assert indicators[0] == {"code": "COST", "name": "Sociālās palīdzības izmaksas",
                             "unit": "EUR", "direction": "lower"}  # fmt: skip
    assert places == [{"code": "A1", "name": "Alpha"}, {"code": "B2", "name": "Beta"},
                      {"code": "C3", "name": "Gamma"}]  # fmt: skip
    assert [(r["municipality"], r["value"], r["rank"]) for r in ranked] == [
        ("A1", 20.0, 3), ("B2", 61.37, 1), ("C3", 50.0, 2)
    ]  # fmt: skip


def test_serve_starts_uvicorn_with_the_app_on_the_database(
    world: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))

    result = CliRunner().invoke(
        cli, ["--db", str(world.url.render_as_string(hide_password=False)), "serve",
              "--port", "8123", "--trusted-proxy", "10.0.0.2"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("127.0.0.1", 8123)
    assert started["app"].state.server.trusted_proxies == frozenset({"10.0.0.2"})  # type: ignore[attr-defined]
    assert server_app.SECURITY_HEADERS["x-frame-options"] == "DENY"
