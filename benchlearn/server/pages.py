"""The site's pages, served per audience: the list of networks at ``/`` and each network's
site at ``/sites/NETWORK/YEAR/``, laid out as ``benchlearn site`` writes it.

A page is rendered by the site's own renderer (:func:`benchlearn.site.build.render_page`)
from the data of :func:`benchlearn.commands.site_data`, read as the visitor's audience
may see it: the public's, a municipality's, the members' or the facilitators' edition.
The addresses under a site are the static site's file names (``index.html``,
``members/LV-016.html``, ``lv/index.html``, ``assets/site.css``, the downloads beside a
page), so its relative links work unchanged.

Reading a site's data takes a second or more (every comparison of the year), so it is
kept per network, year and audience, and read again when the database has changed
(another import batch or publication); editions are read side by side, but pages are
rendered one at a time: matplotlib, which draws some charts, is not safe across threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from benchlearn.access import Audience
from benchlearn.errors import BenchlearnError
from benchlearn.messages import LANGUAGES
from benchlearn.models import ImportBatch, Indicator, Observation, Publication
from benchlearn.server.identity import visitor
from benchlearn.server.render import account_bar, error_page, language, page, set_form_cookie

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from benchlearn.definitions import NetworkDefinition
    from benchlearn.meeting import MeetingData
    from benchlearn.site.build import Layout
    from benchlearn.site.pages import Pages

#: How many sites (network, year, audience) are kept read: each holds a year's comparisons.
KEPT = 16
#: How many pages' tables each site keeps for their downloads.
TABLES_KEPT = 32
#: Rendering, one page at a time (matplotlib is not safe across threads).
_LOCK = threading.Lock()
#: The kept editions' table, and a lock per edition being read.
_KEPT_LOCK = threading.Lock()


@dataclass
class Edition:
    """One network's site for one year and audience: its data, the file names of its pages,
    and each language's page contents (built on first use)."""

    stamp: tuple[Any, ...]
    data: MeetingData
    layout: Layout
    paths: dict[str, tuple[str, str]]
    pages: dict[str, Pages] = field(default_factory=dict)
    #: The tables of the pages rendered last, so that a page's download (asked for right
    #: after the page) is not a second rendering of it.
    tables: OrderedDict[tuple[str, str], list[Any]] = field(default_factory=OrderedDict)


_EDITIONS: OrderedDict[tuple[str, int, Audience, str], Edition] = OrderedDict()
_READING: dict[tuple[str, int, Audience, str], threading.Lock] = {}


def changed_stamp(connection: Connection) -> tuple[Any, ...]:
    """What changes when a site's values may have: the newest import batch and publication."""
    batches = connection.execute(select(func.max(ImportBatch.id))).scalar()
    published = connection.execute(
        select(func.count(Publication.id), func.max(Publication.id))
    ).one()
    return (batches, *published)


def edition(engine: Engine, network: str, year: int, audience: Audience, lang: str) -> Edition:
    """The site of ``network`` in ``year`` for ``audience`` with ``lang`` first, read again
    when the database changed since it was read.

    Reading one edition does not hold up the pages of the others: each is read under a
    lock of its own (two visitors asking for the same one wait for one reading), and
    only the kept editions' table is shared, briefly."""
    from benchlearn.commands import site_data
    from benchlearn.site.build import Layout, page_files, page_keys

    key = (network, year, audience, lang)
    with engine.connect() as connection:
        stamp = changed_stamp(connection)
    with _KEPT_LOCK:
        reading = _READING.setdefault(key, threading.Lock())
    with reading:
        with _KEPT_LOCK:
            found = _EDITIONS.get(key)
            if found is not None and found.stamp == stamp:
                _EDITIONS.move_to_end(key)
                return found
        data = site_data(engine, network, year, audience=audience)
        keys = page_keys(data)
        langs = (lang, *(other for other in LANGUAGES if other != lang))
        layout = Layout(langs, page_files(keys))
        paths = {layout.path(each, k): (each, k) for each in langs for k in keys}
        found = Edition(stamp, data, layout, paths)
        with _KEPT_LOCK:
            _EDITIONS[key] = found
            while len(_EDITIONS) > KEPT:
                gone, _ = _EDITIONS.popitem(last=False)
                _READING.pop(gone, None)
    return found


