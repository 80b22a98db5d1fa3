"""Talking to statistics servers politely: one session, retries, a rate limit and a disk cache.

Why this stack: ``requests`` with urllib3's :class:`~urllib3.util.Retry` is the
most widely used and longest-kept HTTP pair in Python; Retry already parses
``Retry-After`` (seconds or a date) for 429 and 503 and backs off
exponentially, so all benchlearn adds is a scale on every wait (tests wait
milliseconds, users the real seconds). The rate limit is a token bucket per
host, filled at the server's published rate (:mod:`.servers`).

The cache is a folder of answers named by the SHA-256 of method, URL and body
(PxWeb v1 queries are POSTs, so the body is part of the key), each with a small
JSON file of what the server said about it. It honours the server's headers
(RFC 9111, as much of it as a one-user client cache needs): ``Cache-Control:
max-age`` (else ``Expires``) says how long an answer is fresh, ``no-cache``
that it is asked again every time, ``no-store`` that it is never kept; an
answer the server says nothing about is fresh for ``max_age`` (24 hours unless
told). A fresh answer is read without a call; a stale one with an ``ETag`` or
``Last-Modified`` is asked again with ``If-None-Match`` / ``If-Modified-Since``,
and a ``304 Not Modified`` keeps the cached body for another period. benchlearn
keeps this cache itself rather than through requests-cache or hishel: the rate
limit and the "N calls (M from the cache)" counts must know whether a request
goes out before it does, which the client sees directly here and would see only
through hooks in a caching session; and these few rules do not justify three
more dependencies. ``refresh`` asks again unconditionally; no cache folder
(``--no-cache``) neither reads nor keeps answers.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.servers import ServerLimits, limits_for

#: Statuses worth asking again: too many requests, and a server briefly unavailable.
RETRY_STATUSES = (429, 502, 503, 504)
USER_AGENT = "benchlearn (municipal benchmarking)"
#: How long an answer the server says nothing about stays fresh: a day, so a daily
#: scheduled pull asks again, and pulls within the day read the cache.
DEFAULT_MAX_AGE = 24 * 3600.0


class PullError(BenchlearnError):
    """A server could not be reached or refused an answer; the message is one line.

    ``status`` is the HTTP status of a refusal (None when no answer came)."""

    status: int | None = None


class _ScaledRetry(Retry):
    """urllib3's Retry with every wait (Retry-After and back-off) multiplied by ``scale``."""

    scale: float = 1.0

    def new(self, **kw: Any) -> _ScaledRetry:
        renewed = super().new(**kw)
        renewed.scale = self.scale
        return renewed

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else seconds * self.scale

    def get_backoff_time(self) -> float:
        return super().get_backoff_time() * self.scale


