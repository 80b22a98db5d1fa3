"""Kolada's key figures for Swedish municipalities, over its API v3 (and the retired v2).

v3 (the default, ``https://api.kolada.se/v3``): ``GET
/data/kpi/{kpi}/year/{years}?per_page=5000`` answers ``{"values": [{"kpi",
"municipality", "period", "values": [{"gender", "count", "status", "value",
"isdeleted"}]}], "next_url"}``; ``next_url`` (null or missing on the last page)
is followed; ``per_page`` is at most 5,000; a path segment takes at most 25 ids,
so years are asked 25 at a time; ``from_date=YYYY-MM-DD`` returns only figures
updated after that date (what ``pull --since-last`` asks); a figure marked
``isdeleted`` is left out; no figures at all is ``{"values": []}``. Learned
from rKolada 0.3 (github.com/LCHansson/rKolada: NEWS.md "rKolada 0.3.0",
R/data.R ``compose_data_query``/``get_values``, R/aaa_utils.R
``chunk_vector``), whose tests run against the live v3 API, and from the v3
answers in the tests of another public client (the Python package
``nordicintel_harvest``, ``providers/adapters/kolada``: ``isdeleted`` inside
each figure, ``"next_url": null``). RKA's own reference is the Swagger
page at https://api.kolada.se/v3/docs.

v2 (``--kolada-url https://api.kolada.se/v2``): the same route without
parameters, ``next_page`` instead of ``next_url`` (github.com/Hypergene/kolada,
README.rst). It was shut down on 31 March 2026 (rKolada NEWS.md), so a 404 or
410 from a v2 URL is told as that, with the option that fixes it.

Municipality ids are Statistics Sweden's 4-digit codes ("0180" Stockholm);
``0000`` is the whole country and ids starting with ``G`` are groups, neither
a municipality.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import Client, PullError, follow, host_of, read_json
from benchlearn.importing.statistics.cube import Category, Cube, Dimension

BASE = "https://api.kolada.se/v3"
#: Years asked for when none are given: Kolada's figures start in the late 1990s.
FIRST_YEAR = 1998
#: v3 refuses a path segment (KPIs, municipalities, years) of more ids than this.
MAX_IN_PATH = 25
#: The most figures v3 gives in one page.
PER_PAGE = 5000
#: The most pages one request is followed for: a KPI's 25 years of every municipality
#: and group are a few pages of 5,000, so 100 is far beyond any real answer and stops
#: a server that always says "next page".
MAX_PAGES = 100


@dataclass(frozen=True)
class KoladaValue:
    """One figure of a KPI: municipality id, year, value (None when missing) and status."""

    municipality: str
    year: int
    value: float | None
    status: str
    gender: str = "T"


def api_version(base: str) -> str:
    """``v2`` for a base URL ending in ``/v2``, else ``v3``."""
    return "v2" if urlsplit(base).path.rstrip("/").endswith("/v2") else "v3"


def data_urls(
    kpi: str, years: Sequence[int], base: str = BASE, since: dt.date | None = None
) -> list[str]:
    """The first page of every request for a KPI's figures of ``years``: one for v2, one
    per 25 years for v3 (with ``per_page`` and, given ``since``, ``from_date``)."""
    root = f"{base.rstrip('/')}/data/kpi/{kpi}/year/"
    ordered = sorted(years)
    if api_version(base) == "v2":
        return [root + ",".join(map(str, ordered))]
    query = {"per_page": str(PER_PAGE)}
    if since is not None:
        query["from_date"] = since.isoformat()
    return [
        root + ",".join(map(str, ordered[i : i + MAX_IN_PATH])) + "?" + urlencode(query)
        for i in range(0, len(ordered), MAX_IN_PATH)
    ]


def fetch_pages(client: Client, url: str, max_pages: int | None = None) -> list[tuple[str, bytes]]:
    """Every page of an answer with its address, following ``next_url`` (v3) or
    ``next_page`` (v2): at most ``max_pages`` (:data:`MAX_PAGES`), each address once and
    on the first page's host (or one the definition allows), so a server that always
    says "next page" is refused rather than followed for ever."""
    limit = MAX_PAGES if max_pages is None else max_pages
    host = urlsplit(url).hostname or url
    pages: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    next_url: str | None = url
    while next_url:
        if next_url in seen:
            raise PullError.of("pull_kolada_page_loop", {"host": host, "url": next_url})
        if len(pages) >= limit:
            raise PullError.of(
                "pull_kolada_too_many_pages", {"host": host, "url": url, "count": limit}
            )
        if not client.allows(next_url, host):
            other = host_of(next_url)
            values = {"host": host, "url": pages[-1][0] if pages else url, "other": other}
            raise PullError.of("pull_redirect_elsewhere", values)
        seen.add(next_url)
        try:
            page = client.get(next_url)
        except PullError as error:
            if error.status in (404, 410) and "/v2/" in urlsplit(next_url).path:
                raise PullError.of(
                    "pull_kolada_v2_retired", {"url": next_url, "status": error.status, "v3": BASE}
                ) from None
            raise
        pages.append((next_url, page))
        data = _read(page, next_url)
        following = data.get("next_url") or data.get("next_page")
        if following is not None and following is not False and not isinstance(following, str):
            raise BenchlearnError.of("pull_kolada_bad_next", {"url": next_url})
        next_url = follow(next_url, following) if following else None
        if next_url is not None and not next_url.isprintable():
            raise BenchlearnError.of("pull_kolada_bad_next", {"url": pages[-1][0]})
    return pages


def _read(page: bytes, url: str) -> dict[str, Any]:
    data = read_json(page, url, "pull_kolada_not_json")
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise BenchlearnError.of("pull_kolada_no_values", {"url": url})
    return data


def read_values(pages: Iterable[bytes], url: str, gender: str = "T") -> Iterator[KoladaValue]:
    """The figures of one gender (``T`` total) in the pages, municipalities only.

    Each figure must be as Kolada documents it: an item is an object with a
    municipality id (a string), a period (a year) and a list of values, each
    value a number or null. Anything else (a string for an item, ``2020a`` for
    a period, ``true`` or ``"12"`` for a value) is refused naming the page and
    the figure, never read as something near it.
    """
    for page in pages:
        for index, item in enumerate(_read(page, url)["values"], start=1):
            cells = item.get("values", []) if isinstance(item, dict) else None
            municipality = item.get("municipality") if isinstance(item, dict) else None
            if not isinstance(municipality, str) or not isinstance(cells, list):
                raise BenchlearnError.of("pull_kolada_bad_item", {"url": url, "index": index})
            if municipality == "0000" or municipality.startswith("G"):
                continue  # the whole country, or a group of municipalities
            year = _year(item.get("period"), url, municipality)
            for cell in cells:
                if not isinstance(cell, dict) or not isinstance(cell.get("status"), str | None):
                    raise BenchlearnError.of("pull_kolada_bad_item", {"url": url, "index": index})
                if cell.get("gender") != gender or cell.get("isdeleted"):
                    continue
                key = {"url": url, "municipality": municipality, "year": year, "gender": gender}
                value = _number(cell.get("value"), key)
                yield KoladaValue(municipality, year, value, str(cell.get("status") or ""), gender)


def _year(period: object, url: str, municipality: str) -> int:
    """A period as Kolada gives it (a whole number, or its digits as text) as a year."""
    text = str(period) if isinstance(period, int | str) and not isinstance(period, bool) else ""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        shown = repr(period) if isinstance(period, str) else json.dumps(period)
        values = {"url": url, "period": shown, "municipality": municipality}
        raise BenchlearnError.of("pull_kolada_bad_period", values)
    return int(text)


def _number(value: object, key: dict[str, object]) -> float | None:
    """A figure's value: a finite JSON number, or null for a missing one."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    shown = json.dumps(value, ensure_ascii=False)[:40]
    raise BenchlearnError.of("pull_kolada_bad_value", {**key, "value": shown})


