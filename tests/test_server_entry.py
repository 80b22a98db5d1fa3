"""Online entry on the server (issue 26): ``/entry/NETWORK/YEAR/MUNICIPALITY`` shows the
form, saves through :mod:`benchlearn.entry` with each error beside its field in the
user's language, submits, and refuses everyone but the municipality's own user and
the network's facilitator. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.server_world import (
    A_USER,
    B_USER,
    FACILITATOR,
    client,
    csrf_of,
    quick_hashes,
    restricted_network,
    signed_in,
    values_checksum,
)

FORM = "/entry/T9/2024/B2"


@pytest.fixture
def world(workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    quick_hashes(monkeypatch)
    return restricted_network(workspace, tmp_path)


def test_a_member_enters_a_mistake_sees_it_in_latvian_corrects_it_and_submits(
    world: Engine,
) -> None:
    browser = signed_in(client(world), B_USER)
    form = browser.get(f"{FORM}?lang=lv")
    token = csrf_of(form.text)
    before = values_checksum(world)

    wrong = browser.post(f"{FORM}?lang=lv", data={"csrf_token": token, "SHARE": "150"})
    unchanged = values_checksum(world)
    right = browser.post(f"{FORM}?lang=lv", data={"csrf_token": token, "SHARE": "62,5"})
    saved = browser.get(right.headers["location"])
    sent = browser.post(f"{FORM}/submit?lang=lv", data={"csrf_token": token})
    status = browser.get(sent.headers["location"])

    assert "<h1>Beta: 2024. gada dati (Testa tīkls)</h1>" in form.text
    assert wrong.status_code == 400
    assert '<p class="field-error" id="e-SHARE">Share of clients satisfied: 150 ir ārpus ' \
        "pieļaujamā diapazona (no 0 līdz 100).</p>" in wrong.text  # fmt: skip
    assert 'name="SHARE" value="150"' in wrong.text  # what was typed stays, to correct
    assert unchanged == before
    assert (right.status_code, right.headers["location"]) == (303, f"{FORM}?lang=lv&saved=1")
    assert "Dati ir saglabāti." in saved.text and 'name="SHARE" value="62,5"' in saved.text
    assert sent.status_code == 303
    assert "Dati ir iesniegti; koordinators to redz veidlapu statusā." in status.text
    assert "iesniedza b@example.lv" in status.text
    shown = signed_in(client(world), FACILITATOR).get(
        "/api/v1/values?network=T9&year=2024&indicator=SHARE&municipality=B2"
    )
    assert shown.json()[0]["value"] == 62.5


def test_only_the_municipality_and_its_facilitator_may_enter_its_figures(world: Engine) -> None:
    before = values_checksum(world)
    other = signed_in(client(world), A_USER)
    token = csrf_of(other.get("/login").text)
    nobody = client(world)

    looked = other.get(FORM)
    posted = other.post(FORM, data={"csrf_token": token, "SHARE": "1"})
    submitted = other.post(f"{FORM}/submit", data={"csrf_token": token})
    anonymous = nobody.post(FORM, data={"SHARE": "1"})
    facilitator = signed_in(client(world), FACILITATOR)
    forged = facilitator.post(FORM, data={"csrf_token": "0" * 64, "SHARE": "1"})

    assert [a.status_code for a in (looked, posted, submitted, forged)] == [403, 403, 403, 403]
    assert "<p>Your account may not do this.</p>" in looked.text
    assert (anonymous.status_code, anonymous.headers["location"]) == (
        303, "/login?lang=en&next=/entry/T9/2024/B2%3Flang%3Den"
    )  # fmt: skip
    assert facilitator.get(FORM).status_code == 200
    assert values_checksum(world) == before
