"""Login throttling: after too many failed logins, refuse for a while.

Two counts, each over the last :attr:`Throttle.window`: failures for one email
(someone guessing one person's password) and failures from one address
(someone trying many emails). When either reaches its limit, logins for that
email or from that address are refused until :attr:`Throttle.lockout` after the
last failure, without the password being checked. A refused login is not a
failure (it would extend the lock without end); a success clears the email's
count. An unknown email is counted like a known one, so the throttle's answer
tells nothing about who has an account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select

from benchlearn.limits import LENGTHS
from benchlearn.models import LoginAttempt


@dataclass(frozen=True)
class Throttle:
    """How many failures, in what window, lock for how long."""

    per_email: int = 5
    per_address: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)
    lockout: dt.timedelta = dt.timedelta(minutes=15)


#: The server's policy: five wrong passwords for one email or twenty from one address in
#: fifteen minutes lock that email or address for fifteen minutes.
THROTTLE = Throttle()


def refused_until(
    connection: Connection,
    email: str,
    address: str | None,
    now: dt.datetime,
    policy: Throttle = THROTTLE,
) -> dt.datetime | None:
    """Until when a login for ``email`` from ``address`` is refused; None when it may go on."""
    start = now - policy.window
    last_success = (
        select(func.max(LoginAttempt.at))
        .where(LoginAttempt.email == email, LoginAttempt.succeeded)
        .scalar_subquery()
    )
    counts: list[tuple[int, ColumnElement[bool]]] = [
        (
            policy.per_email,
            (LoginAttempt.email == email) & (LoginAttempt.at > func.coalesce(last_success, start)),
        )
    ]
    if address is not None:
        counts.append((policy.per_address, LoginAttempt.address == address))
    until: dt.datetime | None = None
    for limit, which in counts:
        found, last = connection.execute(
            select(func.count(), func.max(LoginAttempt.at)).where(
                which, ~LoginAttempt.succeeded, LoginAttempt.at >= start, LoginAttempt.at <= now
            )
        ).one()
        if found >= limit and last + policy.lockout > now:
            until = max(until or last, last + policy.lockout)
    return until


def record_attempt(
    connection: Connection,
    email: str,
    address: str | None,
    now: dt.datetime,
    succeeded: bool,
    policy: Throttle = THROTTLE,
) -> None:
    """Keep one login that was tried (the password was checked), and forget the email's
    attempts too old to count in any lock (the audit log keeps every login for good)."""
    connection.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email == email, LoginAttempt.at < now - policy.window - policy.lockout
        )
    )
    connection.execute(
        insert(LoginAttempt).values(
            email=email[: LENGTHS["login_attempts.email"]],
            address=address,
            at=now,
            succeeded=succeeded,
        )
    )