def network_years(connection: Connection) -> list[tuple[str, NetworkDefinition, list[int]]]:
    """Every network: its code, its definition, and the years its indicators have values
    (newest first)."""
    from benchlearn.definitions.store import stored_definitions

    definitions = stored_definitions(connection)
    rows = connection.execute(
        select(Indicator.code, Observation.year)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .group_by(Indicator.code, Observation.year)
    ).all()
    years: dict[str, set[int]] = {}
    for code, year in rows:
        years.setdefault(code, set()).add(int(year))
    found = []
    for code, network in sorted(definitions.networks.items()):
        held = set().union(*(years.get(c, set()) for c in network.indicator_codes))
        found.append((code, network, sorted(held, reverse=True)))
    return found


def home(request: Request) -> Response:
    """``/``: the networks and the years each has values for, with links to their sites."""
    lang = language(request)
    server = request.app.state.server
    with server.engine.connect() as connection:
        listed = [
            (code, network.label(lang), [(y, f"/sites/{code}/{y}/?lang={lang}") for y in years])
            for code, network, years in network_years(connection)
            if years
        ]
    return page(request, "home.html", "srv_home_title", values={"networks": listed})


def site_page(request: Request) -> Response:
    """``/sites/NETWORK/YEAR/PATH``: a page of the network's site, its style sheet or a
    download beside a page, as the visitor's audience may see them."""
    from benchlearn.site.build import PageLinks, render_page, site_style
    from benchlearn.site.pages import Pages

    network = str(request.path_params["network"])
    year = int(request.path_params["year"])
    path = str(request.path_params.get("path") or "")
    server = request.app.state.server
    if path == "assets/site.css":
        return Response(site_style(), media_type="text/css; charset=utf-8")
    lang = language(request)
    audience = visitor(request).audience
    try:  # the server's language at the top, as every page's relative links expect
        found = edition(server.engine, network, year, audience, server.lang)
    except BenchlearnError as error:
        return error_page(request, 404, error.text(lang))
    if path == "":
        index = found.layout.path(lang, "index")
        return RedirectResponse(f"/sites/{network}/{year}/{index}", 303)
    with _LOCK:
        download = path.rsplit(".", 1)[-1] if path.endswith((".csv", ".xlsx")) else None
        wanted = path.rsplit(".", 1)[0] + ".html" if download else path
        if wanted not in found.paths:
            return error_page(request, 404)
        page_lang, key = found.paths[wanted]
        pages = found.pages.get(page_lang)
        if pages is None:
            pages = found.pages[page_lang] = Pages(found.data, page_lang)
        if download is not None and (page_lang, key) in found.tables:
            return _download(wanted, found.tables[(page_lang, key)], page_lang, download)
        bar, fresh = account_bar(request, page_lang)
        links = PageLinks(wanted, page_lang, found.layout)
        html, tables = render_page(pages, key, links, {"account_bar": bar})
        found.tables[(page_lang, key)] = tables
        while len(found.tables) > TABLES_KEPT:
            found.tables.popitem(last=False)
    if download is not None:
        return _download(wanted, tables, page_lang, download)
    response = HTMLResponse(html)
    if fresh is not None:
        set_form_cookie(request, response, fresh)
    return response


def _download(path: str, tables: list[Any], lang: str, kind: str) -> Response:
    """A page's CSV or workbook, written as the static site writes it beside the page."""
    import tempfile
    from pathlib import Path

    from benchlearn.site.downloads import download_names, write_downloads

    if not tables:
        raise_not_found()
    with tempfile.TemporaryDirectory(prefix="benchlearn-download-") as folder:
        target = Path(folder) / Path(path).name
        write_downloads(target, tables, lang, kinds=(kind,))
        csv_name, xlsx_name = download_names(target.name)
        name = csv_name if kind == "csv" else xlsx_name
        body = (Path(folder) / name).read_bytes()
    media = (
        "text/csv; charset=utf-8"
        if kind == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def raise_not_found() -> None:
    """Answer 404 (through the server's error page)."""
    from starlette.exceptions import HTTPException

    raise HTTPException(404)
