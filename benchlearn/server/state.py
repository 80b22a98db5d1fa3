"""What the server holds for its whole life: the database engine, the secret, its settings
and the site data it has read, kept here so that every view reaches them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from benchlearn.accounts import THROTTLE, Throttle
from benchlearn.secret import Secret


@dataclass
class Server:
    """One running server.

    ``lang``: the language of a page that asks for none (``--lang``); ``trusted_proxies``:
    the addresses whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed (the TLS
    proxy's, ``--trusted-proxy``); ``throttle``: the login throttle's policy.
    """

    engine: Engine
    secret: Secret
    lang: str = "en"
    trusted_proxies: frozenset[str] = field(default_factory=frozenset)
    throttle: Throttle = THROTTLE
