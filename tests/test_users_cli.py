"""``benchlearn users`` and ``benchlearn audit``: exact output, in English and Latvian;
passwords never printed, links and tokens printed once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from click.testing import CliRunner
from sqlalchemy import Engine, select

from benchlearn.accounts import passwords
from benchlearn.cli import cli
from benchlearn.models import User, UserToken
from benchlearn.secret import SECRET_VAR

PASSWORD = "correct horse battery"
LINK = re.compile(r"http://bench\.example\.lv/password/([A-Za-z0-9_-]{43})")


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its cheapest, so a command takes milliseconds (see test_accounts)."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(passwords, "hasher", lambda: quick)
    monkeypatch.setenv("BENCHLEARN_BASE_URL", "http://bench.example.lv/")
    monkeypatch.setenv(SECRET_VAR, "a secret of at least thirty-two characters")


def run(db_url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def when(text: str) -> str:
    """``text`` with every time written as TIME (the tests do not stop the clock)."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?", "TIME", text)


def test_add_prints_a_one_time_link_and_keeps_only_its_hash(workspace: Engine, db_url: str) -> None:
    code, out, err = run(db_url, "users", "add", "Janis@Bauska.lv", "--role", "municipality",
                         "-m", "B2", "-n", "T9")  # fmt: skip

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert when("\n".join(lines[:2])) == (
        "Added janis@bauska.lv (municipality).\n"
        "Send janis@bauska.lv this one-time link to set a password; it works once, until TIME UTC:"
    )
    token = LINK.fullmatch(lines[2])
    assert token is not None and len(lines) == 3
    with workspace.connect() as connection:
        assert token.group(1) not in repr(connection.execute(select(UserToken)).all())


def test_add_in_latvian(workspace: Engine, db_url: str) -> None:
    code, out, _ = run(db_url, "--lang", "lv", "users", "add", "eva@example.lv", "--role",
                       "analyst")  # fmt: skip

    assert code == 0
    assert when(out).splitlines()[:2] == [
        "Pievienots lietotājs eva@example.lv (analītiķis).",
        "Nosūtiet lietotājam eva@example.lv šo vienreizējo saiti paroles iestatīšanai; tā "
        "darbojas vienu reizi, līdz TIME UTC:",
    ]


