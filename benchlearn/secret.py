"""The secret that signs forms and sessions, kept outside the database.

A copy of the database that leaves the association (a backup, a laptop, a
dump sent for help) must not be able to sign a monitoring form the
association's database accepts, nor a session's CSRF token. So the secret is
never stored in the database; where it is, in this order:

1. ``BENCHLEARN_SECRET``: the secret itself, at least 32 characters (a server:
   its service manager sets it; ``python -c "import secrets; print(secrets.token_hex(32))"``
   makes one);
2. ``BENCHLEARN_SECRET_FILE``: a file holding it (a server whose secrets are
   mounted as files, e.g. Docker or systemd credentials);
3. else, on a laptop, a file made on first need in the user's configuration
   folder (``BENCHLEARN_CONFIG_DIR``, else platformdirs' ``user_config_dir``),
   ``secrets/<database id>.key``, readable by the user alone. It is named by
   the database's random id (table ``database_identity``), not by the file's
   path, so that moving or renaming the database keeps its secret, and a copy
   on another machine finds no secret and makes one of its own: its forms are
   refused by the original.

Keys for each use are derived from the secret with HMAC-SHA256 (:func:`derive`),
so one secret serves forms and sessions without one key telling the other.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from benchlearn.errors import BenchlearnError, MachineProblem
from benchlearn.models import DatabaseIdentity

SECRET_VAR = "BENCHLEARN_SECRET"
SECRET_FILE_VAR = "BENCHLEARN_SECRET_FILE"
CONFIG_DIR_VAR = "BENCHLEARN_CONFIG_DIR"
#: The shortest secret accepted, in bytes of its UTF-8 text: 32 hex digits are 128 bits.
MIN_LENGTH = 32


@dataclass(frozen=True)
class Secret:
    """The secret and where it was found (a variable's name or a file's path), to name in
    a message without showing the secret."""

    value: bytes
    source: str

    def __repr__(self) -> str:
        return f"Secret(source={self.source!r})"


def config_dir() -> Path:
    """The user's benchlearn configuration folder: ``BENCHLEARN_CONFIG_DIR``, else the
    platform's (``~/.config/benchlearn`` on Linux)."""
    given = os.environ.get(CONFIG_DIR_VAR)
    if given:
        return Path(given)
    from platformdirs import user_config_dir

    return Path(user_config_dir("benchlearn", appauthor=False))


def database_id(connection: Connection) -> str:
    """The database's random id (made by revision 0007)."""
    found = connection.execute(select(DatabaseIdentity.id)).scalar()
    if found is None:
        raise BenchlearnError.of("secret_no_identity", {})
    return str(found)


def laptop_secret_path(connection: Connection) -> Path:
    """Where a laptop keeps this database's secret when no variable names one."""
    return config_dir() / "secrets" / f"{database_id(connection)}.key"


def secret_for(connection: Connection) -> Secret:
    """The secret of the database ``connection`` reaches: ``BENCHLEARN_SECRET``, else the
    file ``BENCHLEARN_SECRET_FILE`` names, else the laptop's file, made when missing."""
    given = os.environ.get(SECRET_VAR)
    if given:
        return _checked(given.encode("utf-8"), SECRET_VAR)
    named = os.environ.get(SECRET_FILE_VAR)
    if named:
        return _read(Path(named))
    path = laptop_secret_path(connection)
    if not path.exists():
        _make(path)
    return _read(path)


def derive(secret: Secret, purpose: str, salt: bytes = b"") -> bytes:
    """A 32-byte key for one ``purpose`` (``forms``, ``csrf``), and one ``salt`` (a form
    key's), from the secret: knowing one derived key tells nothing of another."""
    message = purpose.encode("utf-8") + b"\x00" + salt
    return hmac.new(secret.value, message, hashlib.sha256).digest()


def _checked(value: bytes, source: str) -> Secret:
    if len(value) < MIN_LENGTH:
        raise BenchlearnError.of(
            "secret_too_short", {"source": source, "length": len(value), "least": MIN_LENGTH}
        )
    return Secret(value, source)


def _read(path: Path) -> Secret:
    try:
        text = path.read_bytes()
    except OSError as error:
        raise BenchlearnError.of(
            "secret_unreadable", {"path": str(path), "error": error.strerror or str(error)}
        ) from error
    return _checked(text.strip(), str(path))


def _make(path: Path) -> None:
    """Write a new secret to ``path``, readable by its owner alone. It is written whole
    under another name and then linked to ``path``: when two processes make it at once,
    the first one's is kept and both read it, never half of it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    except OSError as error:
        raise MachineProblem.of(
            "secret_cannot_write", {"path": str(path), "error": error.strerror or str(error)}
        ) from error
