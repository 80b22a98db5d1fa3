"""The application: its routes, the guard every response passes, and the factory.

The guard (:class:`Guard`) is the outermost layer: it adds the security headers to every
response, the error pages' too; it turns any failure into a 500 page of one sentence
(the detail goes to the server's log, never to the browser); and it logs one line per
request: method, path, status, milliseconds and the user's id (never an email).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from benchlearn.accounts import THROTTLE, Throttle
from benchlearn.server import api, entry, login, pages
from benchlearn.server.render import error_page
from benchlearn.server.state import Server

LOGGER = logging.getLogger("benchlearn.server")

#: No script at all (the pages have none), styles from the site's own sheet; the charts'
#: ``style=""`` attributes are allowed, ``<style>`` elements and inline scripts are not.
#: Where a browser does not know ``style-src-attr``, ``style-src`` blocks those attributes
#: too: the charts lose a colour, nothing runs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'none'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: The headers every response carries.
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # A password link's token is in its address: no other site learns it from a referrer.
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    # Pages differ by who is signed in: no shared cache keeps one for the next visitor.
    "cache-control": "no-store",
}


class Guard:
    """Security headers on every response, no trace in any, one log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        started = time.perf_counter()
        status = [500]
        begun = [False]

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                begun[0] = True
                status[0] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]  # fmt: skip
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if _over_https(scope):
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, guarded)
        except Exception:
            LOGGER.exception("error in %s %s", scope.get("method"), scope.get("path"))
            if begun[0]:  # the page had started: the connection ends, no page can follow
                raise
            request = Request(scope, receive)
            response = error_page(request, 500)
            await response(scope, receive, guarded)
        finally:
            took = (time.perf_counter() - started) * 1000
            user = scope["state"].get("user_id")
            LOGGER.info(
                "%s %s %d %.0fms user=%s",
                scope.get("method"),
                scope.get("path"),
                status[0],
                took,
                "-" if user is None else user,
            )


def _over_https(scope: Scope) -> bool:
    """Whether this request came over HTTPS, as :func:`.identity.is_https` judges it."""
    from benchlearn.server.identity import is_https

    try:
        return is_https(Request(scope))
    except Exception:  # no application state yet: judge by the scheme alone
        return scope.get("scheme") == "https"


def health(request: Request) -> Response:
    """``/health``: 200 ``{"status": "ok"}`` once the database has answered a query (what a
    deployment's check and ``.ci/run`` poll)."""
    server: Server = request.app.state.server
    with server.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok"})


def style(_request: Request) -> Response:
    """``/assets/site.css``: the site's style sheet, for the server's own pages."""
    from benchlearn.site.build import site_style

    return Response(site_style(), media_type="text/css; charset=utf-8")


async def http_error(request: Request, exc: Exception) -> Response:
    """A 404, 405 or other HTTP error as the error page (or JSON under ``/api/``)."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return error_page(request, status)


def pool_capacity(engine: Engine) -> int | None:
    """How many connections the engine's pool hands out at once (its size and overflow),
    or None when it sets no bound."""
    from sqlalchemy.pool import QueuePool

    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return None
    overflow = int(getattr(pool, "_max_overflow", 0))
    return None if overflow < 0 else pool.size() + overflow


def lifespan(engine: Engine) -> Any:
    """At the server's start, as many threads for the views as the pool has connections.

    Every view that reads the database runs in a thread of anyio's pool (40 by default);
    with more threads than connections, a request waited for a connection and, after the
    pool's timeout (30 s), failed with a 500 once a load of slow pages had piled up
    (the load test, ``benchmarks/bench_serve_load.py``). With as many threads as
    connections, a request waits for its thread, however long, and then gets its answer."""
    import anyio.to_thread

    @asynccontextmanager
    async def started(_app: Starlette) -> AsyncIterator[None]:
        capacity = pool_capacity(engine)
        if capacity is not None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = capacity
        yield

    return started


def create_app(
    database_url: str | None = None,
    *,
    engine: Engine | None = None,
    lang: str = "en",
    trusted_proxies: Sequence[str] = (),
    throttle: Throttle = THROTTLE,
) -> Starlette:
    """The web application on the database at ``database_url`` (or ``engine``): the site's
    pages per audience, signing in and out, the JSON API and ``/health``.

    The database must have its schema (``benchlearn db upgrade``); the secret that signs
    sessions' forms is read now (:func:`benchlearn.secret.secret_for`), so a server
    without one fails at its start, not at the first login.
    """
    from benchlearn.database import make_engine, require_schema
    from benchlearn.secret import secret_for

    engine = engine or make_engine(database_url)
    require_schema(engine)
    with engine.connect() as connection:
        secret = secret_for(connection)
    server = Server(engine, secret, lang, frozenset(trusted_proxies), throttle)
    routes = [
        Route("/health", health),
        Route("/", pages.home),
        Route("/assets/site.css", style),
        Route("/sites/{network}/{year:int}/{path:path}", pages.site_page),
        Route("/login", login.login_form, methods=["GET"]),
        Route("/login", login.login, methods=["POST"]),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/password/{token}", login.password_form, methods=["GET"]),
        Route("/password/{token}", login.set_password, methods=["POST"]),
        Route("/entry/{network}/{year:int}/{municipality}", entry.entry_form, methods=["GET"]),
        Route("/entry/{network}/{year:int}/{municipality}", entry.save, methods=["POST"]),
        Route("/entry/{network}/{year:int}/{municipality}/submit", entry.submit, methods=["POST"]),
        Route("/api/v1/networks", api.networks),
        Route("/api/v1/indicators", api.indicators),
        Route("/api/v1/municipalities", api.municipalities),
        Route("/api/v1/values", api.values),
        Route("/api/v1/rankings/{network}/{year}", api.rankings),
    ]
    handlers: dict[Any, Any] = {HTTPException: http_error}
    app = Starlette(routes=routes, middleware=[Middleware(Guard)], exception_handlers=handlers,
                    lifespan=lifespan(engine))  # fmt: skip
    app.state.server = server
    return app
