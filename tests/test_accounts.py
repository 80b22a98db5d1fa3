"""Accounts of the network's server (issue 26): users, argon2id passwords, one-time links,
API tokens, login with throttling, sessions, CSRF tokens and the audit log.

Every storage test runs on SQLite and PostgreSQL (``workspace``). Times come from a
clock the test moves, so expiry and throttling are exact without waiting. Passwords
are hashed with argon2id at the cheapest parameters here (a real hash takes half a
second on the test machine); the parameters the server uses are checked on their own.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, select

from benchlearn.accounts import (
    Throttle,
    account,
    accounts,
    add_user,
    audit_log,
    csrf_token,
    csrf_valid,
    disable_user,
    end_session,
    log_in,
    make_api_token,
    password_link,
    passwords,
    session_account,
    set_password,
    token_account,
    use_password_link,
    users_frame,
)
from benchlearn.errors import BenchlearnError
from benchlearn.models import LoginAttempt, LoginSession, User, UserToken
from benchlearn.secret import Secret, derive

PASSWORD = "correct horse battery"
START = dt.datetime(2026, 12, 8, 9, 0)
#: The hasher the server uses (the tests below use a quicker one).
SERVER_HASHER = passwords.hasher


class Clock:
    """Now, as the test says."""

    def __init__(self, at: dt.datetime = START) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def move(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its cheapest (one pass over 8 KiB), so a login takes milliseconds."""
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    monkeypatch.setattr(passwords, "hasher", lambda: quick)
    passwords._stand_in.cache_clear()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def anna(workspace: Engine, clock: Clock) -> Engine:
    """The workspace with a facilitator of network T9 whose password is set."""
    add_user(workspace, "Anna@Example.lv", "facilitator", networks=["T9"], actor="cli:t", now=clock)
    set_password(workspace, "anna@example.lv", PASSWORD, actor="cli:t", now=clock)
    return workspace


# --- passwords --------------------------------------------------------------------------


def test_the_server_hashes_with_argon2id_at_rfc_9106s_second_recommended_parameters() -> None:
    """RFC 9106 section 4, second recommended option: argon2id, t=3, 64 MiB, p=4."""
    real = SERVER_HASHER()

    hashed = real.hash(PASSWORD)

    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert real.verify(hashed, PASSWORD)


#: Argon2id test vectors of the reference implementation (github.com/P-H-C/phc-winner-argon2,
#: src/test.c, the CHECK lines of version 0x13): "password" with salt "somesalt", t=2, p=1.
PHC_VECTORS = [
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
]


@pytest.mark.parametrize("vector", PHC_VECTORS)
def test_a_hash_of_the_phc_reference_implementations_test_vectors_is_checked_right(
    vector: str,
) -> None:
    assert passwords.password_matches(vector, "password")
    assert not passwords.password_matches(vector, "passwore")


def test_a_password_is_kept_only_as_its_argon2id_hash(anna: Engine) -> None:
    with anna.connect() as connection:
        stored = connection.execute(select(User.password_hash)).scalar_one()

    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert passwords.password_matches(stored, PASSWORD)
    assert not passwords.password_matches(stored, PASSWORD + "!")


def test_a_short_password_is_refused_without_being_repeated(anna: Engine) -> None:
    with pytest.raises(BenchlearnError) as refused:
        set_password(anna, "anna@example.lv", "short pass", actor="cli:t")

    assert str(refused.value) == "the password is too short: it needs at least 12 characters"
    assert refused.value.text("lv") == "parole ir pārāk īsa: tajā jābūt vismaz 12 rakstzīmēm"


# --- users ------------------------------------------------------------------------------


