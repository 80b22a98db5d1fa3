"""Signing in: an email and a password checked, throttled and recorded.

The answer is the same for an unknown email, a wrong password, a disabled user
and a user who has not set a password yet: a login that failed. It takes the
same time too, since one argon2 check is made in every case
(:func:`.passwords.password_matches`). A throttled login is refused before the
password is checked, and says until when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, update

from benchlearn.accounts.audit import record
from benchlearn.accounts.model import EMAIL_LENGTH, Account, Clock, normal_email, utc_now
from benchlearn.accounts.passwords import needs_rehash, password_matches, rehashed
from benchlearn.accounts.sessions import SESSION_LIFETIME, start_session
from benchlearn.accounts.throttle import THROTTLE, Throttle, record_attempt, refused_until
from benchlearn.accounts.users import find_account
from benchlearn.models import User


@dataclass(frozen=True)
class LoginResult:
    """What a login gave: the user and a session token, or nothing (failed), or nothing
    until a time (throttled)."""

    account: Account | None = None
    session: str | None = None
    refused_until: dt.datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.session is not None

    def __repr__(self) -> str:  # never the session token
        who = self.account.email if self.account else None
        return f"LoginResult(account={who!r}, refused_until={self.refused_until!r})"


def log_in(
    engine: Engine,
    email: str,
    password: str,
    *,
    address: str | None = None,
    throttle: Throttle = THROTTLE,
    lifetime: dt.timedelta = SESSION_LIFETIME,
    now: Clock = utc_now,
) -> LoginResult:
    """Check ``email`` and ``password`` from ``address``; on success, a new session."""
    typed = normal_email(email)[:EMAIL_LENGTH]
    with engine.begin() as connection:
        moment = now()
        until = refused_until(connection, typed, address, moment, throttle)
        if until is not None:
            record(connection, "login_refused", typed, actor=typed, address=address, now=now)
            return LoginResult(refused_until=until)
        found = find_account(connection, typed)
        stored = found[1] if found is not None and found[0].active else None
        matches = password_matches(stored, password)
        record_attempt(connection, typed, address, moment, matches, throttle)
        if not matches or found is None:
            record(connection, "login_failed", typed, actor=typed, address=address, now=now)
            return LoginResult()
        user = found[0]
        if stored is not None and needs_rehash(stored):
            connection.execute(
                update(User).where(User.id == user.id).values(password_hash=rehashed(password))
            )
        session = start_session(connection, user.id, moment, lifetime)
        record(connection, "login", user.email, actor=user.email, address=address, now=now)
        return LoginResult(account=user, session=session)
