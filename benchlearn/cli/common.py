"""The root command group and what every command shares: errors, database, output."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from benchlearn.cli.output import FORMATS
from benchlearn.cli.usage import LocalisedGroup
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.messages import LANGUAGES as LANGUAGE_CODES
from benchlearn.messages import t

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])

#: ``--lang``: the languages of the message catalogue.
LANGUAGES = click.Choice(LANGUAGE_CODES)


def report(error: BenchlearnError, lang: str | None = None) -> None:
    """Print a library error on stderr: one line, then every problem it lists.

    In ``lang``, else in the language of the command being run.
    """
    if lang is None:
        ctx = click.get_current_context(silent=True)
        lang = message_language(ctx) if ctx is not None else "en"
    if isinstance(error, ValidationError):
        click.echo(t("run_error", lang, message=error.summary_text(lang)), err=True)
        for problem in error.problems:
            click.echo(f"  {problem.line(lang)}", err=True)
    else:
        click.echo(t("run_error", lang, message=error.text(lang)), err=True)


def fail(error: BenchlearnError, lang: str | None = None) -> None:
    """Print a library error without a traceback and exit non-zero."""
    report(error, lang)
    raise SystemExit(1)


def handles_errors(function: F) -> F:
    """Turn every :class:`BenchlearnError` into a clean message and exit code 1."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BenchlearnError as error:
            fail(error)

    return wrapper  # type: ignore[return-value]


def engine_from(ctx: click.Context, *, require: bool = True) -> Engine:
    """The engine for ``--db``; unless told otherwise, the schema must exist."""
    from benchlearn.database import make_engine, require_schema

    engine = make_engine(ctx.find_root().params.get("db"))
    ctx.call_on_close(engine.dispose)
    if require:
        require_schema(engine)
    return engine


def format_option(function: F) -> F:
    """``--format table|csv|json``, shared by every command that prints a table."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output as a readable table, CSV or JSON records.",
    )(function)


def echo_frame(
    frame: pd.DataFrame, fmt: str, lang: str = "en", names: dict[str, str] | None = None
) -> None:
    """Print a DataFrame in the chosen format; a table in ``lang``, names beside codes."""
    from benchlearn.cli.output import render

    click.echo(render(frame, fmt, lang=lang, names=names), nl=False)


def names_for(ctx: click.Context, fmt: str) -> dict[str, str] | None:
    """Municipality names for a table (None for CSV and JSON, whose columns are fixed)."""
    if fmt != "table":
        return None
    from benchlearn.commands import municipality_names

    return municipality_names(engine_from(ctx))


@click.group(
    cls=LocalisedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="benchlearn")
@click.option(
    "--db",
    envvar="BENCHLEARN_DB",
    metavar="URL",
    help="Database URL or SQLite file (env BENCHLEARN_DB; default benchlearn.db here).",
)
@click.option(
    "--lang",
    envvar="BENCHLEARN_LANG",
    type=LANGUAGES,
    default="en",
    show_default=True,
    help="Language of everything printed and written (env BENCHLEARN_LANG).",
)
def cli(db: str | None, lang: str) -> None:
    """benchlearn: benchmarking to learn, for municipalities and their networks.

    Store municipal indicators, compare each municipality with its peers, and
    write comparison workbooks for network meetings.

    \b
    Example:
        benchlearn demo                       # build the sample and see what to run next
        benchlearn --db my.db db upgrade      # create a database
        benchlearn --db my.db import data.csv
        benchlearn --lang lv networks         # or set BENCHLEARN_LANG=lv
    """


def comparison_options(function: F) -> F:
    """``--network`` and ``--year``, shared by every comparison command."""
    function = click.option("--year", type=int, required=True, help="Year compared.")(function)
    return click.option("--network", required=True, help="Network code, e.g. T2.")(function)


def peers_option(function: F) -> F:
    """``--peers``: whom each municipality is compared with."""
    return click.option(
        "--peers",
        default="network",
        show_default=True,
        metavar="SPEC",
        help="network | all | attr:NAME | group:NAME | similar:K",
    )(function)


def vars_option(function: F) -> F:
    """``--vars``: structural variables instead of the network's own."""
    return click.option(
        "--vars",
        "variables",
        metavar="CODE[:log][:W],...",
        help="Structural variables to use instead of the network's, e.g. POP:log,AREA_KM2.",
    )(function)


def boundaries_option(function: F) -> F:
    """``--boundaries YEAR``: show every year on that year's units (territorial reforms)."""
    return click.option(
        "--boundaries",
        type=int,
        metavar="YEAR",
        help="Show all years on this year's units, through the loaded crosswalk.",
    )(function)


def confidence_option(function: F) -> F:
    """``--confidence 95|99.8``: the level at which a difference counts as significant."""
    return click.option(
        "--confidence",
        type=click.Choice(["95", "99.8"]),
        default="95",
        show_default=True,
        callback=lambda _ctx, _param, value: float(value),
        help="Confidence level of the significance of indicators with counts.",
    )(function)


def comparator_option(function: F) -> F:
    """``--comparator median|pooled|all``: what each value is judged, coloured and drawn
    against; without it, each indicator's own ``comparator:``, else the members' median."""
    return click.option(
        "--comparator",
        type=click.Choice(["median", "pooled", "all"]),
        default=None,
        help="Compare with the members' median (default), their pooled value (indicators "
        "with counts) or the median of all units with data (all).",
    )(function)


def language(ctx: click.Context) -> str:
    """The language a command speaks: its own ``--lang``, else the global one, else English."""
    own = ctx.params.get("lang")
    if own:
        return str(own)
    return str(ctx.find_root().params.get("lang") or "en")


def message_language(ctx: click.Context) -> str:
    """The language a command's own lines and errors are in: its ``--lang`` when given,
    else the global one (``forms make`` writes Latvian forms by default, but says so in
    the global language)."""
    if ctx.get_parameter_source("lang") in (ParameterSource.COMMANDLINE, ParameterSource.PROMPT):
        return str(ctx.params["lang"])
    return str(ctx.find_root().params.get("lang") or "en")


def lang_option(default: str = "en") -> Callable[[F], F]:
    """A command's own ``--lang``: given, it wins; else the global ``--lang`` or
    ``BENCHLEARN_LANG`` when set, else the command's own ``default``."""

    def resolve(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
        if value:
            return value
        root = ctx.find_root()
        source = root.get_parameter_source("lang")
        if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            return str(root.params["lang"])
        return default

    def decorate(function: F) -> F:
        return click.option(
            "--lang",
            type=LANGUAGES,
            default=None,
            callback=resolve,
            help=f"English or Latvian (default: the global --lang, else {default}).",
        )(function)

    return decorate
