"""Commands for the accounts of the network's server: users and the audit log.

A password is never an argument (it would stay in the shell's history and in
the process list): it is set by the user through a one-time link, or read from
standard input with ``--password-stdin``. Links and tokens are printed once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    inform,
    lang_option,
    language,
)
from benchlearn.cli.definitions import db
from benchlearn.errors import BenchlearnError
from benchlearn.messages import t

if TYPE_CHECKING:
    import pandas as pd

#: The roles (kept here too, so that `--help` imports no library module).
ROLES = ("facilitator", "municipality", "analyst")
#: How ``--since`` may be written: a day, or a day and a time (UTC).
SINCE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def password_stdin_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--password-stdin``: the password on the first line of standard input."""
    return click.option(
        "--password-stdin",
        is_flag=True,
        help="Read the password from the first line of standard input instead of giving a "
        "one-time link (for scripts; the password is never printed).",
    )(function)


def base_url_option(function: click.decorators.FC) -> click.decorators.FC:
    """``--base-url``: where the server is, to make a one-time link with."""
    return click.option(
        "--base-url",
        envvar="BENCHLEARN_BASE_URL",
        default="http://localhost:8000",
        show_default=True,
        metavar="URL",
        help="The server's address, which one-time links start with (env BENCHLEARN_BASE_URL).",
    )(function)


@cli.group("users")
def users() -> None:
    """Who may sign in to the network's server, with which role.

    A facilitator runs the network, a municipality user answers for one
    municipality, an analyst reads and analyses. Passwords are kept only as
    argon2id hashes; the secret that signs sessions and forms is kept outside
    the database (docs/accounts.md).

    \b
    Example:
        benchlearn users add anna@example.lv --role facilitator --network T2
        benchlearn users list
    """


@users.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user does.")
@click.option(
    "-m",
    "--municipality",
    metavar="CODE",
    help="The municipality a municipality user answers for.",
)
@click.option(
    "-n",
    "--network",
    "networks",
    multiple=True,
    metavar="CODE",
    help="A network the user works in (repeatable).",
)
@password_stdin_option
@base_url_option
@click.pass_context
@handles_errors
def users_add(
    ctx: click.Context,
    email: str,
    role: str,
    municipality: str | None,
    networks: tuple[str, ...],
    password_stdin: bool,
    base_url: str,
) -> None:
    """Add a user, and print a one-time link to set a password with.

    The link works once, for three days; send it to the user. With
    --password-stdin the password is read from standard input instead.

    \b
    Example:
        benchlearn users add anna@example.lv --role facilitator --network T2
        benchlearn users add janis@bauska.lv --role municipality -m LV-BAU -n T2
        printf '%s\\n' "$PASSWORD" | benchlearn users add eva@example.lv --role analyst \\
            --password-stdin
    """
    from benchlearn.accounts import add_user, local_actor
    from benchlearn.accounts.passwords import check_rules

    password = read_password() if password_stdin else None
    if password is not None:  # refused before the user is added, not after
        check_rules(password)
    engine = engine_from(ctx)
    found = add_user(
        engine,
        email,
        role,
        municipality=municipality,
        networks=networks,
        actor=local_actor(),
    )
    lang = language(ctx)
    click.echo(t("acc_added", lang, email=found.email, role=t(f"acc_role_{role}", lang)))
    _give_password(ctx, found.email, password, base_url, clear=False)


@users.command("list")
@format_option
@lang_option()
@click.pass_context
@handles_errors
def users_list(ctx: click.Context, fmt: str, lang: str) -> None:
    """Every user: email, role, municipality, networks, status and when added (UTC).

    The status is active, no password yet, or disabled. CSV and JSON keep the
    codes (status active, no_password, disabled; created in ISO 8601).

    \b
    Example:
        benchlearn users list
        benchlearn users list --format csv -o users.csv
    """
    from benchlearn.accounts import accounts, users_frame

    with engine_from(ctx).connect() as connection:
        frame = users_frame(accounts(connection))
    if frame.empty and fmt == "table":
        click.echo(t("acc_no_users", lang))
        return
    echo_frame(_users_table(frame, lang) if fmt in ("table", "xlsx") else frame, fmt, lang=lang)


@users.command("disable")
@click.argument("email")
@click.pass_context
@handles_errors
def users_disable(ctx: click.Context, email: str) -> None:
    """Disable a user: its sessions end and its API tokens stop working at once.

    The user stays in the list and in the audit log.

    \b
    Example:
        benchlearn users disable janis@bauska.lv
    """
    from benchlearn.accounts import disable_user, local_actor

    found = disable_user(engine_from(ctx), email, actor=local_actor())
    click.echo(t("acc_disabled", language(ctx), email=found.email))


@users.command("reset-password")
@click.argument("email")
@password_stdin_option
@base_url_option
@click.pass_context
@handles_errors
def users_reset_password(
    ctx: click.Context, email: str, password_stdin: bool, base_url: str
) -> None:
    """Clear a user's password, end its sessions, and print a new one-time link.

    With --password-stdin the new password is read from standard input instead.
    Earlier links stop working.

    \b
    Example:
        benchlearn users reset-password janis@bauska.lv
    """
    password = read_password() if password_stdin else None
    _give_password(ctx, email, password, base_url, clear=True)


