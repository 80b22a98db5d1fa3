"""The root command group and what every command shares: errors, database, output."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from benchlearn.cli.options import OUTPUT, VERBOSITY, output_of, output_options  # noqa: F401
from benchlearn.cli.usage import LocalisedGroup
from benchlearn.errors import BenchlearnError, MachineProblem, ValidationError
from benchlearn.messages import LANGUAGES as LANGUAGE_CODES
from benchlearn.messages import t, visible

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])

#: ``--lang``: the languages of the message catalogue.
LANGUAGES = click.Choice(LANGUAGE_CODES)
#: ``ctx.meta`` key of a command's own ``--lang``.
LANG = "benchlearn.lang"
#: What a CSV file starts with so that Excel reads it as UTF-8 (the byte-order mark).
BOM = "\ufeff"


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
    """Print a library error without a traceback and exit non-zero: 3 when the machine
    stopped the command (:class:`MachineProblem`), else 1."""
    report(error, lang)
    raise SystemExit(3 if isinstance(error, MachineProblem) else 1)


def handles_errors(function: F) -> F:
    """Turn every :class:`BenchlearnError` into a clean message and its exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BenchlearnError as error:
            fail(error)

    return wrapper  # type: ignore[return-value]


def engine_from(ctx: click.Context, *, require: bool = True) -> Engine:
    """The engine for ``--db``; unless told otherwise, the schema must exist."""
    from benchlearn.cli.logs import LOGGER
    from benchlearn.database import make_engine, require_schema

    engine = make_engine(ctx.find_root().params.get("db"))
    LOGGER.info("database %s", engine.url.render_as_string(hide_password=True))
    ctx.call_on_close(engine.dispose)
    if require:
        require_schema(engine)
    return engine


def format_option(function: F) -> F:
    """``--format table|csv|json|xlsx`` and ``-o/--out FILE``, shared by every command that
    prints a table (:func:`benchlearn.cli.options.output_options`)."""
    return output_options()(function)


def echo_frame(
    frame: pd.DataFrame, fmt: str, lang: str = "en", names: dict[str, str] | None = None
) -> None:
    """Print a DataFrame in the chosen format, or write it to the command's ``-o FILE``;
    a table in ``lang``, names beside codes."""
    from benchlearn.cli.logs import LOGGER
    from benchlearn.cli.output import render, write

    ctx = click.get_current_context(silent=True)
    output = output_of(ctx)
    LOGGER.info("%d rows as %s to %s", len(frame), fmt, output.path or "standard output")
    if output.path is not None:
        write(frame, fmt, output.path, lang=lang, names=names)
        inform(t("run_wrote_file", language(ctx) if ctx is not None else lang, path=output.path))
        return
    text = render(frame, fmt, lang=lang, names=names)
    if fmt == "csv" and output.excel:
        text = BOM + text
    click.echo(text, nl=False)


def echo_csv_pieces(
    frames: Iterable[pd.DataFrame], lang: str = "en", names: dict[str, str] | None = None
) -> None:
    """:func:`echo_frame` of the frames put one under the other, as CSV, each printed (or
    written to the command's ``-o FILE``) as it comes: the text is the same, and only one
    piece is held at a time."""
    from benchlearn.cli.logs import LOGGER
    from benchlearn.cli.output import csv_pieces
    from benchlearn.outputs import whole_file

    ctx = click.get_current_context(silent=True)
    output = output_of(ctx)
    rows = 0

    def counted() -> Iterator[pd.DataFrame]:
        nonlocal rows
        for frame in frames:
            rows += len(frame)
            yield frame

    texts = csv_pieces(counted(), names)
    if output.path is None:
        if output.excel:
            click.echo(BOM.encode(), nl=False)
        for text in texts:
            click.echo(text, nl=False)
    else:
        with whole_file(output.path) as partial, partial.open("wb") as out:
            out.write(BOM.encode())
            for text in texts:
                out.write(text)
    LOGGER.info("%d rows as csv to %s", rows, output.path or "standard output")
    if output.path is not None:
        inform(t("run_wrote_file", language(ctx) if ctx is not None else lang, path=output.path))


def aside(text: str, fmt: str) -> None:
    """A line beside a table: part of the output in a table (stdout), a note on stderr
    (:func:`inform`) beside CSV, JSON or a file, which stay what a program reads."""
    if fmt == "table" and output_of(click.get_current_context(silent=True)).path is None:
        click.echo(text)
    else:
        inform(text)


