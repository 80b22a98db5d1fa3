"""Who is asking: the session cookie or the API token of a request, its CSRF token, its
address and whether it came over HTTPS.

Every view asks :func:`visitor` and nothing else, and reads values only as the
visitor's audience (:func:`benchlearn.access.audience_of`) may see them. A session
is a random token in an HttpOnly, SameSite=Lax cookie, Secure when the request came
over HTTPS; the database keeps only its hash (:mod:`benchlearn.accounts.sessions`).
A form carries a CSRF token derived from the session under the secret kept outside
the database; a form shown before signing in (the login itself, the password link)
is tied the same way to a random cookie of its own, so a login cannot be posted from
another site either.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from benchlearn.access import Audience, audience_of
from benchlearn.accounts import Account, csrf_token, csrf_valid, session_account, token_account
from benchlearn.accounts.sessions import SESSION_LIFETIME
from benchlearn.server.state import Server

#: The cookie that holds a signed-in browser's session token.
SESSION_COOKIE = "benchlearn_session"
#: The cookie that ties the forms shown before signing in to one browser.
FORM_COOKIE = "benchlearn_form"
#: The longest header value or form field taken as a token: tokens are 43 characters.
TOKEN_LENGTH = 200


@dataclass(frozen=True)
class Visitor:
    """Who sent a request: an account (or nobody), by a session cookie or an API token.

    ``refused``: a token was given and is unknown, revoked or expired (the API answers
    401 rather than treat the script as a visitor who sees public values)."""

    account: Account | None = None
    session: str | None = None
    by_token: bool = False
    refused: bool = False

    @property
    def audience(self) -> Audience:
        """Whom this visitor sees values as (:func:`benchlearn.access.audience_of`)."""
        return audience_of(self.account)

    @property
    def user_id(self) -> int | None:
        return None if self.account is None else self.account.id


def visitor(request: Request) -> Visitor:
    """The request's visitor, worked out once per request (one query at most)."""
    found = getattr(request.state, "visitor", None)
    if isinstance(found, Visitor):
        return found
    server = server_of(request)
    found = Visitor()
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        account = None
        if scheme.lower() == "bearer" and 0 < len(token) <= TOKEN_LENGTH:
            with server.engine.connect() as connection:
                account = token_account(connection, token)
        found = Visitor(account, by_token=True, refused=account is None)
    else:
        session = request.cookies.get(SESSION_COOKIE, "")
        if 0 < len(session) <= TOKEN_LENGTH:
            with server.engine.connect() as connection:
                account = session_account(connection, session)
            if account is not None:
                found = Visitor(account, session=session)
    request.state.visitor = found
    request.state.user_id = found.user_id
    return found


def server_of(request: Request) -> Server:
    """The server's settings and engine, kept on the application."""
    server: Server = request.app.state.server
    return server


def address(request: Request) -> str | None:
    """The client's address: the proxy's ``X-Forwarded-For`` (its last entry, the one the
    proxy itself added) when the request came from a trusted proxy, else the peer's."""
    peer = request.client.host if request.client else None
    if peer is not None and peer in server_of(request).trusted_proxies:
        forwarded = request.headers.get("x-forwarded-for", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:45]  # the longest written IPv6 address
    return peer


def is_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS: the scheme, or ``X-Forwarded-Proto`` from
    a trusted proxy (the TLS proxy in front of ``benchlearn serve``)."""
    if request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else None
    if peer is not None and peer in server_of(request).trusted_proxies:
        return request.headers.get("x-forwarded-proto", "").strip().lower() == "https"
    return False


def form_token(request: Request) -> tuple[str, str | None]:
    """The CSRF token for a form on this request's page, and a new form cookie to set when
    the visitor has neither a session nor a form cookie yet."""
    secret = server_of(request).secret
    found = visitor(request)
    if found.session is not None:
        return csrf_token(secret, found.session), None
    nonce = request.cookies.get(FORM_COOKIE, "")
    fresh = None
    if not 0 < len(nonce) <= TOKEN_LENGTH:
        nonce = fresh = secrets.token_urlsafe(32)
    return csrf_token(secret, "form:" + nonce), fresh


def csrf_ok(request: Request, given: object) -> bool:
    """Whether ``given`` (a form's ``csrf_token``) is the token of this visitor's forms."""
    if not isinstance(given, str) or not 0 < len(given) <= TOKEN_LENGTH:
        return False
    secret = server_of(request).secret
    found = visitor(request)
    if found.session is not None:
        return csrf_valid(secret, found.session, given)
    nonce = request.cookies.get(FORM_COOKIE, "")
    return 0 < len(nonce) <= TOKEN_LENGTH and csrf_valid(secret, "form:" + nonce, given)


def set_cookie(
    request: Request, response: Response, name: str, value: str, lifetime: dt.timedelta
) -> None:
    """A cookie the page's scripts cannot read (there are none) and other sites' forms do
    not send (SameSite=Lax), over HTTPS only when the request came over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=int(lifetime.total_seconds()),
        path="/",
        secure=is_https(request),
        httponly=True,
        samesite="lax",
    )


def start_session_cookie(request: Request, response: Response, session: str) -> None:
    """Give the browser its new session (and forget its pre-login form cookie)."""
    set_cookie(request, response, SESSION_COOKIE, session, SESSION_LIFETIME)
    response.delete_cookie(FORM_COOKIE, path="/")


def end_session_cookie(response: Response) -> None:
    """Take the session cookie back (the session itself is ended in the database)."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
