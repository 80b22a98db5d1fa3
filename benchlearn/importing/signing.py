"""The keys that sign monitoring forms, and their rotation.

A form's key (network, year, municipality, the indicator of every row) is
signed with HMAC-SHA256 under a key derived from the secret kept outside the
database (:mod:`benchlearn.secret`) and a random salt the database stores.
Nobody without both can make or edit a form that imports: a form for another
municipality, year or network, or one made by another installation (another
database or another secret, such as a copy of the database on another
machine), is refused. A key an earlier benchlearn stored in the database (before
revision 0007) still verifies the forms it signed, so a round in progress goes
on; it never signs a new form, and ``forms rotate-key --retire-old`` retires it.

A form names the secret that signed it by a public id derived from the secret
(it tells nothing about the secret), so a refusal can say why: an edited key,
an unknown secret, a retired one. :func:`rotate_secret` makes a new secret,
which signs every form made from then on. The older ones still verify the
forms already sent out, because a rotation should not void a round in
progress; after a leak, ``retire_old`` retires them, and forms they signed are
refused from then on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from benchlearn.accounts.audit import local_actor, record
from benchlearn.errors import BenchlearnError
from benchlearn.models import FormSecret
from benchlearn.secret import derive, secret_for

SECRET_BYTES = 32
_KEY_ID_MESSAGE = b"benchlearn form key id"
#: A form's signature cell: the signing key's id, a colon, the HMAC-SHA256 in hex.
_SIGNATURE = re.compile(r"[0-9a-f]{16}:[0-9a-f]{64}")


@dataclass(frozen=True)
class SigningKey:
    """One stored secret, with the public id that forms carry."""

    secret: bytes
    created_at: dt.datetime
    retired_at: dt.datetime | None
    #: Stored in the database by an earlier benchlearn: verifies, never signs.
    stored: bool = False

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.key_id!r}, stored={self.stored})"

    @property
    def key_id(self) -> str:
        """A public name of the secret: 16 hex digits of an HMAC of a fixed text under it."""
        return hmac.new(self.secret, _KEY_ID_MESSAGE, hashlib.sha256).hexdigest()[:16]

    def sign(self, message: str) -> str:
        """The HMAC-SHA256 of ``message`` under this secret, in hex."""
        return hmac.new(self.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def signing_keys(connection: Connection) -> list[SigningKey]:
    """Every key of this database, newest first (retired ones included, to name them in a
    refusal): derived from the outside secret and each row's salt, or stored by an
    earlier benchlearn."""
    rows = connection.execute(
        select(
            FormSecret.secret, FormSecret.salt, FormSecret.created_at, FormSecret.retired_at
        ).order_by(FormSecret.id.desc())
    ).all()
    outside = secret_for(connection) if any(r.salt is not None for r in rows) else None
    keys = []
    for r in rows:
        if r.salt is not None and outside is not None:
            keys.append(
                SigningKey(derive(outside, "forms", bytes(r.salt)), r.created_at, r.retired_at)
            )
        else:
            keys.append(SigningKey(bytes(r.secret), r.created_at, r.retired_at, stored=True))
    return keys


def current_key(keys: Sequence[SigningKey]) -> SigningKey:
    """The key that signs new forms: the newest derived one not retired."""
    for key in keys:
        if key.retired_at is None and not key.stored:
            return key
    raise BenchlearnError.of("form_no_secret", {})


def rotate_secret(
    engine: Engine, *, retire_old: bool = False, actor: str | None = None
) -> tuple[SigningKey, int]:
    """Make a new signing key (a new salt); with ``retire_old``, retire every earlier one,
    those an earlier benchlearn stored included. The audit log records it, done by
    ``actor`` (default: :func:`benchlearn.accounts.local_actor`).

    Returns the new key and how many earlier keys are still accepted.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        if retire_old:
            connection.execute(
                update(FormSecret).where(FormSecret.retired_at.is_(None)).values(retired_at=now)
            )
        connection.execute(
            insert(FormSecret).values(salt=secrets.token_bytes(SECRET_BYTES), created_at=now)
        )
        keys = signing_keys(connection)
        detail = f"{keys[0].key_id} retired_old" if retire_old else keys[0].key_id
        record(connection, "form_key_rotated", "forms", actor=actor or local_actor(), detail=detail)
    accepted = [k for k in keys[1:] if k.retired_at is None]
    return keys[0], len(accepted)


def verify(keys: Sequence[SigningKey], key_id: str, message: str, signature: str) -> str:
    """Why ``signature`` does not sign ``message``, as a message key; ``""`` when it does.

    ``form_other_database`` when no stored secret has ``key_id``, ``form_key_retired``
    when it was retired, ``form_key_changed`` when the signature does not match.
    A signature that is not a key id and an HMAC (one overwritten by hand) is
    ``form_key_changed`` too. Comparisons take the same time however much matches.
    """
    if not _SIGNATURE.fullmatch(f"{key_id}:{signature}"):
        return "form_key_changed"
    found = next((k for k in keys if hmac.compare_digest(k.key_id, key_id)), None)
    if found is None:
        return "form_other_database"
    if not hmac.compare_digest(found.sign(message), signature):
        return "form_key_changed"
    if found.retired_at is not None:
        return "form_key_retired"
    return ""