def test_a_password_from_standard_input_is_set_and_never_printed(
    workspace: Engine, db_url: str
) -> None:
    code, out, err = run(db_url, "-vv", "users", "add", "eva@example.lv", "--role", "analyst",
                         "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip

    assert (code, out) == (
        0,
        "Added eva@example.lv (analyst).\nThe password of eva@example.lv is set.\n",
    )
    assert PASSWORD not in err
    with workspace.connect() as connection:
        assert connection.execute(select(User.password_hash)).scalar_one().startswith("$argon2id$")


def test_an_empty_or_short_password_on_standard_input_is_refused(
    workspace: Engine, db_url: str
) -> None:
    run(db_url, "users", "add", "eva@example.lv", "--role", "analyst")

    empty = run(db_url, "users", "reset-password", "eva@example.lv", "--password-stdin", stdin="")
    short = run(db_url, "users", "reset-password", "eva@example.lv", "--password-stdin",
                stdin="hunter2\n")  # fmt: skip

    assert empty == (
        1,
        "",
        "Error: --password-stdin: standard input holds no password (give it on the first line)\n",
    )
    assert short == (
        1,
        "",
        "Error: the password is too short: it needs at least 12 characters\n",
    )
    assert run(db_url, "users", "add", "new@example.lv", "--role", "analyst",
               "--password-stdin", stdin="hunter2\n")[0] == 1  # fmt: skip
    assert "new@example.lv" not in run(db_url, "users", "list")[1]


def test_list_in_english_latvian_csv_and_json(workspace: Engine, db_url: str) -> None:
    run(db_url, "users", "add", "janis@bauska.lv", "--role", "municipality", "-m", "B2",
        "-n", "T9")  # fmt: skip
    run(db_url, "users", "add", "eva@example.lv", "--role", "analyst", "--password-stdin",
        stdin=PASSWORD)  # fmt: skip
    run(db_url, "users", "add", "old@example.lv", "--role", "facilitator")
    run(db_url, "users", "disable", "old@example.lv")

    table = run(db_url, "users", "list")[1]
    latvian = run(db_url, "--lang", "lv", "users", "list")[1]
    rows = json.loads(run(db_url, "users", "list", "--format", "json")[1])
    csv = run(db_url, "users", "list", "--format", "csv")[1]

    assert when(table) == (
        "email            role          municipality  networks  status           created (UTC)\n"
        "---------------  ------------  ------------  --------  ---------------  ----------------\n"
        "eva@example.lv   analyst                               active           TIME\n"
        "janis@bauska.lv  municipality  B2            T9        no password yet  TIME\n"
        "old@example.lv   facilitator                           disabled         TIME\n"
    )
    assert when(latvian).splitlines()[0::2] == [
        "e-pasts          loma          pašvaldība  tīkli  statuss                   izveidots (UTC)",
        "eva@example.lv   analītiķis                       aktīvs                    TIME",
        "old@example.lv   koordinators                     atspējots                 TIME",
    ]
    assert [{k: v for k, v in r.items() if k != "created"} for r in rows] == [
        {"email": "eva@example.lv", "role": "analyst", "municipality": None, "networks": "",
         "status": "active"},
        {"email": "janis@bauska.lv", "role": "municipality", "municipality": "B2",
         "networks": "T9", "status": "no_password"},
        {"email": "old@example.lv", "role": "facilitator", "municipality": None, "networks": "",
         "status": "disabled"},
    ]  # fmt: skip
    assert csv.splitlines()[0] == "email,role,municipality,networks,status,created"


def test_no_users_yet(engine: Engine, db_url: str) -> None:
    assert run(db_url, "users", "list") == (
        0,
        "No users yet; add one with `benchlearn users add EMAIL --role facilitator`.\n",
        "",
    )


def test_disable_reset_and_their_refusals(workspace: Engine, db_url: str) -> None:
    run(db_url, "users", "add", "eva@example.lv", "--role", "analyst")

    reset = run(db_url, "users", "reset-password", "EVA@example.lv")
    disabled = run(db_url, "users", "disable", "eva@example.lv")
    again = run(db_url, "users", "disable", "eva@example.lv")
    no_link = run(db_url, "--lang", "lv", "users", "reset-password", "eva@example.lv")
    nobody = run(db_url, "users", "disable", "nobody@example.lv")

    assert reset[0] == 0
    assert when(reset[1]).splitlines()[:2] == [
        "The password of eva@example.lv is cleared and its sessions have ended.",
        "Send eva@example.lv this one-time link to set a password; it works once, until TIME UTC:",
    ]
    assert disabled == (
        0,
        "Disabled eva@example.lv: its sessions have ended and its API tokens no longer work.\n",
        "",
    )
    assert again == (1, "", "Error: eva@example.lv is already disabled\n")
    assert no_link == (
        1,
        "",
        "Kļūda: eva@example.lv ir atspējots; atspējotam lietotājam netiek dota ne parole, ne "
        "marķieris\n",
    )
    assert nobody == (
        1,
        "",
        "Error: nobody@example.lv has no account; see `benchlearn users list`\n",
    )


def test_a_token_is_printed_once_alone_on_standard_output(workspace: Engine, db_url: str) -> None:
    run(db_url, "users", "add", "eva@example.lv", "--role", "analyst")

    code, out, err = run(db_url, "users", "token", "eva@example.lv", "--name", "nightly")
    lasting = run(db_url, "users", "token", "eva@example.lv", "--name", "site", "--days", "30")

    assert code == 0 and re.fullmatch(r"[A-Za-z0-9_-]{43}\n", out)
    assert err == (
        "API token 'nightly' for eva@example.lv, valid until the user is disabled; it is shown "
        "only now, so keep it where your script reads it:\n"
    )
    assert when(lasting[2]).startswith("API token 'site' for eva@example.lv, valid until TIME UTC;")
    with workspace.connect() as connection:
        kept = connection.execute(
            select(UserToken.token_hash, UserToken.name).where(UserToken.kind == "api")
        ).all()
    assert [name for _, name in kept] == ["nightly", "site"]
    assert out.strip() not in repr(kept)


def test_audit_lists_who_did_what_when_filtered_by_user_and_time(
    workspace: Engine, db_url: str
) -> None:
    run(db_url, "users", "add", "eva@example.lv", "--role", "analyst")
    run(db_url, "users", "add", "anna@example.lv", "--role", "facilitator", "-n", "T9")
    run(db_url, "users", "token", "eva@example.lv", "--name", "nightly")
    me = json.loads(run(db_url, "audit", "--format", "json")[1])[0]["actor"]

    table = run(db_url, "audit", "--user", "eva@example.lv")[1]
    latvian = run(db_url, "--lang", "lv", "audit", "--user", "anna@example.lv")[1]
    csv = run(db_url, "audit", "--format", "csv")[1]
    future = run(db_url, "audit", "--since", "2999-01-01")

    assert me.startswith("cli:")
    width = max(len(me), 3)
    assert when(table).splitlines()[2:] == [
        f"TIME  {me:<{width}}  added a user                   eva@example.lv      analyst",
        f"TIME  {me:<{width}}  made a link to set a password  eva@example.lv",
        f"TIME  {me:<{width}}  made an API token              eva@example.lv      nightly",
    ]
    assert when(latvian).splitlines()[0].split("  ")[0] == "kad (UTC)"
    assert "pievienoja lietotāju" in latvian and "facilitator T9" in latvian
    assert [line.split(",")[2:5] for line in csv.splitlines()] == [
        ["action", "subject", "detail"],
        ["user_added", "eva@example.lv", "analyst"],
        ["password_link", "eva@example.lv", ""],
        ["user_added", "anna@example.lv", "facilitator T9"],
        ["password_link", "anna@example.lv", ""],
        ["token_made", "eva@example.lv", "nightly"],
    ]
    assert future == (0, "The audit log has no entries for this choice.\n", "")


def test_an_import_that_wrote_a_batch_is_in_the_audit_log(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    values = tmp_path / "values.csv"
    values.write_text("municipality,indicator,year,value\nA1,COST,2024,10\n", encoding="utf-8")

    run(db_url, "import", "--dry-run", str(values))
    (written,) = json.loads(run(db_url, "import", str(values), "--format", "json")[1])
    run(db_url, "import", str(values))  # nothing changed: no batch

    rows = json.loads(run(db_url, "audit", "--format", "json")[1])
    assert [(r["action"], r["subject"], r["detail"]) for r in rows] == [
        ("imported", str(values), f"batch {written['batch']}")
    ]