def to_cube(values: Iterable[KoladaValue], source: str) -> Cube:
    """Kolada's figures as a cube (territory × year), so they are matched and turned into
    rows exactly as a PxWeb answer is. A figure Kolada lists without a value is missing
    (``-``); one it does not list at all is no data. The same figure twice (pages that
    overlap) is one; two different figures for one municipality and year are refused,
    naming them, rather than the later silently kept."""
    found: dict[tuple[str, int], KoladaValue] = {}
    for value in values:
        before = found.setdefault((value.municipality, value.year), value)
        if (before.value, before.status) != (value.value, value.status):
            raise BenchlearnError.of(
                "pull_kolada_twice",
                {
                    "url": source,
                    "municipality": value.municipality,
                    "year": value.year,
                    "gender": value.gender,
                    "first": _shown(before),
                    "second": _shown(value),
                },
            )
    places = sorted({m for m, _ in found})
    years = sorted({y for _, y in found})
    cells = [found.get((m, y)) for m in places for y in years]
    return Cube(
        source,
        (
            Dimension("municipality", "Municipality", "geo", tuple(Category(m, m) for m in places)),
            Dimension("year", "Year", "time", tuple(Category(str(y), str(y)) for y in years)),
        ),
        tuple(None if c is None else c.value for c in cells),
        tuple("-" if c is not None and c.value is None else None for c in cells),
    )


def _shown(value: KoladaValue) -> str:
    """A figure as a message shows it: its value (``null`` when missing) and status."""
    shown = "null" if value.value is None else f"{value.value:g}"
    return f"{shown} ({value.status})" if value.status else shown
