"""The audit log: every login, change and publication, with who, what, when and where.

Entries are only ever added. The actor is a user's email on the server, and on the
command line ``cli:`` and the operating system's user name (:func:`local_actor`):
who ran the command on the machine that holds the database.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, insert, or_, select

from benchlearn.accounts.model import Clock, normal_email, utc_now
from benchlearn.limits import LENGTHS
from benchlearn.models import AuditEntry

if TYPE_CHECKING:
    import pandas as pd

#: What an entry can record; each has a message ``acc_action_<action>`` to show it in words.
#: ``imported`` is written by the ``import`` command; ``published`` is for the step that
#: makes results visible to an audience (the server's), not for ``site`` or ``report``,
#: which only read and so may run on a read-only replica.
ACTIONS = (
    "login",
    "login_failed",
    "login_refused",
    "logout",
    "user_added",
    "user_disabled",
    "password_link",
    "password_set",
    "token_made",
    "form_key_rotated",
    "imported",
    "published",
    "entry_saved",
    "entry_submitted",
    "round_closed",
    "round_reopened",
)
#: The columns of :func:`audit_log`.
COLUMNS = ["at", "actor", "action", "subject", "detail", "address"]


def local_actor() -> str:
    """Who runs a command on this machine: ``cli:`` and the operating system's user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli:unknown"


def record(
    connection: Connection,
    action: str,
    subject: str,
    *,
    actor: str,
    detail: str = "",
    address: str | None = None,
    now: Clock = utc_now,
) -> None:
    """Add one entry, in the caller's transaction, so the entry and the change it records
    are written together or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    connection.execute(
        insert(AuditEntry).values(
            at=now(),
            actor=actor[: LENGTHS["audit_log.actor"]],
            action=action,
            subject=subject[: LENGTHS["audit_log.subject"]],
            detail=detail,
            address=address,
        )
    )


def audit_log(
    connection: Connection, *, user: str | None = None, since: dt.datetime | None = None
) -> pd.DataFrame:
    """The log, oldest first; ``user`` keeps the entries the user did or was the subject
    of, ``since`` those at or after that time (UTC).

    Columns: at (UTC), actor, action, subject, detail, address (None when not known).
    """
    import pandas as pd

    query = select(*(getattr(AuditEntry, c) for c in COLUMNS)).order_by(
        AuditEntry.at, AuditEntry.id
    )
    if user is not None:
        who = normal_email(user)
        query = query.where(or_(AuditEntry.actor == who, AuditEntry.subject == who))
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    rows = connection.execute(query).all()
    frame = pd.DataFrame({c: pd.Series([r[i] for r in rows], dtype=object)
                          for i, c in enumerate(COLUMNS)})  # fmt: skip
    return frame.astype({"at": "datetime64[us]"})


def record_done(
    engine: Engine, action: str, subject: str, *, detail: str = "", actor: str | None = None
) -> None:
    """Add one entry in a transaction of its own, for a change another transaction made
    (an import, a published site or report): the command's work is done, and says so."""
    with engine.begin() as connection:
        record(connection, action, subject, actor=actor or local_actor(), detail=detail)