class TokenBucket:
    """At most ``calls`` calls per ``period`` seconds, with bursts up to ``calls``."""

    def __init__(self, calls: int, period: float, scale: float = 1.0) -> None:
        self.rate = calls / period
        self.capacity = float(calls)
        self.tokens = float(calls)
        self.scale = scale
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> None:
        """Wait (scaled) until a call is allowed, then use it up."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens < 1:
                time.sleep((1 - self.tokens) / self.rate * self.scale)
                self.tokens = 1.0
                self.stamp = time.monotonic()
            self.tokens -= 1


@dataclass
class Client:
    """An HTTP client for statistics servers; counts what it did.

    ``cache`` is a folder (None: no cache); ``refresh`` fetches again and
    overwrites the cached answers. ``wait_scale`` multiplies every wait:
    Retry-After, back-off and the rate limit (1 for real servers; tests use
    a small one). ``retries`` is how often one call is tried again;
    ``max_values`` lowers every server's values-per-call limit (to be gentle).
    ``max_age`` is how many seconds an answer stays fresh when its server says
    nothing (see the module's doc); ``clock`` tells the time (tests move it).
    ``calls`` counts the requests that reached a server, ``cache_hits`` the
    answers read from the cache (fresh, or confirmed by a 304: such an answer
    is counted in both), ``revalidated`` the 304s.
    """

    cache: Path | None = None
    refresh: bool = False
    max_age: float = DEFAULT_MAX_AGE
    clock: Callable[[], float] = field(default=time.time, repr=False)
    wait_scale: float = 1.0
    retries: int = 5
    timeout: float = 60.0
    max_values: int | None = None
    calls: int = 0
    cache_hits: int = 0
    revalidated: int = 0
    buckets: dict[str, TokenBucket] = field(default_factory=dict, repr=False)
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        retry = _ScaledRetry(
            total=self.retries,
            connect=min(self.retries, 1),  # an unknown name or a closed port rarely heals
            read=min(self.retries, 2),
            backoff_factor=0.5,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,  # PxWeb queries are POSTs, and they are safe to repeat
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.scale = self.wait_scale
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT

    def limits(self, url: str) -> ServerLimits:
        """The limits of the server ``url`` points at (``max_values`` lowering its own)."""
        limits = limits_for(url)
        if self.max_values is not None and self.max_values < limits.max_values:
            limits = replace(limits, max_values=self.max_values)
        return limits

    def get(
        self, url: str, params: dict[str, str] | None = None, *, revalidate: bool = False
    ) -> bytes:
        """The body of a GET (from the cache when it holds it). ``revalidate`` asks the
        server even when the cached answer is fresh (conditionally, when it can):
        for what must be current, such as a table's metadata under ``--since-last``."""
        if params:
            url = requests.Request("GET", url, params=params).prepare().url or url
        return self._fetch("GET", url, None, revalidate)

    def post_json(self, url: str, body: bytes) -> bytes:
        """The body of a POST of the JSON ``body`` (from the cache when it holds it)."""
        return self._fetch("POST", url, body)

    def _fetch(self, method: str, url: str, body: bytes | None, revalidate: bool = False) -> bytes:
        path = self._cached(method, url, body)
        entry = _Entry.read(path) if path is not None and not self.refresh else None
        if entry is not None and not revalidate and entry.fresh(self.clock(), self.max_age):
            self.cache_hits += 1
            return entry.body
        conditions = entry.conditions() if entry is not None else {}
        response = self._call(method, url, body, conditions)
        if response.status_code == 304 and entry is not None:
            self.cache_hits += 1
            self.revalidated += 1
            if path is not None:
                _Entry.write(path, entry.body, _policy(response.headers, entry.meta), self.clock())
            return entry.body
        if path is not None:
            policy = _policy(response.headers)
            if policy.get("no_store"):
                _Entry.forget(path)
            else:
                _Entry.write(path, response.content, policy, self.clock())
        return response.content

    def _cached(self, method: str, url: str, body: bytes | None) -> Path | None:
        if self.cache is None:
            return None
        digest = hashlib.sha256(f"{method} {url}\n".encode() + (body or b"")).hexdigest()
        host = urlsplit(url).hostname or "local"
        return self.cache / host / digest[:2] / f"{digest}.body"

    def _bucket(self, url: str) -> TokenBucket:
        limits = self.limits(url)
        if limits.host not in self.buckets:
            self.buckets[limits.host] = TokenBucket(
                limits.calls_per_period, limits.period_seconds, self.wait_scale
            )
        return self.buckets[limits.host]

    def _call(
        self, method: str, url: str, body: bytes | None, conditions: dict[str, str]
    ) -> requests.Response:
        host = urlsplit(url).hostname or url
        self._bucket(url).take()
        self.calls += 1
        headers = {"Content-Type": "application/json"} if body is not None else {}
        headers.update(conditions)
        try:
            response = self.session.request(
                method, url, data=body, headers=headers, timeout=self.timeout
            )
        except requests.exceptions.RetryError as error:
            raise PullError.of("pull_refused", {"host": host, "reason": _reason(error)}) from None
        except (requests.ConnectionError, requests.Timeout) as error:
            values = {"host": host, "reason": _reason(error)}
            raise PullError.of("pull_unreachable", values) from None
        except requests.RequestException as error:
            raise PullError.of(
                "pull_unreachable", {"host": host, "reason": _reason(error)}
            ) from None
        if response.status_code >= 400:
            values = {
                "host": host,
                "status": f"{response.status_code} {response.reason}",
                "url": url,
                "says": _server_says(response),
            }
            refused = PullError.of("pull_answered", values)
            refused.status = response.status_code
            raise refused
        return response

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()


_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_age(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``24h`` or ``7d`` as seconds (``0``: always ask again)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if found is None:
        raise BenchlearnError.of("pull_bad_age", {"age": text})
    return float(found.group(1)) * _UNITS[found.group(2) or "s"]


def _reason(error: Exception) -> str:
    """The innermost reason of a requests/urllib3 error, in one short line."""
    reason: Any = error
    for _ in range(5):
        inner = getattr(reason, "reason", None) or (reason.args[0] if reason.args else None)
        if inner is None or inner is reason or isinstance(inner, str):
            break
        reason = inner
    text = _CONNECTION.sub("", str(reason)).strip()
    return text.splitlines()[0] if text else type(reason).__name__


#: urllib3's prefix naming the connection object, which says nothing to a user.
_CONNECTION = re.compile(r"^<?[\w.]*HTTPS?Connection(?:Pool)?\b[^:]*?(?:\)|>):\s*")


def _server_says(response: requests.Response) -> str:
    text = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
    return f": {text}" if text else ""


@dataclass(frozen=True)
class _Entry:
    """One cached answer: its body and what the server said about it (``meta``)."""

    body: bytes
    meta: dict[str, Any]

    @staticmethod
    def read(path: Path) -> _Entry | None:
        """The answer cached at ``path`` (None when there is none). An answer kept before
        the cache had expiry (a body without its JSON) counts as stored when written."""
        if not path.is_file():
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {"stored": path.stat().st_mtime}
        return _Entry(path.read_bytes(), meta if isinstance(meta, dict) else {})

    @staticmethod
    def write(path: Path, body: bytes, policy: dict[str, Any], now: float) -> None:
        """Keep ``body`` and its policy at ``path``; never a half-written answer."""
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, data in (
            (path, body),
            (path.with_suffix(".json"), json.dumps({**policy, "stored": now}).encode()),
        ):
            partial = target.with_suffix(target.suffix + ".part")
            partial.write_bytes(data)
            partial.replace(target)

    @staticmethod
    def forget(path: Path) -> None:
        """Remove what is cached at ``path`` (the server said ``no-store``)."""
        for target in (path, path.with_suffix(".json")):
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


def _policy(headers: Any, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the headers of an answer say about caching it: ``max_age`` (seconds, None when
    the server says nothing), ``no_cache``, ``no_store``, ``etag``, ``last_modified``.
    A 304 may leave validators out; those of ``before`` (the cached answer's) then stay."""
    control = str(headers.get("Cache-Control") or "").lower()
    directives = {part.strip().split("=")[0] for part in control.split(",")}
    found = _MAX_AGE.search(control)
    max_age: float | None = float(found.group(1)) if found else None
    if max_age is None and headers.get("Expires"):
        max_age = _expires_in(str(headers["Expires"]), str(headers.get("Date") or ""))
    policy: dict[str, Any] = {
        "max_age": max_age,
        "no_cache": "no-cache" in directives,
        "no_store": "no-store" in directives,
        "etag": headers.get("ETag") or (before or {}).get("etag"),
        "last_modified": headers.get("Last-Modified") or (before or {}).get("last_modified"),
    }
    return policy


def _expires_in(expires: str, date: str) -> float:
    """Seconds from the answer's ``Date`` (else now) until ``Expires``; 0 when unreadable
    (RFC 9111: an invalid date means already expired)."""
    try:
        end = parsedate_to_datetime(expires).timestamp()
        start = parsedate_to_datetime(date).timestamp() if date else time.time()
    except (TypeError, ValueError, IndexError):
        return 0.0
    return max(0.0, end - start)
