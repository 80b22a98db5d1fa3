"""Talking to statistics servers politely: one session, retries, a rate limit and a disk cache.

Why this stack: ``requests`` with urllib3's :class:`~urllib3.util.Retry` is the
most widely used and longest-kept HTTP pair in Python; Retry already parses
``Retry-After`` (seconds or a date) for 429 and 503 and backs off
exponentially, so all benchlearn adds is a scale on every wait (tests wait
milliseconds, users the real seconds). The rate limit is a token bucket per
host, filled at the server's published rate (:mod:`.servers`). The cache is a
folder of answers named by the SHA-256 of method, URL and body: small, with no
expiry rules to reason about, and a repeated pull reads it without touching a
server (``--refresh`` fetches again).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field, replace
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


class PullError(BenchlearnError):
    """A server could not be reached or refused an answer; the message is one line."""


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
    """

    cache: Path | None = None
    refresh: bool = False
    wait_scale: float = 1.0
    retries: int = 5
    timeout: float = 60.0
    max_values: int | None = None
    calls: int = 0
    cache_hits: int = 0
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

    def get(self, url: str, params: dict[str, str] | None = None) -> bytes:
        """The body of a GET (from the cache when it holds it)."""
        if params:
            url = requests.Request("GET", url, params=params).prepare().url or url
        return self._fetch("GET", url, None)

    def post_json(self, url: str, body: bytes) -> bytes:
        """The body of a POST of the JSON ``body`` (from the cache when it holds it)."""
        return self._fetch("POST", url, body)

    def _fetch(self, method: str, url: str, body: bytes | None) -> bytes:
        path = self._cached(method, url, body)
        if path is not None and path.is_file() and not self.refresh:
            self.cache_hits += 1
            return path.read_bytes()
        answer = self._call(method, url, body)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(answer)
            partial.replace(path)  # never a half-written answer in the cache
        return answer

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

    def _call(self, method: str, url: str, body: bytes | None) -> bytes:
        host = urlsplit(url).hostname or url
        self._bucket(url).take()
        self.calls += 1
        headers = {"Content-Type": "application/json"} if body is not None else {}
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
            raise PullError.of("pull_answered", values)
        return response.content

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()


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
