"""Users: add, list, disable; passwords set through a one-time link or given directly;
API tokens for scripts. Every change is written with its audit entry.

A password is never stored, printed or logged: only its argon2id hash is kept
(:mod:`.passwords`). A one-time link's token and an API token are shown once,
when made, and kept only as SHA-256 hashes (:func:`.model.token_hash`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Row, insert, select, update

from benchlearn.accounts.audit import record
from benchlearn.accounts.model import (
    ROLES,
    Account,
    Clock,
    checked_email,
    new_token,
    normal_email,
    token_hash,
    utc_now,
)
from benchlearn.accounts.passwords import hash_password
from benchlearn.errors import BenchlearnError
from benchlearn.limits import LENGTHS
from benchlearn.models import LoginSession, Municipality, Network, User, UserNetwork, UserToken

if TYPE_CHECKING:
    import pandas as pd

#: How long a link to set a password works: long enough for a holiday weekend.
LINK_LIFETIME = dt.timedelta(days=3)
#: The columns of :func:`users_frame`.
COLUMNS = ["email", "role", "municipality", "networks", "status", "created"]


def add_user(
    engine: Engine,
    email: str,
    role: str,
    *,
    municipality: str | None = None,
    networks: Sequence[str] = (),
    actor: str,
    now: Clock = utc_now,
) -> Account:
    """Add a user with no password yet (:func:`password_link` or :func:`set_password`
    gives one). A municipality user names the municipality it answers for; the others
    may not."""
    email = checked_email(email)
    if role not in ROLES:
        raise BenchlearnError.of("acc_bad_role", {"role": role, "roles": ", ".join(ROLES)})
    if role == "municipality" and municipality is None:
        raise BenchlearnError.of("acc_needs_municipality", {"email": email})
    if role != "municipality" and municipality is not None:
        raise BenchlearnError.of("acc_no_municipality", {"email": email, "role": role})
    with engine.begin() as connection:
        if _user_row(connection, email) is not None:
            raise BenchlearnError.of("acc_user_exists", {"email": email})
        municipality_id = _municipality_id(connection, municipality)
        network_ids = _network_ids(connection, networks)
        user_id = connection.execute(
            insert(User)
            .values(email=email, role=role, municipality_id=municipality_id, created_at=now())
            .returning(User.id)
        ).scalar_one()
        if network_ids:
            connection.execute(
                insert(UserNetwork), [{"user_id": user_id, "network_id": n} for n in network_ids]
            )
        detail = " ".join([role, municipality or "", *networks]).replace("  ", " ").strip()
        record(connection, "user_added", email, actor=actor, detail=detail, now=now)
        return account(connection, email)


def accounts(connection: Connection) -> list[Account]:
    """Every user, by email (two queries, however many users)."""
    return _accounts(connection, None)


def account(connection: Connection, email: str) -> Account:
    """The user with ``email``; refused when there is none."""
    row = _user_row(connection, normal_email(email))
    if row is None:
        raise BenchlearnError.of("acc_unknown_user", {"email": email})
    return _account(connection, row)


def find_account(connection: Connection, email: str) -> tuple[Account, str | None] | None:
    """The user with ``email`` and its password hash, or None (for the login alone)."""
    row = _user_row(connection, normal_email(email))
    return None if row is None else (_account(connection, row), row.password_hash)


def account_by_id(connection: Connection, user_id: int) -> Account:
    """The user with the database id ``user_id``."""
    row = connection.execute(select(User).where(User.id == user_id)).one()
    return _account(connection, row)


def users_frame(found: Iterable[Account]) -> pd.DataFrame:
    """Users as a table. Columns: email, role, municipality (code or None), networks
    (codes joined by spaces), status (``active``, ``no_password``, ``disabled``),
    created (UTC)."""
    import pandas as pd

    found = list(found)
    status = ["disabled" if not a.active else "active" if a.has_password else "no_password"
              for a in found]  # fmt: skip
    columns = {
        "email": [a.email for a in found],
        "role": [a.role for a in found],
        "municipality": pd.Series([a.municipality for a in found], dtype=object),
        "networks": [" ".join(a.networks) for a in found],
        "status": status,
        "created": pd.Series([a.created_at for a in found], dtype="datetime64[us]"),
    }
    return pd.DataFrame(columns)


def disable_user(engine: Engine, email: str, *, actor: str, now: Clock = utc_now) -> Account:
    """Disable a user: its sessions end and its tokens stop working at once; the row stays,
    as the audit log names it."""
    with engine.begin() as connection:
        found = account(connection, email)
        if not found.active:
            raise BenchlearnError.of("acc_already_disabled", {"email": found.email})
        moment = now()
        connection.execute(update(User).where(User.id == found.id).values(disabled_at=moment))
        end_everything(connection, found.id, moment)
        record(connection, "user_disabled", found.email, actor=actor, now=now)
        return account(connection, found.email)


def set_password(
    engine: Engine, email: str, password: str, *, actor: str, now: Clock = utc_now
) -> Account:
    """Give a user a new password (``users add/reset-password --password-stdin``); its
    sessions and unused links end, as after a reset."""
    hashed = hash_password(password)
    with engine.begin() as connection:
        found = _active(connection, email)
        _new_password(connection, found, hashed, now())
        record(connection, "password_set", found.email, actor=actor, now=now)
        return account(connection, found.email)


def password_link(
    engine: Engine,
    email: str,
    *,
    actor: str,
    clear: bool = False,
    lifetime: dt.timedelta = LINK_LIFETIME,
    now: Clock = utc_now,
) -> tuple[str, dt.datetime]:
    """A one-time token for the user to set a password with, and when it expires; earlier
    unused links stop working. With ``clear`` (a reset after a leak), the current password
    and every session end now, so only the link's holder can sign in again."""
    with engine.begin() as connection:
        found = _active(connection, email)
        moment = now()
        _revoke(connection, found.id, "password", moment)
        if clear:
            connection.execute(update(User).where(User.id == found.id).values(password_hash=None))
            end_everything(connection, found.id, moment, tokens=False)
        token = new_token()
        expires = moment + lifetime
        connection.execute(
            insert(UserToken).values(
                user_id=found.id,
                kind="password",
                token_hash=token_hash(token),
                created_at=moment,
                expires_at=expires,
            )
        )
        detail = "cleared" if clear else ""
        record(connection, "password_link", found.email, actor=actor, detail=detail, now=now)
    return token, expires