def test_users_are_added_with_role_municipality_and_networks(workspace: Engine) -> None:
    add_user(workspace, "janis@bauska.lv", "municipality", municipality="B2", networks=["T9"],
             actor="cli:t")  # fmt: skip
    add_user(workspace, "eva@example.lv", "analyst", actor="cli:t")
    with workspace.connect() as connection:
        frame = users_frame(accounts(connection))

    assert frame.drop(columns="created").to_dict("records") == [
        {"email": "eva@example.lv", "role": "analyst", "municipality": None, "networks": "",
         "status": "no_password"},
        {"email": "janis@bauska.lv", "role": "municipality", "municipality": "B2",
         "networks": "T9", "status": "no_password"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("email", "role", "municipality", "networks", "message"),
    [
        ("not-an-address", "analyst", None, [], "'not-an-address' is not an email address"),
        ("a@b.lv", "municipality", None, [], "a@b.lv: a municipality user needs --municipality "
         "CODE, the municipality it answers for"),
        ("a@b.lv", "analyst", "B2", [], "a@b.lv: only a municipality user has a municipality, "
         "not a user with the role analyst; leave out --municipality"),
        ("a@b.lv", "municipality", "ZZ", [], "municipality 'ZZ' is not in the registry; see "
         "`benchlearn municipalities`"),
        ("a@b.lv", "analyst", None, ["T9", "NO"], "network 'NO' does not exist; see "
         "`benchlearn networks`"),
        ("a@b.lv", "boss", None, [], "'boss' is not a role; use one of facilitator, "
         "municipality, analyst"),
    ],
)  # fmt: skip
def test_a_user_that_cannot_be_is_refused_and_nothing_is_written(
    workspace: Engine,
    email: str,
    role: str,
    municipality: str | None,
    networks: list[str],
    message: str,
) -> None:
    with pytest.raises(BenchlearnError) as refused:
        add_user(workspace, email, role, municipality=municipality, networks=networks,
                 actor="cli:t")  # fmt: skip

    assert str(refused.value) == message
    with workspace.connect() as connection:
        assert accounts(connection) == []
        assert audit_log(connection).empty


def test_one_person_is_one_account_whatever_the_case_of_the_email(anna: Engine) -> None:
    with pytest.raises(BenchlearnError) as refused:
        add_user(anna, " ANNA@example.LV ", "analyst", actor="cli:t")

    assert (
        str(refused.value) == "anna@example.lv already has an account; see `benchlearn users list`"
    )


# --- one-time links ---------------------------------------------------------------------


def test_a_link_sets_the_password_once_and_before_it_expires(
    workspace: Engine, clock: Clock
) -> None:
    add_user(workspace, "eva@example.lv", "analyst", actor="cli:t", now=clock)
    token, expires = password_link(workspace, "eva@example.lv", actor="cli:t", now=clock)
    late, _ = password_link(workspace, "eva@example.lv", actor="cli:t", now=clock)
    with workspace.connect() as connection:
        kept = connection.execute(select(UserToken.token_hash)).scalars().all()

    assert expires == START + dt.timedelta(days=3)
    assert token not in kept and late not in kept  # only hashes are kept
    with pytest.raises(BenchlearnError, match="does not work"):  # the newer link replaced it
        use_password_link(workspace, token, PASSWORD, now=clock)
    clock.move(days=2, hours=23)
    found = use_password_link(workspace, late, PASSWORD, address="10.0.0.7", now=clock)
    assert found.has_password
    with pytest.raises(BenchlearnError) as again:
        use_password_link(workspace, late, PASSWORD, now=clock)
    assert str(again.value) == (
        "this link to set a password does not work (any more); ask the network's facilitator "
        "for a new one"
    )


def test_an_expired_link_does_not_work(workspace: Engine, clock: Clock) -> None:
    add_user(workspace, "eva@example.lv", "analyst", actor="cli:t", now=clock)
    token, _ = password_link(workspace, "eva@example.lv", actor="cli:t", now=clock)
    clock.move(days=3)

    with pytest.raises(BenchlearnError, match="does not work"):
        use_password_link(workspace, token, PASSWORD, now=clock)


def test_a_reset_clears_the_password_and_ends_every_session(anna: Engine, clock: Clock) -> None:
    session = log_in(anna, "anna@example.lv", PASSWORD, now=clock).session
    assert session is not None

    password_link(anna, "anna@example.lv", actor="cli:t", clear=True, now=clock)

    with anna.connect() as connection:
        assert session_account(connection, session, now=clock) is None
        assert not account(connection, "anna@example.lv").has_password
    assert not log_in(anna, "anna@example.lv", PASSWORD, now=clock).succeeded


# --- login ------------------------------------------------------------------------------


def test_login_gives_a_session_kept_only_as_a_hash(anna: Engine, clock: Clock) -> None:
    result = log_in(anna, "ANNA@example.lv", PASSWORD, address="10.0.0.7", now=clock)

    assert result.succeeded and result.account is not None
    assert result.account.email == "anna@example.lv"
    assert result.session is not None and result.session not in repr(result)
    with anna.connect() as connection:
        kept = connection.execute(select(LoginSession.token_hash)).scalar_one()
        assert kept != result.session and len(kept) == 64
        assert session_account(connection, result.session, now=clock) == result.account


def test_unknown_email_wrong_password_disabled_and_no_password_get_one_answer(
    anna: Engine, clock: Clock
) -> None:
    add_user(anna, "new@example.lv", "analyst", actor="cli:t", now=clock)
    add_user(anna, "gone@example.lv", "analyst", actor="cli:t", now=clock)
    set_password(anna, "gone@example.lv", PASSWORD, actor="cli:t", now=clock)
    disable_user(anna, "gone@example.lv", actor="cli:t", now=clock)

    answers = {
        who: log_in(anna, who, password, now=clock)
        for who, password in [
            ("nobody@example.lv", PASSWORD),
            ("anna@example.lv", "wrong horse battery"),
            ("gone@example.lv", PASSWORD),
            ("new@example.lv", PASSWORD),
        ]
    }

    assert {repr(a) for a in answers.values()} == {"LoginResult(account=None, refused_until=None)"}
    assert set(answers.values()) == {answers["nobody@example.lv"]}


def test_an_unknown_email_costs_one_argon2_check_as_a_wrong_password_does(
    anna: Engine, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    quick = passwords.hasher()
    monkeypatch.setattr(
        passwords, "hasher", lambda: type("H", (), {
            "verify": lambda _self, h, p: checked.append(h) or quick.verify(h, p),
            "check_needs_rehash": lambda _self, h: quick.check_needs_rehash(h),
            "hash": lambda _self, p: quick.hash(p),
        })()
    )  # fmt: skip

    log_in(anna, "nobody@example.lv", PASSWORD, now=clock)
    log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)

    assert [h.split("$")[1] for h in checked] == ["argon2id", "argon2id"]


def test_five_failures_for_an_email_lock_it_for_fifteen_minutes(anna: Engine, clock: Clock) -> None:
    for _ in range(5):
        assert not log_in(anna, "anna@example.lv", "wrong horse battery", now=clock).succeeded
        clock.move(minutes=1)
    last_failure = clock.at - dt.timedelta(minutes=1)

    refused = log_in(anna, "anna@example.lv", PASSWORD, now=clock)
    assert refused.refused_until == last_failure + dt.timedelta(minutes=15)
    assert not refused.succeeded
    assert log_in(anna, "other@example.lv", PASSWORD, now=clock).refused_until is None
    clock.at = last_failure + dt.timedelta(minutes=15)
    assert log_in(anna, "anna@example.lv", PASSWORD, now=clock).succeeded


def test_a_success_clears_the_count_of_failures(anna: Engine, clock: Clock) -> None:
    for _ in range(4):
        log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)
    assert log_in(anna, "anna@example.lv", PASSWORD, now=clock).succeeded

    result = log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)

    assert result.refused_until is None