def inform(text: str) -> None:
    """An informational line on stderr (a note beside the output), unless ``--quiet``."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(VERBOSITY, 0) < 0:
        return
    click.echo(text, err=True)


def names_for(ctx: click.Context, fmt: str) -> dict[str, str] | None:
    """Municipality names for a table, CSV or workbook: a name column beside each code
    column, so a spreadsheet reader sees who a row is (None for JSON, whose records keep
    the library's columns)."""
    if fmt == "json":
        return None
    from benchlearn.commands import municipality_names

    return municipality_names(engine_from(ctx))


#: What the exit code of every command means (the root help's epilog, README "Exit codes").
EXIT_CODES = """\b
Exit codes:
  0  done
  1  problems found: a library error, a file's validation problems, check errors
  2  usage: an unknown command or option, a bad or missing value
  3  the machine: a full disk, a read-only place, a lost or busy database;
     or an internal error, a bug (set BENCHLEARN_DEBUG=1 to see the traceback)"""


class RootGroup(LocalisedGroup):
    """The root group: usage errors in ``--lang``, and an unexpected failure as one line and
    exit code 3, so that 2 always means a usage error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        import os

        try:
            return super().main(*args, **kwargs)
        except BenchlearnError as error:  # raised outside a command's own handler
            fail(error)
        except Exception as error:  # the last line of defence: users never see a traceback
            if os.environ.get("BENCHLEARN_DEBUG"):
                raise
            from benchlearn.database import without_password

            given = kwargs.get("args", args[0] if args else None)
            shown = without_password(str(error), given_database(given))
            click.echo(
                f"Error: unexpected {type(error).__name__}: {visible(shown)} "
                "(set BENCHLEARN_DEBUG=1 to see where)",
                err=True,
            )
            raise SystemExit(3) from None


def given_database(arguments: Sequence[str] | None) -> str | None:
    """The database URL a run was given (``--db``, else ``BENCHLEARN_DB``), read from its
    words when the command itself could not say it: an unexpected failure's message may
    quote the URL, and its password is hidden (:func:`benchlearn.database.without_password`)."""
    import os
    import sys

    words = list(sys.argv[1:] if arguments is None else arguments)
    for number, word in enumerate(words):
        if word == "--db" and number + 1 < len(words):
            return words[number + 1]
        if word.startswith("--db="):
            return word.removeprefix("--db=")
    return os.environ.get("BENCHLEARN_DB")


@click.group(
    cls=RootGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
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
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bars and no notes on stderr; errors only."
)
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log the steps on stderr (-vv: also every SQL statement and its time).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str, quiet: bool, verbose: int) -> None:
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
    from benchlearn.cli.logs import configure

    ctx.meta[VERBOSITY] = -1 if quiet else verbose
    configure(ctx.meta[VERBOSITY])


def comparison_options(function: F) -> F:
    """``-n/--network`` and ``--year``, shared by every comparison command."""
    function = click.option("--year", type=int, required=True, help="Year compared.")(function)
    return network_option(required=True)(function)


def network_option(
    *, required: bool = False, help: str = "Network code, e.g. T2."
) -> Callable[[F], F]:
    """``-n/--network CODE``."""
    return click.option("-n", "--network", required=required, metavar="CODE", help=help)


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


def rank_confidence_option(function: F) -> F:
    """``--confidence 90|95|99.8`` of ``rank``: the level of the significance and of the
    rank intervals (90 is the level of Klein, Wright & Wieczorek's published example)."""
    return click.option(
        "--confidence",
        type=click.Choice(["90", "95", "99.8"]),
        default="95",
        show_default=True,
        callback=lambda _ctx, _param, value: float(value),
        help="Confidence level of the significance of indicators with counts and of the "
        "rank intervals (rank_low, rank_high) of values with a standard error.",
    )(function)


def shrink_option(function: F) -> F:
    """``--shrink``: documents show each value's shrunk estimate and interval beside it."""
    return click.option(
        "--shrink",
        is_flag=True,
        help="Beside each value that has a standard error, its empirical-Bayes estimate pulled "
        "toward the peers' mean and its robust interval (see benchlearn shrink).",
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


def audience_option(function: F) -> F:
    """``--audience public|network|all|CODE``: whom the output is for. Every value the
    command reads goes through the audience (:mod:`benchlearn.access`), so the option only
    puts it in force for the length of the command; nothing else needs to pass it on."""
    return click.option(
        "--audience",
        default="public",
        show_default=True,
        metavar="public|network|all|CODE",
        expose_value=False,
        is_eager=False,
        callback=_put_audience_in_force,
        help="Whom the output is for: the public (restricted values left out), the "
        "network's members, a member municipality (CODE), or all (the operator's view).",
    )(function)


def _put_audience_in_force(ctx: click.Context, _param: click.Parameter, value: str) -> None:
    from benchlearn.access import Audience, using

    try:
        audience = Audience.parse(value)
    except BenchlearnError as error:
        raise click.BadParameter(error.text(message_language(ctx))) from None
    ctx.with_resource(using(audience))


def language(ctx: click.Context) -> str:
    """The language a command speaks: its own ``--lang``, else the global one, else English."""
    own = ctx.params.get("lang") or ctx.meta.get(LANG)
    if own:
        return str(own)
    return str(ctx.find_root().params.get("lang") or "en")


def message_language(ctx: click.Context) -> str:
    """The language a command's own lines and errors are in: the same as :func:`language`
    (kept as the name the commands that print notes use)."""
    return language(ctx)


def _resolve_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    """A command's ``--lang`` when given (it wins), else the global ``--lang`` or
    ``BENCHLEARN_LANG``, else English; kept in ``ctx.meta`` for the command's notes."""
    if value:
        ctx.meta[LANG] = value
        return value
    return str(ctx.find_root().params.get("lang") or "en")


def lang_option(function: F | None = None) -> Any:
    """A command's own ``--lang``: given, it wins; else the global ``--lang`` or
    ``BENCHLEARN_LANG``, else English (the same default for every command).

    Used bare (``@lang_option``) or called (``@lang_option()``).
    """

    def decorate(function: F) -> F:
        return click.option(
            "--lang",
            type=LANGUAGES,
            default=None,
            callback=_resolve_lang,
            help="en or lv (default: the global --lang or BENCHLEARN_LANG, else en).",
        )(function)

    return decorate if function is None else decorate(function)


def every_command_speaks(group: click.Group) -> None:
    """Give every command without its own ``--lang`` one that only sets the language of
    what it prints, so that ``--lang`` is spelled the same on every command."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            every_command_speaks(command)
            if not command.invoke_without_command:
                continue
        if not any(isinstance(p, click.Option) and "--lang" in p.opts for p in command.params):
            command.params.append(
                click.Option(
                    ["--lang"],
                    type=LANGUAGES,
                    default=None,
                    expose_value=False,
                    callback=_resolve_lang,
                    help="en or lv (default: the global --lang or BENCHLEARN_LANG, else en).",
                )
            )
