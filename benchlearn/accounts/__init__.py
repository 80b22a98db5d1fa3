"""Accounts of the network's server: users and their passwords, sessions, API tokens,
login throttling and the audit log.

The library part of the server (``benchlearn serve`` is built on it): every
check of a password, a session or a token, and every entry of the audit log,
goes through here; the command line's ``users`` and ``audit`` commands call it.
"""

from __future__ import annotations

from benchlearn.accounts.audit import audit_log, local_actor, record
from benchlearn.accounts.login import LoginResult, log_in
from benchlearn.accounts.model import ROLES, Account
from benchlearn.accounts.sessions import csrf_token, csrf_valid, end_session, session_account
from benchlearn.accounts.throttle import THROTTLE, Throttle
from benchlearn.accounts.users import (
    account,
    accounts,
    add_user,
    disable_user,
    make_api_token,
    password_link,
    set_password,
    token_account,
    use_password_link,
    users_frame,
)

__all__ = [
    "ROLES",
    "THROTTLE",
    "Account",
    "LoginResult",
    "Throttle",
    "account",
    "accounts",
    "add_user",
    "audit_log",
    "csrf_token",
    "csrf_valid",
    "disable_user",
    "end_session",
    "local_actor",
    "log_in",
    "make_api_token",
    "password_link",
    "record",
    "session_account",
    "set_password",
    "token_account",
    "use_password_link",
    "users_frame",
]
