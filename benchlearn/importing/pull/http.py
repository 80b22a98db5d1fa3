"""Talking to statistics servers politely and warily: retries, a rate limit, limits, a cache.

Why this stack: ``requests`` (over urllib3) is the most widely used and
longest-kept HTTP client in Python. urllib3 retries what never reached the
server (a refused connection, a dropped read); benchlearn asks again itself
when a server says it is busy (429, 502, 503, 504), after the wait it asks for
(``Retry-After``, seconds or a date) or a doubling back-off, every wait
multiplied by ``wait_scale`` (tests wait milliseconds, users the real
seconds). The rate limit is a token bucket per host, filled at the server's
published rate (:mod:`.servers`).

A server is not trusted to end its answer. Every exchange runs in a worker
thread under limits that are module constants below (a :class:`Client` takes
smaller ones for tests): the answer's size *after* decompression
(:data:`MAX_ANSWER_BYTES`, so neither an endless body nor a gzip bomb fills
memory), the time from asking to the last byte (:data:`ANSWER_SECONDS`, so a
server that drips one byte at a time is left, not only one that falls silent),
the waits a busy server may ask for (:data:`MAX_WAIT_SECONDS`) and the
redirects followed (:data:`MAX_REDIRECTS`), and only to the same host (or the
hosts a definition names in ``hosts:``): data from another server is not
imported under the first one's name. Each failure is one sentence naming the
server; since `pull` fetches everything before it writes, nothing is written.

The cache (:mod:`.cache`) honours the server's headers (RFC 9111, as much of it
as a one-user client cache needs): ``Cache-Control: max-age`` (else
``Expires``) says how long an answer is fresh, ``no-cache`` that it is asked
again every time, ``no-store`` that it is never kept; an answer the server says
nothing about is fresh for ``max_age`` (24 hours unless told). A fresh answer
is read without a call; a stale one with an ``ETag`` or ``Last-Modified`` is
asked again with ``If-None-Match`` / ``If-Modified-Since``, and a ``304 Not
Modified`` keeps the cached body for another period. benchlearn keeps this
cache itself rather than through requests-cache or hishel: the rate limit and
the "N calls (M from the cache)" counts must know whether a request goes out
before it does, which the client sees directly here and would see only through
hooks in a caching session; and these few rules do not justify three more
dependencies. ``refresh`` asks again unconditionally; no cache folder
(``--no-cache``) neither reads nor keeps answers. A damaged cached answer is
said (a note) and asked again.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from benchlearn.errors import BenchlearnError, Problem
from benchlearn.importing.pull.cache import Damaged, Entry, entry_path, policy
from benchlearn.importing.pull.servers import ServerLimits, limits_for

#: Statuses worth asking again: too many requests, and a server briefly unavailable.
RETRY_STATUSES = (429, 502, 503, 504)
#: Statuses that send the client elsewhere (followed within :data:`MAX_REDIRECTS`).
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "benchlearn (municipal benchmarking)"
#: How long an answer the server says nothing about stays fresh: a day, so a daily
#: scheduled pull asks again, and pulls within the day read the cache.
DEFAULT_MAX_AGE = 24 * 3600.0
#: The most bytes one answer may hold, decompressed: a PxWeb answer within a server's
#: value limit, a table's metadata or a Kolada page of 5,000 figures is a few MB;
#: 64 MB leaves room for the largest metadata and stops an endless body or a gzip
#: bomb long before memory suffers (a 3 MB bomb of 3 GB: refused in under a second,
#: about 65 MB more memory).
MAX_ANSWER_BYTES = 64_000_000
#: The longest one exchange may take, from asking to the last byte (the socket
#: timeout alone bounds only each silence, not a server dripping a byte a second).
ANSWER_SECONDS = 120.0
#: The longest one call waits, in all, for a busy server (its Retry-After or the
#: back-off): a server asking for longer is told as that, and nothing is written.
MAX_WAIT_SECONDS = 120.0
#: How many redirects one call follows before it gives up.
MAX_REDIRECTS = 5
#: The first back-off, in seconds, doubled at each retry of a busy server that
#: gives no Retry-After.
BACKOFF = 0.5
#: How much of an answer is read at a time (the most a gzip bomb can grow in one step).
_CHUNK = 64 * 1024


class PullError(BenchlearnError):
    """A server could not be reached or refused an answer; the message is one line.

    ``status`` is the HTTP status of a refusal (None when no answer came)."""

    status: int | None = None


@dataclass(frozen=True)
class Answer:
    """One answer of a server, read whole within the client's limits."""

    status: int
    reason: str
    headers: Mapping[str, str]
    content: bytes


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
    ``max_bytes``, ``answer_seconds`` and ``max_wait`` are the limits of the
    module's doc (the module constants unless told). ``hosts`` are the hosts
    besides a URL's own that a redirect may lead to (:meth:`allowing`).
    ``calls`` counts the requests that reached a server, ``cache_hits`` the
    answers read from the cache (fresh, or confirmed by a 304: such an answer
    is counted in both), ``revalidated`` the 304s; ``notes`` are what the
    client tells besides (a damaged cached answer asked again).
    """

    cache: Path | None = None
    refresh: bool = False
    max_age: float = DEFAULT_MAX_AGE
    clock: Callable[[], float] = field(default=time.time, repr=False)
    wait_scale: float = 1.0
    retries: int = 5
    timeout: float = 60.0
    max_values: int | None = None
    max_bytes: int = field(default_factory=lambda: MAX_ANSWER_BYTES)
    answer_seconds: float = field(default_factory=lambda: ANSWER_SECONDS)
    max_wait: float = field(default_factory=lambda: MAX_WAIT_SECONDS)
    hosts: frozenset[str] = frozenset()
    calls: int = 0
    cache_hits: int = 0
    revalidated: int = 0
    notes: list[Problem] = field(default_factory=list)
    buckets: dict[str, TokenBucket] = field(default_factory=dict, repr=False)
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def __post_init__(self) -> None:
        retry = Retry(
            total=self.retries,
            connect=min(self.retries, 1),  # an unknown name or a closed port rarely heals
            read=min(self.retries, 2),
            status=0,  # a busy server is asked again by _retrying, within max_wait
            respect_retry_after_header=False,  # ... and its Retry-After read there
            redirect=False,
            backoff_factor=0.5 * self.wait_scale,
            allowed_methods=None,  # PxWeb queries are POSTs, and they are safe to repeat
            raise_on_status=False,
        )
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

    @contextmanager
    def allowing(self, hosts: frozenset[str]) -> Iterator[None]:
        """Redirects may lead to ``hosts`` too while the block runs (a definition's ``hosts:``)."""
        before = self.hosts
        self.hosts = before | {h.lower() for h in hosts}
        try:
            yield
        finally:
            self.hosts = before

    def allows(self, url: str, host: str) -> bool:
        """Whether an address ``host`` gave (a redirect, a next page) may be followed."""
        try:
            parts = urlsplit(url)
            target = (parts.hostname or "").lower()
        except ValueError:  # not an address at all ("http://[")
            return False
        if not url.isprintable():  # no address holds control characters
            return False
        return parts.scheme in ("http", "https") and target in {host.lower(), *self.hosts}

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
        path = entry_path(self.cache, method, url, body) if self.cache is not None else None
        entry = None
        if path is not None and not self.refresh:
            try:
                entry = Entry.read(path, self.max_bytes)
            except Damaged:
                Entry.forget(path)
                note = Problem.of(url, "pull_cache_damaged", {"url": url, "path": str(path)})
                self.notes.append(note)
        if entry is not None and not revalidate and entry.fresh(self.clock(), self.max_age):
            self.cache_hits += 1
            return entry.body
        conditions = entry.conditions() if entry is not None else {}
        answer = self._call(method, url, body, conditions)
        if answer.status == 304 and entry is not None:
            self.cache_hits += 1
            self.revalidated += 1
            if path is not None:
                self._keep(path, url, entry.body, policy(answer.headers, entry.meta))
            return entry.body
        if path is not None:
            said = policy(answer.headers)
            if said.get("no_store"):
                Entry.forget(path)
            else:
                self._keep(path, url, answer.content, said)
        return answer.content

    def _keep(self, path: Path, url: str, body: bytes, said: dict[str, Any]) -> None:
        """Cache an answer; a cache folder that cannot be written is said, not fatal: the
        answer is in hand, and the pull goes on without keeping it."""
        try:
            Entry.write(path, body, said, self.clock())
        except OSError as error:
            reason = error.strerror or str(error)
            note = Problem.of(url, "pull_cache_unwritable", {"path": str(path), "reason": reason})
            if note not in self.notes:
                self.notes.append(note)

    def _bucket(self, url: str) -> TokenBucket:
        limits = self.limits(url)
        if limits.host not in self.buckets:
            self.buckets[limits.host] = TokenBucket(
                limits.calls_per_period, limits.period_seconds, self.wait_scale
            )
        return self.buckets[limits.host]

    def _call(
        self, method: str, url: str, body: bytes | None, conditions: dict[str, str]
    ) -> Answer:
        """The answer to one call, redirects followed within the allowed hosts; a refusal
        (a status of 400 or more) is a :class:`PullError`."""
        host = urlsplit(url).hostname or url
        asked = url
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._retrying(method, url, body, conditions)
            if answer.status not in REDIRECT_STATUSES:
                break
            target = follow(url, answer.headers.get("Location") or "")
            if not self.allows(target, host):
                other = host_of(target)
                elsewhere = {"host": host, "url": url, "other": other}
                raise PullError.of("pull_redirect_elsewhere", elsewhere)
            if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
                method, body = "GET", None
            url = target
        else:
            looped: dict[str, object] = {"host": host, "url": asked, "count": MAX_REDIRECTS}
            raise PullError.of("pull_too_many_redirects", looped)
        if answer.status >= 400:
            values = {
                "host": host,
                "status": f"{answer.status} {answer.reason}".strip(),
                "url": url,
                "says": _server_says(answer.content),
            }
            refused = PullError.of("pull_answered", values)
            refused.status = answer.status
            raise refused
        return answer

    def _retrying(
        self, method: str, url: str, body: bytes | None, conditions: dict[str, str]
    ) -> Answer:
        """One exchange, asked again while the server says it is busy (``retries`` times,
        waiting at most ``max_wait`` in all)."""
        host = urlsplit(url).hostname or url
        headers = {"Content-Type": "application/json"} if body is not None else {}
        headers.update(conditions)
        waited = 0.0
        for attempt in range(self.retries + 1):
            self._bucket(url).take()
            self.calls += 1
            answer = self._exchange(method, url, body, headers)
            if answer.status not in RETRY_STATUSES or attempt == self.retries:
                return answer
            wait = _retry_after(answer.headers.get("Retry-After"))
            if wait is None:
                wait = BACKOFF * 2**attempt
            if waited + wait > self.max_wait:
                values = {"host": host, "seconds": _seconds(wait), "limit": _seconds(self.max_wait)}
                raise PullError.of("pull_wait_too_long", values)
            waited += wait
            time.sleep(wait * self.wait_scale)
        raise AssertionError("unreachable: the last attempt returns")  # pragma: no cover

    def _exchange(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> Answer:
        """One request and its whole answer, within ``answer_seconds`` and ``max_bytes``.

        The exchange runs in a daemon thread: a server that keeps it busy
        (headers or body dripped a byte at a time) is left behind when the time
        is up, and the thread stops at its next read (or with the process).
        """
        host = urlsplit(url).hostname or url
        deadline = time.monotonic() + self.answer_seconds
        stop = threading.Event()
        outcome: list[Answer | BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._download(method, url, body, headers, deadline, stop))
            except BaseException as error:  # handed to the calling thread
                outcome.append(error)

        worker = threading.Thread(target=work, name="benchlearn-pull", daemon=True)
        worker.start()
        worker.join(self.answer_seconds)
        if worker.is_alive() or not outcome:
            stop.set()
            values = {"host": host, "url": url, "seconds": _seconds(self.answer_seconds)}
            raise PullError.of("pull_too_slow", values)
        found = outcome[0]
        if isinstance(found, Answer):
            return found
        raise _failure(found, host, url) from None

    def _download(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        deadline: float,
        stop: threading.Event,
    ) -> Answer:
        host = urlsplit(url).hostname or url
        response = self.session.request(
            method,
            url,
            data=body,
            headers=headers,
            timeout=min(self.timeout, self.answer_seconds),
            stream=True,
            allow_redirects=False,
        )
        too_big = PullError.of(
            "pull_too_big", {"host": host, "url": url, "size": _mb(self.max_bytes)}
        )
        try:
            declared = str(response.headers.get("Content-Length") or "")
            if declared.isdigit() and int(declared) > self.max_bytes and not _encoded(response):
                raise too_big
            parts: list[bytes] = []
            size = 0
            while True:
                if stop.is_set() or time.monotonic() > deadline:
                    values = {"host": host, "url": url, "seconds": _seconds(self.answer_seconds)}
                    raise PullError.of("pull_too_slow", values)
                part = response.raw.read1(_CHUNK, decode_content=True)
                if not part:
                    break
                size += len(part)
                if size > self.max_bytes:
                    raise too_big
                parts.append(part)
        finally:
            response.close()
        return Answer(
            response.status_code,
            printable(str(response.reason or "")),
            response.headers,
            b"".join(parts),
        )

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()


def read_json(body: bytes, url: str, not_json: str) -> Any:
    """An answer's JSON; one that is not JSON is the message ``not_json`` (naming ``url``),
    one nested too deeply for Python's parser is said as that."""
    try:
        return json.loads(body)
    except RecursionError:
        raise BenchlearnError.of("pull_too_deep", {"url": url}) from None
    except ValueError:
        raise BenchlearnError.of(not_json, {"url": url}) from None


def host_of(url: str) -> str:
    """The host an address names, for a message (the address itself when it names none)."""
    try:
        return printable(urlsplit(url).hostname or url)
    except ValueError:
        return printable(url)


def follow(base: str, address: str) -> str:
    """Where an address a server gave (a redirect, a next page) leads from ``base``; one
    that cannot be read as an address leads nowhere allowed (it is returned as given)."""
    try:
        return urljoin(base, address)
    except ValueError:
        return address


def _encoded(response: requests.Response) -> bool:
    """Whether the body is compressed (its declared length is then not its size)."""
    return bool(str(response.headers.get("Content-Encoding") or "").strip())


def _failure(error: BaseException, host: str, url: str) -> BaseException:
    """What went wrong in an exchange, as the one sentence a user reads."""
    if isinstance(error, BenchlearnError):
        return error
    if isinstance(error, (requests.ConnectionError, requests.Timeout)) and not isinstance(
        error, requests.exceptions.ChunkedEncodingError
    ):
        return PullError.of("pull_unreachable", {"host": host, "reason": _reason(error)})
    if isinstance(error, _BROKEN):
        return PullError.of("pull_broken", {"host": host, "url": url})
    return error  # not the server's doing (an interrupt, or a fault of benchlearn's own)


#: What requests, urllib3 and http.client raise for an answer that breaks the protocol
#: (cut short, a bad chunk, bad compression, headers no server may send; requests reads
#: a redirect's Location even when it does not follow it, and a Location that is no
#: address at all is a ValueError).
_BROKEN = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
)


def _retry_after(text: str | None) -> float | None:
    """Seconds a ``Retry-After`` asks for (a number or an HTTP date); None when it says none
    that can be read (the back-off then applies)."""
    if text is None:
        return None
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - time.time())


def _seconds(value: float) -> str:
    """Seconds as a user reads them: whole when they are, else to the millisecond."""
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.3g}"


def _mb(size: int) -> str:
    """A size in MB as a user reads it (``64 MB``, ``0.001 MB``)."""
    return f"{size / 1e6:.3g} MB"


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


def _server_says(content: bytes) -> str:
    """The first line of a refusal's body (what the server says), short, with control
    characters shown escaped (a server's text never moves the user's cursor)."""
    said = content[:2000].decode("utf-8", errors="replace").strip()
    text = said.splitlines()[0][:200] if said else ""
    return f": {printable(text)}" if text else ""


def printable(text: str) -> str:
    """A server's text with control characters shown escaped (``\\x1b``), so that what a
    server says never moves the user's cursor or forges output."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
