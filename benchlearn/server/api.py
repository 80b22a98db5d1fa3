"""The read-only JSON API under ``/api/v1/``: networks, indicators, municipalities, values and
rankings, with the pages' audience rules.

A script signs in with ``Authorization: Bearer TOKEN`` (``benchlearn users token``); a
browser's session works too; without either, the public's values. Values and rankings
are read through a Context opened for the visitor's audience, so a withheld value is
``null`` with status ``..``, exactly as the site shows it. Errors are
``{"error": "one sentence"}`` with the status that says what went wrong: 400 a bad
parameter, 401 a bad token, 404 an unknown network, indicator or year.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from benchlearn.errors import BenchlearnError
from benchlearn.messages import t
from benchlearn.server.identity import Visitor, server_of, visitor
from benchlearn.server.render import error_page, language

if TYPE_CHECKING:
    import pandas as pd

#: The columns of ``/api/v1/values``.
VALUE_COLUMNS = ["municipality", "indicator", "year", "value", "status"]


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON rows: missing numbers as null, times in ISO 8601."""
    rows: list[dict[str, Any]] = json.loads(
        frame.to_json(orient="records", date_format="iso", force_ascii=False)
    )
    return rows


def _signed(request: Request) -> Visitor | Response:
    """The visitor, or the 401 answer to a token that does not work."""
    found = visitor(request)
    if found.refused:
        return error_page(request, 401, t("srv_api_token", language(request)))
    return found


def networks(request: Request) -> Response:
    """``/api/v1/networks``: every network, its indicators and the years with values."""
    from benchlearn.server.pages import network_years

    found = _signed(request)
    if isinstance(found, Response):
        return found
    lang = language(request)
    with server_of(request).engine.connect() as connection:
        listed = [
            {
                "code": code,
                "name": network.label(lang),
                "indicators": list(network.indicator_codes),
                "years": years,
            }
            for code, network, years in network_years(connection)
        ]
    return JSONResponse(listed)


def indicators(request: Request) -> Response:
    """``/api/v1/indicators``: every indicator's code, name, unit and direction."""
    from benchlearn.definitions.store import stored_definitions

    found = _signed(request)
    if isinstance(found, Response):
        return found
    lang = language(request)
    with server_of(request).engine.connect() as connection:
        definitions = stored_definitions(connection)
    listed = [
        {"code": code, "name": ind.label(lang), "unit": ind.unit, "direction": ind.direction}
        for code, ind in sorted(definitions.indicators.items())
    ]
    return JSONResponse(listed)


def municipalities(request: Request) -> Response:
    """``/api/v1/municipalities``: every municipality's code and name."""
    from benchlearn.registry.municipalities import municipality_names

    found = _signed(request)
    if isinstance(found, Response):
        return found
    with server_of(request).engine.connect() as connection:
        names = municipality_names(connection)
    return JSONResponse([{"code": c, "name": n} for c, n in sorted(names.items())])


def values(request: Request) -> Response:
    """``/api/v1/values?network=N&year=Y[&indicator=C][&municipality=M]``: the network's
    values of the year for its members, as the visitor may see them."""
    params = request.query_params
    lang = language(request)
    for name in ("network", "year"):
        if not params.get(name):
            return error_page(request, 400, t("srv_api_needs", lang, name=name))
    return _through_context(request, str(params["network"]), str(params["year"]), "values")


def rankings(request: Request) -> Response:
    """``/api/v1/rankings/NETWORK/YEAR[?indicator=C]``: the ranking table ``rank`` prints."""
    params = request.path_params
    return _through_context(request, str(params["network"]), str(params["year"]), "rankings")


def _through_context(request: Request, network: str, year_text: str, what: str) -> Response:
    """Values or rankings read through a Context opened for the visitor's audience."""
    from benchlearn.compare import open_context, rank

    found = _signed(request)
    if isinstance(found, Response):
        return found
    lang = language(request)
    try:
        year = int(year_text)
    except ValueError:
        return error_page(request, 400, t("srv_api_bad_year", lang, value=year_text))
    indicator = request.query_params.get("indicator")
    municipality = request.query_params.get("municipality")
    try:
        with server_of(request).engine.connect() as connection:
            ctx = open_context(
                connection, network, year, require_data=False, audience=found.audience
            )
            if what == "rankings":
                frame = rank(ctx, indicator=indicator)
            else:
                codes = [indicator] if indicator else list(ctx.network.indicator_codes)
                frame = ctx.values(codes)
                frame = frame[frame["municipality"].isin(ctx.members)][VALUE_COLUMNS]
    except BenchlearnError as error:
        return error_page(request, 404, error.text(lang))
    if municipality:
        frame = frame[frame["municipality"] == municipality]
    return JSONResponse(_rows(frame.reset_index(drop=True)))