@users.command("token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for, e.g. the script's name.")
@click.option("--days", type=click.IntRange(min=1), help="Days it works (default: until disabled).")
@click.pass_context
@handles_errors
def users_token(ctx: click.Context, email: str, name: str, days: int | None) -> None:
    """Make an API token for a user's scripts; it is printed once, on standard output.

    The database keeps only a hash of it. The note beside it goes to standard
    error, so that a script can keep the output as the token.

    \b
    Example:
        benchlearn users token eva@example.lv --name nightly-export --days 365
    """
    from benchlearn.accounts import account, local_actor, make_api_token

    engine = engine_from(ctx)
    lifetime = None if days is None else dt.timedelta(days=days)
    token, expires = make_api_token(
        engine, email, name=name, actor=local_actor(), lifetime=lifetime
    )
    with engine.connect() as connection:
        found = account(connection, email)
    lang = language(ctx)
    until = t("acc_token_forever", lang) if expires is None else f"{expires:%Y-%m-%d %H:%M} UTC"
    inform(t("acc_token_made", lang, name=name, email=found.email, expires=until))
    click.echo(token)


@cli.command("audit")
@click.option("--user", metavar="EMAIL", help="Only what this user did or what was done to it.")
@click.option(
    "--since",
    type=click.DateTime(SINCE_FORMATS),
    metavar="DATE",
    help="Only entries at or after this day (YYYY-MM-DD) or time (YYYY-MM-DD HH:MM), UTC.",
)
@format_option
@lang_option()
@click.pass_context
@handles_errors
def audit(
    ctx: click.Context, user: str | None, since: dt.datetime | None, fmt: str, lang: str
) -> None:
    """The audit log: every login, change and publication, oldest first.

    Columns: when (UTC), who (a user's email, or cli: and the system user for
    a command run on the server), what, about whom or what, detail, and the
    address a login came from. CSV and JSON keep the codes: at (ISO 8601, UTC),
    actor, action (login, login_failed, login_refused, logout, user_added,
    user_disabled, password_link, password_set, token_made, form_key_rotated,
    imported, published), subject, detail, address.

    \b
    Example:
        benchlearn audit --since 2026-12-01
        benchlearn audit --user janis@bauska.lv --format csv -o audit.csv
    """
    from benchlearn.accounts import audit_log

    with engine_from(ctx).connect() as connection:
        frame = audit_log(connection, user=user, since=since)
    if frame.empty and fmt == "table":
        click.echo(t("acc_no_entries", lang))
        return
    echo_frame(_audit_table(frame, lang) if fmt in ("table", "xlsx") else frame, fmt, lang=lang)


@db.command("secret")
@click.pass_context
@handles_errors
def db_secret(ctx: click.Context) -> None:
    """Say where the secret that signs this database's forms and sessions is kept.

    Never the secret itself: BENCHLEARN_SECRET, the file BENCHLEARN_SECRET_FILE
    names, or the file made for this database in your configuration folder
    (made now if it is not there yet). Keep a copy of that file apart from the
    database's backups (docs/accounts.md).

    \b
    Example:
        benchlearn db secret
    """
    from benchlearn.secret import SECRET_VAR, secret_for

    with engine_from(ctx).connect() as connection:
        found = secret_for(connection)
    lang = language(ctx)
    if found.source == SECRET_VAR:
        click.echo(t("secret_from_variable", lang))
    else:
        click.echo(t("secret_from_file", lang, path=found.source))


def read_password() -> str:
    """The first line of standard input, without its line break (the password is never
    echoed; a terminal shows what is typed, so scripts pipe it in)."""
    line = click.get_text_stream("stdin").readline().rstrip("\r\n")
    if not line:
        raise BenchlearnError.of("acc_password_empty", {})
    return line


def _give_password(
    ctx: click.Context, email: str, password: str | None, base_url: str, *, clear: bool
) -> None:
    """Set ``password``, or print a one-time link to set one (after clearing the current
    password and sessions when ``clear``)."""
    from benchlearn.accounts import local_actor, password_link, set_password
    from benchlearn.accounts.model import normal_email, password_url

    engine = engine_from(ctx)
    lang = language(ctx)
    if password is not None:
        found = set_password(engine, email, password, actor=local_actor())
        click.echo(t("acc_password_set", lang, email=found.email))
        return
    token, expires = password_link(engine, email, actor=local_actor(), clear=clear)
    shown = normal_email(email)
    if clear:
        click.echo(t("acc_password_cleared", lang, email=shown))
    click.echo(t("acc_link_sent", lang, email=shown, expires=f"{expires:%Y-%m-%d %H:%M}"))
    click.echo(password_url(base_url, token))


def _when(value: object) -> str:
    return "" if value is None or value != value else f"{value:%Y-%m-%d %H:%M}"


def _users_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The users for people: roles and statuses in ``lang``, times to the minute."""
    return frame.assign(
        role=[t(f"acc_role_{r}", lang) for r in frame["role"]],
        municipality=frame["municipality"].fillna(""),
        status=[t(f"acc_status_{s}", lang) for s in frame["status"]],
        created=[_when(v) for v in frame["created"].astype(object)],
    ).rename(columns={c: t(f"acc_col_{c}", lang) for c in frame.columns})


def _audit_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The log for people: actions in words in ``lang``, times to the second."""
    return frame.assign(
        at=[f"{v:%Y-%m-%d %H:%M:%S}" for v in frame["at"]],
        action=[t(f"acc_action_{a}", lang) for a in frame["action"]],
        address=frame["address"].fillna(""),
    ).rename(columns={c: t(f"acc_col_{c}", lang) for c in frame.columns})
