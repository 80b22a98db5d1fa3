"""Kolada's key figures for Swedish municipalities, over its v2 API.

``GET https://api.kolada.se/v2/data/kpi/{kpi}/year/{years}`` answers
``{"values": [{"kpi", "municipality", "period", "values": [{"gender",
"status", "value", "count"}]}], "count", "next_page"}``, at most 5,000 a
page; ``next_page`` is followed until it is missing. Municipality ids are
Statistics Sweden's 4-digit codes ("0180" Stockholm); ``0000`` is the whole
country and ids starting with ``G`` are groups, neither a municipality.
(The format is documented at github.com/Hypergene/kolada, README.rst.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import Client
from benchlearn.importing.statistics.cube import Category, Cube, Dimension

BASE = "https://api.kolada.se/v2"
#: Years asked for when none are given: Kolada's figures start in the late 1990s.
FIRST_YEAR = 1998


@dataclass(frozen=True)
class KoladaValue:
    """One figure of a KPI: municipality id, year, value (None when missing) and status."""

    municipality: str
    year: int
    value: float | None
    status: str


def data_url(kpi: str, years: Sequence[int], base: str = BASE) -> str:
    """The first page of a KPI's figures for ``years``."""
    return f"{base.rstrip('/')}/data/kpi/{kpi}/year/{','.join(map(str, sorted(years)))}"


def fetch_pages(client: Client, url: str) -> list[bytes]:
    """Every page of an answer, following ``next_page``."""
    pages = []
    seen = set()
    next_url: str | None = url
    while next_url and next_url not in seen:
        seen.add(next_url)
        page = client.get(next_url)
        pages.append(page)
        next_url = _read(page, url).get("next_page") or None
    return pages


def _read(page: bytes, url: str) -> dict[str, Any]:
    try:
        data = json.loads(page)
    except ValueError:
        raise BenchlearnError(f"{url}: Kolada's answer is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise BenchlearnError(f"{url}: Kolada's answer has no values")
    return data


def read_values(pages: Iterable[bytes], url: str, gender: str = "T") -> Iterator[KoladaValue]:
    """The figures of one gender (``T`` total) in the pages, municipalities only."""
    for page in pages:
        for item in _read(page, url)["values"]:
            municipality = str(item.get("municipality", ""))
            if municipality == "0000" or municipality.startswith("G"):
                continue  # the whole country, or a group of municipalities
            for cell in item.get("values", []):
                if cell.get("gender") != gender:
                    continue
                value = cell.get("value")
                yield KoladaValue(
                    municipality,
                    int(item["period"]),
                    None if value is None else float(value),
                    str(cell.get("status") or ""),
                )


def to_cube(values: Iterable[KoladaValue], source: str) -> Cube:
    """Kolada's figures as a cube (territory × year), so they are matched and turned into
    rows exactly as a PxWeb answer is. A figure Kolada lists without a value is missing
    (``-``); one it does not list at all is no data."""
    found = {(v.municipality, v.year): v for v in values}
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