def test_failures_from_one_address_lock_the_address_for_every_email(
    anna: Engine, clock: Clock
) -> None:
    policy = Throttle(per_email=5, per_address=3)
    for who in ("a@example.lv", "b@example.lv", "c@example.lv"):
        log_in(anna, who, PASSWORD, address="203.0.113.9", throttle=policy, now=clock)

    there = log_in(anna, "anna@example.lv", PASSWORD, address="203.0.113.9", throttle=policy,
                   now=clock)  # fmt: skip
    elsewhere = log_in(anna, "anna@example.lv", PASSWORD, address="198.51.100.1",
                       throttle=policy, now=clock)  # fmt: skip

    assert there.refused_until == START + dt.timedelta(minutes=15)
    assert elsewhere.succeeded


def test_attempts_too_old_to_lock_anything_are_forgotten(anna: Engine, clock: Clock) -> None:
    log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)
    clock.move(minutes=30)
    log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)
    clock.move(seconds=1)
    log_in(anna, "anna@example.lv", PASSWORD, now=clock)

    with anna.connect() as connection:
        kept = connection.execute(select(LoginAttempt.at).order_by(LoginAttempt.at)).scalars()
        assert list(kept) == [START + dt.timedelta(minutes=30), clock.at]
        assert audit_log(connection)["action"].tolist()[-3:] == [
            "login_failed",
            "login_failed",
            "login",
        ]


# --- sessions, CSRF, tokens ---------------------------------------------------------------


def test_a_session_ends_at_expiry_at_logout_and_when_the_user_is_disabled(
    anna: Engine, clock: Clock
) -> None:
    first = log_in(anna, "anna@example.lv", PASSWORD, now=clock).session
    second = log_in(anna, "anna@example.lv", PASSWORD, now=clock).session
    third = log_in(anna, "anna@example.lv", PASSWORD, now=clock).session
    assert first and second and third
    assert end_session(anna, second, now=clock)
    assert not end_session(anna, second, now=clock)

    with anna.connect() as connection:
        assert session_account(connection, second, now=clock) is None
        clock.move(hours=11, minutes=59)
        assert session_account(connection, first, now=clock) is not None
        clock.move(minutes=1)
        assert session_account(connection, first, now=clock) is None
    clock.at = START
    disable_user(anna, "anna@example.lv", actor="cli:t", now=clock)
    with anna.connect() as connection:
        assert session_account(connection, third, now=clock) is None


