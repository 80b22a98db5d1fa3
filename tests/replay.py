"""A local HTTP server that answers as PxWeb and Kolada do, from recorded figures, for `pull` tests.

It listens on 127.0.0.1 in a thread; benchlearn's real client talks to it over
real HTTP. Every request it sees is kept (method, path, query, body, time),
so a test can count calls and the waits between them. ``script`` queues
answers given before the routes (a 429, then a 503, ...).

* PxWeb v1 (:class:`PxWebV1`): GET the table URL for its metadata (the
  documented ``title``/``variables`` format), POST a query for a JSON-stat 2.0
  answer laid out as data.stat.gov.lv lays it out; a query over the table's
  value limit is refused with 403, as PxWeb refuses it.
* PxWeb v2 (:class:`PxWebV2`): GET ``/metadata`` and ``/data`` return recorded
  JSON-stat 2.0 documents.
* Kolada v2 (:class:`Kolada`): GET ``/v2/data/kpi/{kpi}/year/{years}``,
  paged with ``next_page`` as documented, a few values a page.
* Kolada v3 (:class:`KoladaV3`): GET ``/v3/data/kpi/{kpi}/year/{years}`` with
  ``page``, ``per_page`` (capped by the server) and ``from_date``, paged with
  ``next_url``; more than 25 years in the path is refused.
"""

from __future__ import annotations

import csv
import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

DATA = Path(__file__).parent / "data" / "pull"


@dataclass(frozen=True)
class Seen:
    """One request the server saw."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes
    at: float
    #: The request's headers (If-None-Match, If-Modified-Since, ...).
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, document: Any, status: int = 200) -> Answer:
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return cls(status, body, {"Content-Type": "application/json; charset=utf-8"})


Route = Callable[[Seen, str], Answer]


class Replay:
    """The server; ``routes`` maps (method, path) to a function of the request and the base URL."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.script: list[Answer] = []
        self.seen: list[Seen] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.answer("GET")

            def do_POST(self) -> None:
                self.answer("POST")

            def answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                seen = Seen(
                    method,
                    parts.path,
                    dict(parse_qsl(parts.query)),
                    self.rfile.read(length),
                    time.monotonic(),
                    dict(self.headers.items()),
                )
                replay.seen.append(seen)
                if replay.script:
                    found = replay.script.pop(0)
                else:
                    route = replay.route(method, parts.path)
                    found = route(seen, replay.url) if route else Answer(404, b"no such table")
                self.send_response(found.status)
                for name, value in found.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(found.body)))
                self.end_headers()
                self.wfile.write(found.body)

            def log_message(self, *args: Any) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Replay:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, method: str, path: str) -> Route | None:
        """The route of ``path``, or of the longest registered prefix ending in ``/``."""
        if (method, path) in self.routes:
            return self.routes[(method, path)]
        prefixes = [p for m, p in self.routes if m == method and p.endswith("/")]
        found = max((p for p in prefixes if path.startswith(p)), key=len, default=None)
        return self.routes[(method, found)] if found else None

    def calls(self, method: str | None = None) -> list[Seen]:
        return [s for s in self.seen if method is None or s.method == method]


