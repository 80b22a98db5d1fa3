"""What an account is, and the small rules every part of accounts shares: roles, how an
email is written, how a token is made and kept, what time it is."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from benchlearn.errors import BenchlearnError
from benchlearn.limits import LENGTHS

#: Who a user is in the network: runs it, answers for one municipality, or reads and analyses.
ROLES = ("facilitator", "municipality", "analyst")
#: A function that says what time it is (naive UTC, as every stored time): injectable, so
#: that expiry and throttling are tested without waiting.
Clock = Callable[[], dt.datetime]
#: The longest email a mail system carries (RFC 5321), and the column's width.
EMAIL_LENGTH = LENGTHS["users.email"]
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def utc_now() -> dt.datetime:
    """Now, in UTC without a zone, as the database keeps times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Account:
    """A user as the rest of benchlearn sees it: never the password's hash."""

    id: int
    email: str
    role: str
    municipality: str | None
    networks: tuple[str, ...]
    created_at: dt.datetime
    disabled_at: dt.datetime | None
    has_password: bool

    @property
    def active(self) -> bool:
        """Whether the user may sign in (not disabled)."""
        return self.disabled_at is None


def normal_email(email: str) -> str:
    """``email`` as it is stored and looked up: without surrounding spaces, in lower case
    (people type their address in any case, and one person must be one account)."""
    return email.strip().lower()


def checked_email(email: str) -> str:
    """:func:`normal_email`, refused when it is not an email address."""
    normal = normal_email(email)
    if len(normal) > EMAIL_LENGTH or not _EMAIL.fullmatch(normal):
        raise BenchlearnError.of("acc_bad_email", {"email": email})
    return normal


def new_token() -> str:
    """A token to give once: 256 random bits, URL-safe (it may end a link)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256 in hex. A token is random and long,
    so a fast hash is enough (unlike a password, it cannot be guessed); a stolen copy of
    the database holds no token that works."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


#: Where the server takes a one-time link to set a password: ``/password/<token>``.
PASSWORD_PATH = "/password/"


def password_url(base_url: str, token: str) -> str:
    """The one-time link to set a password with, on the server at ``base_url``."""
    return base_url.rstrip("/") + PASSWORD_PATH + token
