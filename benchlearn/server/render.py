"""The server's own pages (the list of networks, signing in, errors) and the answers every
view gives: a page in the visitor's language, a JSON body, an error without a trace.

The server's pages are Jinja2 templates beside this module, with the site's style
sheet; the site's pages themselves come from the site's templates
(:mod:`benchlearn.site.build`), never from a copy here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from benchlearn.messages import LANGUAGES, t
from benchlearn.server.identity import FORM_COOKIE, form_token, server_of, set_cookie, visitor

if TYPE_CHECKING:
    from jinja2 import Environment

#: The statuses the server's error pages have words for.
ERROR_STATUSES = (400, 401, 403, 404, 405, 500)


@functools.cache
def server_environment() -> Environment:
    """The Jinja2 environment of the server's own templates, autoescaping as the site's."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("benchlearn.server", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(request: Request) -> str:
    """The page's language: ``?lang=`` when benchlearn speaks it, else the server's."""
    asked = request.query_params.get("lang", "")
    return asked if asked in LANGUAGES else server_of(request).lang


def account_bar(request: Request, lang: str) -> tuple[str, str | None]:
    """Who is signed in and the form to sign out (or the link to sign in), as HTML for the
    top of a page; and a new form cookie to set, if one was made."""
    from markupsafe import Markup

    token, fresh = form_token(request)
    html = (
        server_environment()
        .get_template("account.html")
        .render(
            account=visitor(request).account,
            csrf_token=token,
            lang=lang,
            t=lambda key, **values: t(key, lang, **values),
        )
    )
    return Markup(html), fresh


def page(
    request: Request,
    template: str,
    title_key: str,
    *,
    status: int = 200,
    values: Mapping[str, Any] | None = None,
    lang: str | None = None,
) -> HTMLResponse:
    """One of the server's pages in the visitor's language, with a CSRF token for its
    forms (``form_csrf``) and the account line at its top."""
    lang = lang or language(request)
    token, fresh = form_token(request)
    found = visitor(request)
    say = functools.partial(_say, lang)
    given = dict(values or {})
    context: dict[str, Any] = {
        "lang": lang,
        "languages": LANGUAGES,
        "title": say(title_key, **dict(given.pop("title_values", {}))),
        "t": say,
        "account": found.account,
        "csrf_token": token,
        "form_csrf": token,
        "notice": None,
        "problem": None,
    }
    context.update(given)
    html = server_environment().get_template(template).render(**context)
    response = HTMLResponse(html, status_code=status)
    if fresh is not None:
        set_form_cookie(request, response, fresh)
    return response


def set_form_cookie(request: Request, response: Response, nonce: str) -> None:
    """The cookie that ties the forms shown before signing in to this browser."""
    import datetime as dt

    set_cookie(request, response, FORM_COOKIE, nonce, dt.timedelta(hours=12))


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    """An error as the visitor reads it: JSON ``{"error": ...}`` under ``/api/``, else a
    page; one sentence, never a trace or a query."""
    lang = language(request)
    status = status if status in ERROR_STATUSES or 400 <= status < 600 else 500
    said = message or t(f"srv_error_{status if status in ERROR_STATUSES else 500}", lang)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": said}, status_code=status)
    try:
        return page(
            request,
            "error.html",
            "srv_error_title",
            status=status,
            values={"message": said, "title_values": {"status": status}},
            lang=lang,
        )
    except Exception:  # the database is what failed: the page without the account line
        html = f"<!DOCTYPE html><title>{status}</title><p>{_escape(said)}</p>"
        return HTMLResponse(html, status_code=status)


def _say(lang: str, key: str, **values: Any) -> str:
    return t(key, lang, **values)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
