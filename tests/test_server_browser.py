"""The whole round in a real browser (issue 26's "done when"): a facilitator adds users on
the command line; a municipality user signs in, enters its T2 figures with one mistake,
reads the error in Latvian, corrects it and submits; the facilitator sees it in
``forms status`` and publishes; the public page then shows the value.

Chromium driven by selenium against ``benchlearn serve``'s application on a real
uvicorn on 127.0.0.1, on the Latvian T2 round (SQLite). T2 is made ``visibility:
network`` first, so that the public sees its values only once published.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.database import make_engine
from benchlearn.server import create_app
from tests.browser import chromium
from tests.conftest import REPO
from tests.server_world import quick_hashes, served

MEMBER_PASSWORD = "Bauska parole 2026"


def run(url: str, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def round_served(
    latvian_database: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    """The Latvian T2 round with T2 restricted to its members, served on a free port; the
    database URL and the server's address."""
    quick_hashes(monkeypatch)
    url = latvian_database(["T2"], tmp_path)
    network = (REPO / "networks" / "t2.yaml").read_text(encoding="utf-8")
    restricted = tmp_path / "t2.yaml"
    restricted.write_text(network.replace("  code: T2\n", "  code: T2\n  visibility: network\n", 1))
    run(url, "definitions", "load", "--replace", str(restricted))
    engine = make_engine(url)
    try:
        with served(create_app(engine=engine, lang="lv")) as address:
            yield url, address
    finally:
        engine.dispose()


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


@pytest.mark.slow
def test_a_member_enters_and_submits_online_and_the_published_values_are_public(
    round_served: tuple[str, str], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def arrived(part: str) -> None:  # a click's page has loaded
        WebDriverWait(browser, 30).until(lambda driver: part in driver.current_url)

    url, site = round_served
    run(url, "users", "add", "anna@lps.lv", "--role", "facilitator", "-n", "T2",
        "--password-stdin", stdin="Anna parole 2026\n")  # fmt: skip
    run(url, "users", "add", "janis@bauska.lv", "--role", "municipality", "-m", "LV-016",
        "-n", "T2", "--password-stdin", stdin=MEMBER_PASSWORD + "\n")  # fmt: skip
    member_page = f"{site}/sites/T2/2024/members/LV-016.html"
    browser.get(member_page)
    before = browser.find_element(By.TAG_NAME, "main").text

    browser.get(f"{site}/entry/T2/2024/LV-016")  # not signed in: to the login and back
    browser.find_element(By.ID, "email").send_keys("janis@bauska.lv")
    browser.find_element(By.ID, "password").send_keys(MEMBER_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button").click()
    arrived("/entry/")
    assert browser.current_url == f"{site}/entry/T2/2024/LV-016?lang=lv"
    field = browser.find_element(By.ID, "f-T2_CARE_WAIT_DAYS")
    field.clear()
    field.send_keys("77 dienas")
    browser.find_element(By.CSS_SELECTOR, "form.entry button").click()
    WebDriverWait(browser, 30).until(lambda driver: driver.find_elements(By.ID, "problem"))
    error = browser.find_element(By.ID, "e-T2_CARE_WAIT_DAYS").text
    problem = browser.find_element(By.ID, "problem").text
    field = browser.find_element(By.ID, "f-T2_CARE_WAIT_DAYS")
    field.clear()
    field.send_keys("77")
    browser.find_element(By.CSS_SELECTOR, "form.entry button").click()
    arrived("saved=1")
    saved = browser.find_element(By.CSS_SELECTOR, "p.notice").text
    browser.find_element(By.CSS_SELECTOR, "form.entry-submit button").click()
    arrived("submitted=1")
    submitted = browser.find_element(By.CSS_SELECTOR, "p.notice").text
    browser.find_element(By.CSS_SELECTOR, "form.signout button").click()
    arrived("/login")

    status = json.loads(
        run(url, "forms", "status", "-n", "T2", "--year", "2024", "--format", "json")
    )
    run(url, "publish", "-n", "T2", "--year", "2024")
    browser.get(member_page)
    after = browser.find_element(By.TAG_NAME, "main").text

    assert problem == "Izlabojiet zemāk atzīmētos laukus; nekas netika saglabāts."
    assert error == (
        "Gaidīšanas laiks ilgstošai sociālajai aprūpei: „77 dienas” nav skaitlis; rakstiet, "
        "piemēram, 1234 vai 12,5."
    )
    assert saved == "Dati ir saglabāti."
    assert submitted == "Dati ir iesniegti; koordinators to redz veidlapu statusā."
    bauska = next(row for row in status if row["municipality"] == "LV-016")
    assert "entry" in bauska["via"] and bauska["submitted"] is not None
    assert "77 dienas" not in before and "77 dienas" in after
    assert [
        e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]
    ] == []