def use_password_link(
    engine: Engine, token: str, password: str, *, address: str | None = None, now: Clock = utc_now
) -> Account:
    """Set the password of the link's user; the link works once, before it expires, for a
    user not disabled. Every refusal is the same sentence, which tells nothing of why."""
    hashed = hash_password(password)
    with engine.begin() as connection:
        moment = now()
        row = connection.execute(
            select(UserToken.id, UserToken.user_id).where(
                UserToken.token_hash == token_hash(token),
                UserToken.kind == "password",
                UserToken.used_at.is_(None),
                UserToken.revoked_at.is_(None),
                UserToken.expires_at > moment,
            )
        ).one_or_none()
        found = None if row is None else account_by_id(connection, row.user_id)
        if row is None or found is None or not found.active:
            raise BenchlearnError.of("acc_link_invalid", {})
        connection.execute(update(UserToken).where(UserToken.id == row.id).values(used_at=moment))
        _new_password(connection, found, hashed, moment)
        record(connection, "password_set", found.email, actor=found.email, address=address, now=now)
        return account(connection, found.email)


def make_api_token(
    engine: Engine,
    email: str,
    *,
    name: str,
    actor: str,
    lifetime: dt.timedelta | None = None,
    now: Clock = utc_now,
) -> tuple[str, dt.datetime | None]:
    """An API token for the user's scripts, and when it expires (None: never, until the
    user is disabled); shown once, kept as a hash."""
    with engine.begin() as connection:
        found = _active(connection, email)
        moment = now()
        token = new_token()
        expires = None if lifetime is None else moment + lifetime
        connection.execute(
            insert(UserToken).values(
                user_id=found.id,
                kind="api",
                token_hash=token_hash(token),
                name=name[: LENGTHS["user_tokens.name"]],
                created_at=moment,
                expires_at=expires,
            )
        )
        record(connection, "token_made", found.email, actor=actor, detail=name, now=now)
    return token, expires