def test_csrf_tokens_are_tied_to_the_session_and_to_the_secret() -> None:
    secret = Secret(b"s" * 32, "test")
    other = Secret(b"t" * 32, "test")

    token = csrf_token(secret, "session-a")

    assert len(token) == 64
    assert csrf_valid(secret, "session-a", token)
    assert not csrf_valid(secret, "session-b", token)
    assert not csrf_valid(other, "session-a", token)


def test_derived_keys_and_csrf_tokens_match_openssls_hmac_sha256() -> None:
    """Known answers computed with OpenSSL 3 (an implementation of its own):
    ``printf 'forms\\0salt' | openssl dgst -sha256 -hmac kkkk…`` (32 k's), and the CSRF token
    as ``printf session-a | openssl dgst -sha256 -mac HMAC -macopt hexkey:<the csrf key>``."""
    secret = Secret(b"k" * 32, "test")

    assert derive(secret, "forms", b"salt").hex() == (
        "d8788ae2e6fac2319bbf75d1e817d89f9c17748f033fd219c2a5c15a54fd97bd"
    )
    assert derive(secret, "csrf").hex() == (
        "70d2bc0b3257c80923e34a91a93c0e6d18590f7736b6261040f55e263c7be18b"
    )
    assert csrf_token(secret, "session-a") == (
        "5df2105d6249d37042937c74a84e77007d29073069d4bd7de19fa66e91251283"
    )


def test_an_api_token_works_until_it_expires_or_its_user_is_disabled(
    anna: Engine, clock: Clock
) -> None:
    token, expires = make_api_token(anna, "anna@example.lv", name="nightly", actor="cli:t",
                                    lifetime=dt.timedelta(days=30), now=clock)  # fmt: skip
    forever, never = make_api_token(anna, "anna@example.lv", name="site", actor="cli:t", now=clock)

    assert expires == START + dt.timedelta(days=30) and never is None
    with anna.connect() as connection:
        assert token_account(connection, token, now=clock) is not None
        assert token_account(connection, "made-up", now=clock) is None
        clock.move(days=30)
        assert token_account(connection, token, now=clock) is None
        assert token_account(connection, forever, now=clock) is not None
    disable_user(anna, "anna@example.lv", actor="cli:t", now=clock)
    with anna.connect() as connection:
        assert token_account(connection, forever, now=clock) is None


# --- the audit log ----------------------------------------------------------------------


def test_every_login_and_change_is_in_the_audit_log(anna: Engine, clock: Clock) -> None:
    log_in(anna, "anna@example.lv", "wrong horse battery", address="10.0.0.7", now=clock)
    clock.move(minutes=1)
    session = log_in(anna, "anna@example.lv", PASSWORD, address="10.0.0.7", now=clock).session
    assert session is not None
    end_session(anna, session, address="10.0.0.7", now=clock)
    clock.move(minutes=1)
    add_user(anna, "eva@example.lv", "analyst", actor="anna@example.lv", now=clock)

    with anna.connect() as connection:
        everything = audit_log(connection)
        annas = audit_log(connection, user="ANNA@example.lv", since=START + dt.timedelta(minutes=1))

    assert everything[["actor", "action", "subject", "detail", "address"]].to_dict("split")[
        "data"
    ] == [
        ["cli:t", "user_added", "anna@example.lv", "facilitator T9", None],
        ["cli:t", "password_set", "anna@example.lv", "", None],
        ["anna@example.lv", "login_failed", "anna@example.lv", "", "10.0.0.7"],
        ["anna@example.lv", "login", "anna@example.lv", "", "10.0.0.7"],
        ["anna@example.lv", "logout", "anna@example.lv", "", "10.0.0.7"],
        ["anna@example.lv", "user_added", "eva@example.lv", "analyst", None],
    ]
    assert annas["action"].tolist() == ["login", "logout", "user_added"]
    assert annas["at"].tolist() == [START + dt.timedelta(minutes=m) for m in (1, 1, 2)]


def test_no_password_reaches_the_database_or_the_log(
    anna: Engine, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    log_in(anna, "anna@example.lv", "wrong horse battery", now=clock)
    log_in(anna, "anna@example.lv", PASSWORD, now=clock)

    with anna.connect() as connection:
        dumped = repr([connection.execute(select(t)).all() for t in User.metadata.sorted_tables])
    assert PASSWORD not in dumped and "wrong horse battery" not in dumped
    assert PASSWORD not in caplog.text
