"""Signing in and out, and setting a password through the one-time link.

Each form posts a ``csrf_token``; a post without the right one is refused (403) before
anything else is read. Passwords are checked by :func:`benchlearn.accounts.log_in`
(throttled, audited); what the answer says does not tell an unknown email from a wrong
password. A password is never logged; the log names users by their id.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from benchlearn.accounts import end_session, log_in, use_password_link
from benchlearn.accounts.model import EMAIL_LENGTH
from benchlearn.errors import BenchlearnError
from benchlearn.messages import t
from benchlearn.server.identity import (
    SESSION_COOKIE,
    address,
    csrf_ok,
    end_session_cookie,
    server_of,
    start_session_cookie,
    visitor,
)
from benchlearn.server.render import error_page, language, page

LOGGER = logging.getLogger("benchlearn.server")
#: The longest password read from a form (argon2 takes longer ones, but no one types them).
PASSWORD_LENGTH = 1024


def login_form(request: Request) -> Response:
    """``GET /login``: the form (``email``, ``password``, ``csrf_token``)."""
    notice = t("srv_signed_out", language(request)) if request.query_params.get("out") else None
    return page(
        request,
        "login.html",
        "srv_login_title",
        values={"email": "", "next": _next(request.query_params.get("next")), "notice": notice},
    )


async def login(request: Request) -> Response:
    """``POST /login``: sign in; on success a session cookie and a redirect to ``next``."""
    form = await request.form()
    await run_in_threadpool(visitor, request)
    lang = language(request)
    if not csrf_ok(request, form.get("csrf_token")):
        return error_page(request, 403, t("srv_csrf", lang))
    email = str(form.get("email") or "")[: EMAIL_LENGTH + 10]
    password = str(form.get("password") or "")[:PASSWORD_LENGTH]
    server = server_of(request)
    result = await run_in_threadpool(
        log_in, server.engine, email, password, address=address(request), throttle=server.throttle
    )
    target = _next(form.get("next"))
    if result.succeeded and result.session is not None and result.account is not None:
        LOGGER.info("login user=%d", result.account.id)
        request.state.user_id = result.account.id
        response = RedirectResponse(target, status_code=303)
        start_session_cookie(request, response, result.session)
        return response
    if result.refused_until is not None:
        LOGGER.info("login refused (throttled)")
        problem = t("srv_login_throttled", lang, time=result.refused_until.strftime("%H:%M"))
        status = 429
    else:
        LOGGER.info("login failed")
        problem, status = t("srv_login_failed", lang), 401
    values = {"email": email, "next": target, "problem": problem}
    return page(request, "login.html", "srv_login_title", status=status, values=values)


async def logout(request: Request) -> Response:
    """``POST /logout``: end the session (in the database, not only the cookie)."""
    form = await request.form()
    found = await run_in_threadpool(visitor, request)
    lang = language(request)
    if not csrf_ok(request, form.get("csrf_token")):
        return error_page(request, 403, t("srv_csrf", lang))
    session = request.cookies.get(SESSION_COOKIE)
    if found.session is not None and session is not None:
        server = server_of(request)
        await run_in_threadpool(end_session, server.engine, session, address=address(request))
        LOGGER.info("logout user=%s", found.user_id)
    response = RedirectResponse(f"/login?out=1&lang={lang}", status_code=303)
    end_session_cookie(response)
    return response


def password_form(request: Request) -> Response:
    """``GET /password/TOKEN``: the form to set a password with a one-time link."""
    action = f"{request.url.path}?lang={language(request)}"
    return page(request, "password.html", "srv_password_title", values={"action": action})


async def set_password(request: Request) -> Response:
    """``POST /password/TOKEN``: set the password; the link then stops working."""
    form = await request.form()
    await run_in_threadpool(visitor, request)
    lang = language(request)
    if not csrf_ok(request, form.get("csrf_token")):
        return error_page(request, 403, t("srv_csrf", lang))
    password = str(form.get("password") or "")[:PASSWORD_LENGTH]
    values = {"action": f"{request.url.path}?lang={lang}"}
    if password != str(form.get("repeat") or "")[:PASSWORD_LENGTH]:
        values["problem"] = t("srv_password_differ", lang)
        return page(request, "password.html", "srv_password_title", status=400, values=values)
    token = str(request.path_params["token"])[:200]
    server = server_of(request)
    try:
        found = await run_in_threadpool(
            use_password_link, server.engine, token, password, address=address(request)
        )
    except BenchlearnError as error:
        values["problem"] = error.text(lang)
        return page(request, "password.html", "srv_password_title", status=400, values=values)
    LOGGER.info("password set user=%d", found.id)
    notice = t("srv_password_done", lang)
    values = {"email": found.email, "next": "/", "notice": notice}
    return page(request, "login.html", "srv_login_title", values=values)


def _next(given: object) -> str:
    """Where to go after signing in: a path on this server, never another site's address."""
    local = isinstance(given, str) and given.startswith("/") and not given.startswith("//")
    if local and isinstance(given, str) and "\\" not in given and len(given) <= 500:
        return given
    return "/"
