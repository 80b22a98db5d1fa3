"""PxWeb tables over the API: metadata, queries split to the server's limit, JSON-stat answers.

Two versions of the API are spoken. v1 (``…/api/v1/en/OSP_PUB/…/IRS031``):
GET the table URL for its variables (``code``, ``text``, ``values``,
``valueTexts``, ``time``), POST a query with ``"response": {"format":
"json-stat2"}``. v2 (``…/api/v2/tables/TAB638``): GET ``/metadata`` (JSON-stat
2.0), GET ``/data?outputFormat=json-stat2&valueCodes[VAR]=a,b``.

A query asks one value of every variable the definition selects, every
wanted year of the time variable and every territory; when that is more
values than the server gives in one call, it is split, first by years and
then by territories, and the answers are read one by one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from benchlearn.errors import BenchlearnError
from benchlearn.importing.pull.http import Client, read_json
from benchlearn.importing.statistics.cube import guess_role


@dataclass(frozen=True)
class Variable:
    """One variable of a PxWeb table: its values' codes and texts, and whether it is time."""

    code: str
    text: str
    values: tuple[str, ...]
    texts: tuple[str, ...]
    time: bool = False


@dataclass(frozen=True)
class Table:
    """A PxWeb table's address and variables."""

    url: str
    version: str  # "v1" or "v2"
    title: str
    variables: tuple[Variable, ...]
    #: The table's own stamp of its last change (v2 metadata's ``updated``; None where the
    #: metadata has none, as v1's documented format has not).
    updated: str | None = None

    def variable(self, code: str) -> Variable | None:
        """The variable ``code`` (None when the table has none of that name)."""
        return next((v for v in self.variables if v.code == code), None)


#: A query: variable code → the value codes asked for.
Query = dict[str, list[str]]


def api_version(url: str) -> str:
    """``v2`` for a ``…/api/v2/tables/ID`` URL, else ``v1``."""
    return "v2" if "/api/v2/" in urlsplit(url).path else "v1"


def _v2_url(url: str, tail: str, extra: Sequence[tuple[str, str]] = ()) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query) + list(extra)
    return urlunsplit(
        parts._replace(path=parts.path.rstrip("/") + tail, query=urlencode(query, safe=",[]"))
    )


def read_metadata(url: str, answer: bytes) -> Table:
    """A table's variables from its metadata answer (v1 JSON or v2 JSON-stat).

    Every variable must have values, and as many texts as codes: a table
    without them cannot be asked for anything, and is refused naming the
    variable rather than failing later where the cause cannot be told.
    """
    data = read_json(answer, url, "pull_pxweb_not_json")
    try:
        if api_version(url) == "v2":
            table = _v2_metadata(url, data)
        else:
            variables = tuple(_v1_variable(v) for v in data["variables"])
            table = Table(url, "v1", str(data.get("title", "")), variables, _stamp(data))
    except (KeyError, TypeError, AttributeError, ValueError):
        raise BenchlearnError.of("pull_pxweb_not_metadata", {"url": url}) from None
    for variable in table.variables:
        if not variable.values:
            raise BenchlearnError.of(
                "pull_pxweb_no_values", {"url": url, "variable": variable.code}
            )
        if len(variable.texts) != len(variable.values):
            values = {
                "url": url,
                "variable": variable.code,
                "codes": len(variable.values),
                "texts": len(variable.texts),
            }
            raise BenchlearnError.of("pull_pxweb_texts", values)
    return table


def _v1_variable(raw: Mapping[str, Any]) -> Variable:
    """One variable of v1 metadata; codes and texts must be lists of texts or numbers."""
    codes = _texts(raw["values"])
    return Variable(
        _text(raw["code"]),
        _text(raw.get("text", raw["code"])),
        codes,
        _texts(raw["valueTexts"]) if "valueTexts" in raw else codes,
        bool(raw.get("time", False)),
    )


def _text(value: object) -> str:
    """A code or a text as the metadata must give it: a string or a number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(value)
    return str(value)


def _texts(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TypeError(values)
    return tuple(_text(v) for v in values)


def _v2_metadata(url: str, data: Mapping[str, Any]) -> Table:
    roles = data.get("role") or {}
    time = set(roles.get("time") or [])
    variables = []
    for code in data["id"]:
        dimension = data["dimension"][_text(code)]
        index = dimension["category"]["index"]
        codes = _texts(index) if isinstance(index, list) else tuple(sorted(index, key=index.get))
        labels = dimension["category"].get("label") or {}
        variables.append(
            Variable(
                _text(code),
                _text(dimension.get("label", code)),
                codes,
                tuple(_text(labels.get(c, c)) for c in codes),
                code in time,
            )
        )
    return Table(url, "v2", str(data.get("label", "")), tuple(variables), _stamp(data))


def _stamp(data: Mapping[str, Any]) -> str | None:
    updated = data.get("updated")
    return str(updated) if updated else None


def table_years(table: Table) -> list[int]:
    """The years of the table's time variable (none when it has none)."""
    time = next((v for v in table.variables if v.time), None)
    found = {_year(t) for t in time.values} if time is not None else set()
    return sorted(y for y in found if y is not None)


