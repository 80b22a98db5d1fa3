"""Online entry at ``/entry/NETWORK/YEAR/MUNICIPALITY``: the form, saving it, submitting it.

Thin over :mod:`benchlearn.entry`, which checks and stores what was typed by the Excel
form's rules. Who may enter is :func:`benchlearn.access.may_enter`'s one answer; a
visitor not signed in is sent to the login and back. A field's error is shown beside
it in the user's language; nothing is stored while any field is wrong.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from benchlearn.access import may_enter
from benchlearn.errors import BenchlearnError
from benchlearn.messages import date, t
from benchlearn.server.identity import Visitor, csrf_ok, server_of, visitor
from benchlearn.server.render import error_page, language, page

LOGGER = logging.getLogger("benchlearn.server")


def _place(request: Request) -> tuple[str, int, str]:
    params = request.path_params
    return str(params["network"]), int(params["year"]), str(params["municipality"])


def _allowed(request: Request, found: Visitor) -> Response | None:
    """The answer to a visitor who may not enter here: the login, or 403."""
    network, _, municipality = _place(request)
    if found.account is None:
        lang = language(request)
        back = quote(f"{request.url.path}?lang={lang}", safe="/")
        return RedirectResponse(f"/login?lang={lang}&next={back}", status_code=303)
    if not may_enter(found.account, network, municipality):
        return error_page(request, 403)
    return None


def _posted(request: Request, form: FormData) -> Visitor | Response:
    """The visitor of an entry post who may make it (signed in, allowed to enter this
    municipality's figures, with this form's CSRF token); else the answer to give."""
    found = visitor(request)
    refused = _allowed(request, found)
    if refused is not None:
        return refused
    if not csrf_ok(request, form.get("csrf_token")):
        return error_page(request, 403, t("srv_csrf", language(request)))
    return found


def _form(
    request: Request,
    *,
    status: int = 200,
    notice: str | None = None,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    """The entry form with the stored figures (or what was typed, beside its errors)."""
    from benchlearn.entry import entry_sheet

    network, year, municipality = _place(request)
    lang = language(request)
    try:
        sheet = entry_sheet(server_of(request).engine, network, year, municipality, lang)
    except BenchlearnError as error:
        return error_page(request, 404, error.text(lang))
    if sheet.state == "closed":
        state = t("srv_entry_closed", lang)
    elif sheet.state == "submitted" and sheet.submitted_at is not None:
        when = sheet.submitted_at.strftime("%Y-%m-%d %H:%M")
        state = t("srv_entry_submitted", lang, time=when, who=sheet.submitted_by or "")
    else:
        state = t("srv_entry_open", lang)
    problem = t("srv_entry_errors", lang) if errors else None
    values = {
        "title_values": {"municipality": sheet.municipality_name, "network": sheet.network_name,
                         "year": year},
        "fields": sheet.fields, "errors": errors or {}, "typed": typed or {},
        "editable": sheet.state != "closed", "state_text": state, "due": date(sheet.due, lang),
        "action": f"{request.url.path}?lang={lang}", "notice": notice, "problem": problem,
        "submit_action": f"{request.url.path}/submit?lang={lang}",
    }  # fmt: skip
    return page(request, "entry.html", "srv_entry_title", status=status, values=values)


def entry_form(request: Request) -> Response:
    """``GET /entry/N/Y/M``: the form and where the round stands (the status page)."""
    refused = _allowed(request, visitor(request))
    if refused is not None:
        return refused
    lang = language(request)
    notice = None
    if request.query_params.get("saved"):
        notice = t("srv_entry_saved", lang)
    elif request.query_params.get("submitted"):
        notice = t("srv_entry_sent", lang)
    return _form(request, notice=notice)


async def save(request: Request) -> Response:
    """``POST /entry/N/Y/M``: check and store the fields; errors beside them, else back to
    the form with the figures saved.

    The form is read here; everything after it, in one thread: a busy server's threads
    are queued for (as many as its pool has connections), and a post that queued once
    for the visitor, once for the form and once for the save waited three times as
    long as a page (the load test, ``benchmarks/bench_serve_load.py``)."""
    form = await request.form()
    return await run_in_threadpool(_save, request, form)


def _save(request: Request, form: FormData) -> Response:
    from benchlearn.entry import entry_sheet, save_entry

    found = _posted(request, form)
    if isinstance(found, Response):
        return found
    lang = language(request)
    network, year, municipality = _place(request)
    engine = server_of(request).engine
    try:
        sheet = entry_sheet(engine, network, year, municipality, lang)
        typed = {c: str(form[c]).strip()[:100] for c in sheet.codes if c in form}
        actor = found.account.email if found.account else ""
        outcome = save_entry(engine, network, year, municipality, typed, actor, lang)
    except BenchlearnError as error:
        return error_page(request, 400, error.text(lang))
    if outcome.errors:
        return _form(request, status=400, errors=dict(outcome.errors), typed=typed)
    LOGGER.info("entry saved %s/%d/%s user=%s batch=%s", network, year, municipality,
                found.user_id, outcome.batch_id)  # fmt: skip
    return RedirectResponse(f"{request.url.path}?lang={lang}&saved=1", status_code=303)


async def submit(request: Request) -> Response:
    """``POST /entry/N/Y/M/submit``: the municipality vouches for its figures (in one
    thread after the form is read, as :func:`save`)."""
    form = await request.form()
    return await run_in_threadpool(_submit, request, form)


def _submit(request: Request, form: FormData) -> Response:
    from benchlearn.entry import submit_entry

    found = _posted(request, form)
    if isinstance(found, Response):
        return found
    lang = language(request)
    network, year, municipality = _place(request)
    engine = server_of(request).engine
    actor = found.account.email if found.account else ""
    try:
        submit_entry(engine, network, year, municipality, actor, lang)
    except BenchlearnError as error:
        return error_page(request, 400, error.text(lang))
    LOGGER.info("entry submitted %s/%d/%s user=%s", network, year, municipality, found.user_id)
    form_path = request.url.path.removesuffix("/submit")
    return RedirectResponse(f"{form_path}?lang={lang}&submitted=1", status_code=303)