def token_account(connection: Connection, token: str, *, now: Clock = utc_now) -> Account | None:
    """The active user an API token belongs to, or None (unknown, revoked, expired)."""
    moment = now()
    row = connection.execute(
        select(UserToken.user_id, UserToken.expires_at).where(
            UserToken.token_hash == token_hash(token),
            UserToken.kind == "api",
            UserToken.revoked_at.is_(None),
        )
    ).one_or_none()
    if row is None or (row.expires_at is not None and row.expires_at <= moment):
        return None
    found = account_by_id(connection, row.user_id)
    return found if found.active else None


def end_everything(
    connection: Connection, user_id: int, moment: dt.datetime, *, tokens: bool = True
) -> None:
    """End a user's sessions and (with ``tokens``) revoke its tokens."""
    connection.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
        .values(ended_at=moment)
    )
    if tokens:
        _revoke(connection, user_id, None, moment)


def _new_password(connection: Connection, found: Account, hashed: str, moment: dt.datetime) -> None:
    connection.execute(update(User).where(User.id == found.id).values(password_hash=hashed))
    end_everything(connection, found.id, moment, tokens=False)
    _revoke(connection, found.id, "password", moment)


def _revoke(connection: Connection, user_id: int, kind: str | None, moment: dt.datetime) -> None:
    query = update(UserToken).where(
        UserToken.user_id == user_id, UserToken.revoked_at.is_(None), UserToken.used_at.is_(None)
    )
    if kind is not None:
        query = query.where(UserToken.kind == kind)
    connection.execute(query.values(revoked_at=moment))


def _active(connection: Connection, email: str) -> Account:
    found = account(connection, email)
    if not found.active:
        raise BenchlearnError.of("acc_user_disabled", {"email": found.email})
    return found


def _user_row(connection: Connection, email: str) -> Row[Any] | None:
    return connection.execute(select(User).where(User.email == email)).one_or_none()


def _account(connection: Connection, row: Row[Any]) -> Account:
    (found,) = _accounts(connection, row.id)
    return found


def _accounts(connection: Connection, user_id: int | None) -> list[Account]:
    """The users (one, or all by email) with their municipality's code and networks."""
    users = (
        select(User, Municipality.code.label("municipality"))
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .order_by(User.email)
    )
    networks = select(UserNetwork.user_id, Network.code).join(
        Network, Network.id == UserNetwork.network_id
    )
    if user_id is not None:
        users = users.where(User.id == user_id)
        networks = networks.where(UserNetwork.user_id == user_id)
    codes: dict[int, list[str]] = {}
    for who, code in connection.execute(networks.order_by(Network.code)):
        codes.setdefault(who, []).append(code)
    return [
        Account(
            id=row.id,
            email=row.email,
            role=row.role,
            municipality=row.municipality,
            networks=tuple(codes.get(row.id, ())),
            created_at=row.created_at,
            disabled_at=row.disabled_at,
            has_password=row.password_hash is not None,
        )
        for row in connection.execute(users)
    ]


def _municipality_id(connection: Connection, code: str | None) -> int | None:
    if code is None:
        return None
    found = connection.execute(select(Municipality.id).where(Municipality.code == code)).scalar()
    if found is None:
        raise BenchlearnError.of("acc_unknown_municipality", {"code": code})
    return int(found)


def _network_ids(connection: Connection, codes: Sequence[str]) -> list[int]:
    ids = []
    for code in dict.fromkeys(codes):
        found = connection.execute(select(Network.id).where(Network.code == code)).scalar()
        if found is None:
            raise BenchlearnError.of("acc_unknown_network", {"code": code})
        ids.append(int(found))
    return ids
