"""The disk cache of `pull`'s answers: one body and one small JSON of what the server said.

An answer is kept at ``<folder>/<host>/<2 hex>/<sha256>.body`` (the SHA-256 of
method, URL and body: PxWeb v1 queries are POSTs, so the body is part of the
key) beside ``<sha256>.json``, which holds the caching policy of the answer's
headers (:func:`policy`), when it was stored, and the body's size and SHA-256.
Both are written whole (beside their place, then moved in). A body that does
not match its recorded size and SHA-256 (a disk that filled, a file cut or
edited by hand) or whose JSON cannot be read is *damaged*: it is never used,
and the client says so and asks the server again, rather than letting the
damage surface as an answer that "is not JSON".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def entry_path(folder: Path, method: str, url: str, body: bytes | None) -> Path:
    """Where the answer to ``method url`` (with ``body``) is kept in ``folder``."""
    digest = hashlib.sha256(f"{method} {url}\n".encode() + (body or b"")).hexdigest()
    host = urlsplit(url).hostname or "local"
    return folder / host / digest[:2] / f"{digest}.body"


class Damaged(Exception):
    """A cached answer whose body or record cannot be trusted (see the module's doc)."""


@dataclass(frozen=True)
class Entry:
    """One cached answer: its body and what the server said about it (``meta``)."""

    body: bytes
    meta: dict[str, Any]

    @staticmethod
    def read(path: Path, max_bytes: int) -> Entry | None:
        """The answer cached at ``path`` (None when there is none).

        An answer kept before the cache had expiry (a body without its JSON)
        counts as stored when written. Raises :class:`Damaged` for a body that
        does not match its record, a record that is not JSON, or a body larger
        than ``max_bytes`` (which no server's answer may be).
        """
        try:
            if not path.is_file():
                return None
            record = path.with_suffix(".json")
            if path.stat().st_size > max_bytes:
                raise Damaged(path)
            if not record.is_file():
                return Entry(path.read_bytes(), {"stored": path.stat().st_mtime})
            meta = json.loads(record.read_text(encoding="utf-8"))
            body = path.read_bytes()
        except (OSError, ValueError) as error:  # unreadable, or a record that is not JSON
            raise Damaged(path) from error
        if not isinstance(meta, dict):
            raise Damaged(path)
        if "sha256" in meta and (
            meta.get("size") != len(body) or meta["sha256"] != hashlib.sha256(body).hexdigest()
        ):
            raise Damaged(path)
        return Entry(body, meta)

    @staticmethod
    def write(path: Path, body: bytes, policy: dict[str, Any], now: float) -> None:
        """Keep ``body`` and its policy at ``path``; never a half-written answer."""
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            **policy,
            "stored": now,
            "size": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        for target, data in ((path, body), (path.with_suffix(".json"), json.dumps(meta).encode())):
            partial = target.with_suffix(target.suffix + ".part")
            partial.write_bytes(data)
            partial.replace(target)

    @staticmethod
    def forget(path: Path) -> None:
        """Remove what is cached at ``path`` (the server said ``no-store``, or it is damaged);
        what cannot be removed is left (the next read finds it damaged again)."""
        for target in (path, path.with_suffix(".json")):
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)

    def fresh(self, now: float, default: float) -> bool:
        """Whether the answer may be used without asking the server."""
        if self.meta.get("no_cache"):
            return False
        lifetime = self.meta.get("max_age")
        if lifetime is None:
            lifetime = default
        return now - float(self.meta.get("stored", 0.0)) < float(lifetime)

    def conditions(self) -> dict[str, str]:
        """The headers that ask the server whether the cached answer still holds."""
        found = {}
        if self.meta.get("etag"):
            found["If-None-Match"] = str(self.meta["etag"])
        if self.meta.get("last_modified"):
            found["If-Modified-Since"] = str(self.meta["last_modified"])
        return found


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def policy(headers: Any, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the headers of an answer say about caching it: ``max_age`` (seconds, None when
    the server says nothing), ``no_cache``, ``no_store``, ``etag``, ``last_modified``.
    A 304 may leave validators out; those of ``before`` (the cached answer's) then stay."""
    control = str(headers.get("Cache-Control") or "").lower()
    directives = {part.strip().split("=")[0] for part in control.split(",")}
    found = _MAX_AGE.search(control)
    max_age: float | None = float(found.group(1)) if found else None
    if max_age is None and headers.get("Expires"):
        max_age = _expires_in(str(headers["Expires"]), str(headers.get("Date") or ""))
    return {
        "max_age": max_age,
        "no_cache": "no-cache" in directives,
        "no_store": "no-store" in directives,
        "etag": headers.get("ETag") or (before or {}).get("etag"),
        "last_modified": headers.get("Last-Modified") or (before or {}).get("last_modified"),
    }


def _expires_in(expires: str, date: str) -> float:
    """Seconds from the answer's ``Date`` (else now) until ``Expires``; 0 when unreadable
    (RFC 9111: an invalid date means already expired)."""
    try:
        end = parsedate_to_datetime(expires).timestamp()
        start = parsedate_to_datetime(date).timestamp() if date else time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0.0
    return max(0.0, end - start)