def metadata_url(url: str) -> str:
    """Where a table's metadata is: the table URL itself (v1), or ``/metadata`` (v2)."""
    return _v2_url(url, "/metadata") if api_version(url) == "v2" else url


def territory_variable(table: Table, select: Mapping[str, str]) -> Variable:
    """The variable of the territories: the one left with several values once every
    variable in ``select`` is fixed, besides time (or, where every variable has one
    value, the one named like a territory: "Region", "Territorial unit"). A select
    the table does not have, or a table where that leaves no variable or several,
    is an error."""
    problems = []
    for code, value in select.items():
        variable = table.variable(code)
        if variable is None:
            known = ", ".join(v.code for v in table.variables)
            problems.append(f"select: the table has no variable {code} (it has {known})")
        elif value not in variable.values:
            shown = ", ".join(variable.values[:12]) + (", …" if len(variable.values) > 12 else "")
            problems.append(f"select: {code} has no value {value} (it has {shown})")
    free = [v for v in table.variables if v.code not in select and not v.time]
    open_ = [v for v in free if len(v.values) > 1]
    if not open_:  # one territory only: the variable whose name says it holds territories
        open_ = [v for v in free if guess_role(v.code, v.text) == "geo"]
    if len(open_) != 1:
        names = ", ".join(v.code for v in open_) or "none"
        problems.append(
            "cannot tell the territory variable: select one value of every variable but "
            f"time and territory (left open: {names})"
        )
    if problems:
        raise BenchlearnError(f"{table.url}: " + "; ".join(problems))
    return open_[0]


def plan_queries(
    table: Table,
    select: Mapping[str, str],
    years: Iterable[int] | None,
    max_values: int,
    territories: Sequence[str] | None = None,
) -> tuple[str, list[Query]]:
    """The territory variable, and the queries that fetch the selection within ``max_values``.

    Every variable but time and territory has one value: the one in ``select``,
    or its only one (:func:`territory_variable`). Only ``territories`` are
    asked (all when None), and only ``years`` (all when None).
    """
    territory = territory_variable(table, select)
    if territories is not None:
        territory = Variable(territory.code, territory.text, tuple(territories), tuple(territories))
    fixed = {code: [value] for code, value in select.items()}
    for variable in table.variables:
        if variable.code not in fixed and variable.code != territory.code and not variable.time:
            fixed[variable.code] = list(variable.values)
    time = next((v for v in table.variables if v.time), None)
    wanted = set(years) if years is not None else None
    times = []
    if time is not None:
        times = [t for t in time.values if wanted is None or _year(t) in wanted]
        if not times:
            raise BenchlearnError(f"{table.url}: the table has none of the years asked for")
    if not territory.values:
        return territory.code, []
    return territory.code, _split(fixed, time.code if time else None, times, territory, max_values)


def _year(code: str) -> int | None:
    head = code[:4]
    return int(head) if head.isascii() and head.isdigit() else None


def _split(
    fixed: Query, time: str | None, times: list[str], territory: Variable, max_values: int
) -> list[Query]:
    """Queries of at most ``max_values`` cells: whole years first, then parts of territories."""
    places = list(territory.values)
    per_year = len(places) * math.prod(len(v) for v in fixed.values())
    years = [[t] for t in times] if time else [[]]
    if per_year <= max_values:
        step = max(1, max_values // per_year)
        groups = [sum(years[i : i + step], []) for i in range(0, len(years), step)]
        place_groups = [places]
    else:
        groups = years
        width = max(1, max_values // max(1, per_year // len(places)))
        place_groups = [places[i : i + width] for i in range(0, len(places), width)]
    queries = []
    for group in groups:
        for chunk in place_groups:
            query = {**fixed, territory.code: chunk}
            if time:
                query[time] = group
            queries.append(query)
    return queries


def fetch_table(client: Client, url: str, *, revalidate: bool = False) -> Table:
    """The table's metadata, read through ``client`` (``revalidate``: asking the server
    even when the cache holds a fresh copy)."""
    return read_metadata(url, client.get(metadata_url(url), revalidate=revalidate))


def fetch_query(client: Client, table: Table, query: Query) -> bytes:
    """One query's answer in JSON-stat 2.0."""
    if table.version == "v2":
        codes = [(f"valueCodes[{code}]", ",".join(values)) for code, values in query.items()]
        return client.get(_v2_url(table.url, "/data", [("outputFormat", "json-stat2"), *codes]))
    body = {
        "query": [
            {"code": code, "selection": {"filter": "item", "values": values}}
            for code, values in query.items()
        ],
        "response": {"format": "json-stat2"},
    }
    return client.post_json(table.url, json.dumps(body, ensure_ascii=False).encode("utf-8"))
