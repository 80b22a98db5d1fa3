"""Sessions of a signed-in browser, and the CSRF tokens of its forms.

A session token is random, given to the browser once (its cookie) and kept
only as its SHA-256 with an expiry: a stolen copy of the database opens no
session. A session ends when it expires, at logout, when the user is disabled
or its password changes.

A form the server shows carries a CSRF token: an HMAC of the session token
under a key derived from the secret kept outside the database
(:mod:`benchlearn.secret`), so another site cannot post a form in the user's
name, and no copy of the database can make one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy import Connection, Engine, select, update

from benchlearn.accounts.audit import record
from benchlearn.accounts.model import Account, Clock, new_token, token_hash, utc_now
from benchlearn.accounts.users import account_by_id
from benchlearn.models import LoginSession
from benchlearn.secret import Secret, derive

#: How long a session lasts after login: a working day.
SESSION_LIFETIME = dt.timedelta(hours=12)


def start_session(
    connection: Connection,
    user_id: int,
    moment: dt.datetime,
    lifetime: dt.timedelta = SESSION_LIFETIME,
) -> str:
    """A new session for the user, in the caller's transaction; returns its token (the
    only time it is seen)."""
    from sqlalchemy import insert

    token = new_token()
    connection.execute(
        insert(LoginSession).values(
            user_id=user_id,
            token_hash=token_hash(token),
            created_at=moment,
            expires_at=moment + lifetime,
        )
    )
    return token


def session_account(connection: Connection, token: str, *, now: Clock = utc_now) -> Account | None:
    """The active user a session token signs in, or None: unknown, ended or expired, or
    its user disabled."""
    row = connection.execute(
        select(LoginSession.user_id).where(
            LoginSession.token_hash == token_hash(token),
            LoginSession.ended_at.is_(None),
            LoginSession.expires_at > now(),
        )
    ).one_or_none()
    if row is None:
        return None
    found = account_by_id(connection, row.user_id)
    return found if found.active else None


def end_session(
    engine: Engine, token: str, *, address: str | None = None, now: Clock = utc_now
) -> bool:
    """Log out: end the session ``token`` opens; whether there was one to end."""
    with engine.begin() as connection:
        found = session_account(connection, token, now=now)
        if found is None:
            return False
        connection.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == token_hash(token))
            .values(ended_at=now())
        )
        record(connection, "logout", found.email, actor=found.email, address=address, now=now)
    return True


def csrf_token(secret: Secret, session_token: str) -> str:
    """The CSRF token of the session's forms: HMAC-SHA256 of the session token, in hex."""
    key = derive(secret, "csrf")
    return hmac.new(key, session_token.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_valid(secret: Secret, session_token: str, given: str) -> bool:
    """Whether ``given`` is the session's CSRF token (compared in constant time)."""
    return hmac.compare_digest(csrf_token(secret, session_token), given)
