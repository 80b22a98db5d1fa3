"""Passwords: kept only as argon2id hashes (argon2-cffi), checked in constant time.

The parameters are RFC 9106's second recommended option (64 MiB of memory, three
passes, four lanes), which takes about a tenth of a second on a server: slow
enough that a stolen hash is costly to guess, fast enough for a login.
A hash made with weaker parameters is remade at the next login
(:func:`needs_rehash`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: Shorter passwords are refused: twelve characters of a passphrase resist guessing.
MIN_LENGTH = 12
#: Longer ones too: hashing a megabyte of "password" would be a way to load the server.
MAX_LENGTH = 1024


@functools.cache
def hasher() -> PasswordHasher:
    """The argon2id hasher (argon2 is imported on first use, not at ``--help``)."""
    from argon2 import PasswordHasher, Type

    return PasswordHasher(
        time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32, salt_len=16, type=Type.ID
    )


def check_rules(password: str) -> None:
    """Refuse a password too short or too long (its length is said, never the password)."""
    if len(password) < MIN_LENGTH:
        raise BenchlearnError.of("acc_password_short", {"least": MIN_LENGTH})
    if len(password) > MAX_LENGTH:
        raise BenchlearnError.of("acc_password_long", {"most": MAX_LENGTH})


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (``$argon2id$v=19$m=65536,t=3,p=4$...``), after
    :func:`check_rules`."""
    check_rules(password)
    return hasher().hash(password)


@functools.cache
def _stand_in() -> str:
    """A hash no password is known for, checked when there is no user or no password, so
    that an unknown email takes as long as a wrong password."""
    import secrets

    return hasher().hash(secrets.token_urlsafe(32))


def password_matches(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` hashes; with no hash, False after the same
    work (argon2's comparison is constant-time, and the work does not depend on the user)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if len(password) > MAX_LENGTH:
        password = password[:MAX_LENGTH]
        stored = None
    try:
        hasher().verify(stored or _stand_in(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored is not None


def rehashed(password: str) -> str:
    """A new hash of a password that was just checked, made with :func:`hasher`'s
    parameters (no rules: the password was accepted when it was set)."""
    return hasher().hash(password)


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with other parameters than :func:`hasher`'s."""
    return hasher().check_needs_rehash(stored)