class PxWebV1:
    """A PxWeb v1 table: recorded metadata and cells ``(variable value codes...) -> number``."""

    def __init__(self, metadata: dict[str, Any], cells: dict[tuple[str, ...], float]) -> None:
        self.metadata = metadata
        self.cells = cells
        self.max_values = 3800

    @classmethod
    def irs031(cls) -> PxWebV1:
        """IRS031: the annual average population of the 36 novadi, 2012–2024, as recorded."""
        metadata = json.loads((DATA / "irs031_metadata.json").read_text(encoding="utf-8"))
        cells = {}
        with (DATA / "irs031_cells.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                cells[("POP_AVG", row["AREA"], "IRS031", row["TIME"])] = float(row["value"])
        return cls(metadata, cells)

    def route(self, seen: Seen, base: str) -> Answer:
        if seen.method == "GET":
            return Answer.json(self.metadata)
        query = json.loads(seen.body)
        chosen = {q["code"]: q["selection"]["values"] for q in query["query"]}
        variables = self.metadata["variables"]
        picked = [chosen.get(v["code"], v["values"]) for v in variables]
        if math.prod(len(p) for p in picked) > self.max_values:
            return Answer(403, b"Too many values selected")
        values = []
        for index in range(math.prod(len(p) for p in picked)):
            key = []
            for p in reversed(picked):
                key.append(p[index % len(p)])
                index //= len(p)
            values.append(self.cells.get(tuple(reversed(key))))
        texts = {v["code"]: dict(zip(v["values"], v["valueTexts"], strict=True)) for v in variables}
        return Answer.json(
            {
                "class": "dataset",
                "label": self.metadata["title"],
                "source": "Central Statistical Bureau of Latvia",
                "updated": "2025-06-04T06:00:00Z",
                "id": [v["code"] for v in variables],
                "size": [len(p) for p in picked],
                "dimension": {
                    v["code"]: {
                        "label": v["text"],
                        "category": {
                            "index": {c: i for i, c in enumerate(p)},
                            "label": {c: texts[v["code"]][c] for c in p},
                        },
                    }
                    for v, p in zip(variables, picked, strict=True)
                },
                "value": values,
                "role": {"time": ["TIME"], "metric": ["ContentsCode"]},
                "version": "2.0",
            }
        )


class Kolada:
    """Kolada v2's data route over recorded values, ``per_page`` values a page."""

    def __init__(self, values: list[dict[str, Any]], per_page: int = 20) -> None:
        self.values = values
        self.per_page = per_page

    @classmethod
    def n01951(cls) -> Kolada:
        """N01951 (inhabitants), 12 municipalities 2014–2017 and the whole country."""
        return cls(json.loads((DATA / "kolada_N01951.json").read_text(encoding="utf-8"))["values"])

    def route(self, seen: Seen, base: str) -> Answer:
        years = {int(y) for y in seen.path.rsplit("/", 1)[1].split(",")}
        found = [v for v in self.values if v["period"] in years]
        page = int(seen.query.get("page", "1"))
        chunk = found[(page - 1) * self.per_page : page * self.per_page]
        document: dict[str, Any] = {"count": len(chunk), "values": chunk}
        if page * self.per_page < len(found):
            document["next_page"] = f"{base}{seen.path}?page={page + 1}"
        return Answer.json(document)


class KoladaV3:
    """Kolada v3's data route over recorded answers: at most ``max_per_page`` figures a page
    whatever ``per_page`` asks, and ``changed`` (municipality, year) → the date a figure last
    changed (``default_changed`` for the others), which ``from_date`` filters on."""

    def __init__(self, values: list[dict[str, Any]], max_per_page: int = 30) -> None:
        self.values = values
        self.max_per_page = max_per_page
        self.changed: dict[tuple[str, int], str] = {}
        self.default_changed = "2026-06-01"

    @classmethod
    def n01951(cls, max_per_page: int = 30) -> KoladaV3:
        """N01951 as kolada_v3_N01951.json records it (with one figure marked deleted)."""
        document = json.loads((DATA / "kolada_v3_N01951.json").read_text(encoding="utf-8"))
        return cls(document["values"], max_per_page)

    def route(self, seen: Seen, base: str) -> Answer:
        years = {int(y) for y in seen.path.rsplit("/", 1)[1].split(",")}
        if len(years) > 25:  # rKolada: more than 25 ids in a path segment is an error
            return Answer(400, b"too many values in the path")
        since = seen.query.get("from_date")
        found = [
            v
            for v in self.values
            if v["period"] in years and (since is None or self._changed(v) > since)
        ]
        per_page = min(int(seen.query.get("per_page", "5000")), self.max_per_page)
        page = int(seen.query.get("page", "1"))
        more = page * per_page < len(found)
        following = {**seen.query, "page": str(page + 1)}
        return Answer.json(
            {
                "values": found[(page - 1) * per_page : page * per_page],
                "next_url": f"{base}{seen.path}?{urlencode(following)}" if more else None,
            }
        )

    def _changed(self, value: dict[str, Any]) -> str:
        return self.changed.get((value["municipality"], value["period"]), self.default_changed)
