"""Commands that set up a database: its schema (``db``) and the definitions it holds.

``db upgrade`` changes the schema only; the built-in definitions load with
``definitions load --builtin``, which creates the schema too when there is none,
so neither ever replaces a definition behind one's back.
"""

from __future__ import annotations

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
    message_language,
    network_option,
)
from benchlearn.errors import ValidationError
from benchlearn.messages import t

if TYPE_CHECKING:
    from benchlearn.definitions.changes import LoadReport

# --- db -------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Create or upgrade the database schema.

    \b
    Example:
        benchlearn --db postgresql://user@host/bench db upgrade
    """


@db.command("upgrade")
@click.option("--no-builtin", is_flag=True, hidden=True, help="Accepted for one release; no-op.")
@click.pass_context
@handles_errors
def db_upgrade(ctx: click.Context, no_builtin: bool) -> None:
    """Create or upgrade the schema (Alembic migrations); nothing else changes.

    The built-in definitions are loaded by `benchlearn definitions load
    --builtin`, so an upgrade never replaces a definition of one's own.

    \b
    Example:
        benchlearn db upgrade
        benchlearn definitions load --builtin
    """
    from benchlearn.database import upgrade
    from benchlearn.definitions.store import indicator_count

    del no_builtin  # loading built-ins was db upgrade's job until it changed the schema only
    lang = message_language(ctx)
    engine = engine_from(ctx, require=False)
    click.echo(t("run_schema", lang, revision=upgrade(engine)))
    with engine.connect() as connection:
        if not indicator_count(connection):
            click.echo(t("run_load_builtin_hint", lang))


def _loaded(report: LoadReport, lang: str) -> None:
    """Print what loading definitions added, changed and left unchanged, and each change."""
    from benchlearn.messages import counted

    counts = {
        "added": len(report.added),
        "changed": len(report.changed),
        "unchanged": len(report.unchanged),
    }
    words = {key: counted(f"run_definitions_{key}", n)[lang] for key, n in counts.items()}
    click.echo(t("run_definitions_loaded", lang, **words))
    for change in report.changed:
        click.echo(t("run_definition_changed", lang, change=change.text(lang)))


@db.command("current")
@click.pass_context
@handles_errors
def db_current(ctx: click.Context) -> None:
    """Show the schema revision of the database.

    \b
    Example:
        benchlearn db current
    """
    from benchlearn.database import current_revision

    found = current_revision(engine_from(ctx, require=False))
    click.echo(found or t("run_no_schema", message_language(ctx)))


# --- definitions ----------------------------------------------------------


@cli.group()
def definitions() -> None:
    """Validate and load indicator and network definitions (YAML).

    \b
    Example:
        benchlearn definitions validate indicators/ networks/
    """


replace_option = click.option(
    "--replace",
    is_flag=True,
    help="Change stored definitions that the files define differently (else refused).",
)


@definitions.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@replace_option
@format_option
@click.pass_context
@handles_errors
def definitions_validate(
    ctx: click.Context, paths: tuple[str, ...], replace: bool, fmt: str
) -> None:
    """Check definition files and report every problem with file and key path.

    Files may refer to the definitions the database holds (a network using the
    built-in POP), exactly as `definitions load` allows, and a stored definition
    they would change is reported with its differences, as `definitions load`
    refuses it (unless --replace). Without a database (none set up yet) the files
    are checked on their own.

    With --format csv, json or xlsx the problems are a report, one a row:
    file, row, column, path, message (in --lang), to send back to whoever
    wrote the files; no problems is an empty report. Exit code 1 when there
    are problems.

    \b
    Example:
        benchlearn definitions validate indicators/social.yaml networks/t2.yaml
        benchlearn definitions validate networks/t2.yaml -o problems.csv
    """
    from benchlearn.cli.listings import problem_table
    from benchlearn.database import has_schema
    from benchlearn.definitions.store import check_files
    from benchlearn.messages import counted

    engine = engine_from(ctx, require=False)
    lang = message_language(ctx)
    try:
        if has_schema(engine):
            with engine.connect() as connection:
                found = check_files(connection, paths, replace=replace)
        else:
            found = check_files(None, paths)
    except ValidationError as error:
        if fmt == "table":
            raise
        echo_frame(problem_table(error.problems, lang), fmt, lang)
        raise SystemExit(1) from None
    indicators, networks = found.count("indicator"), found.count("network")
    said = t(
        "run_definitions_ok",
        lang,
        indicators=counted("n_indicators", indicators)[lang],
        networks=counted("n_networks", networks)[lang],
    )
    changes = [t("run_definition_changed", lang, change=c.text(lang)) for c in found.changed]
    if fmt == "table":
        click.echo(said)
        for line in changes:
            click.echo(line)
        return
    echo_frame(problem_table([], lang), fmt, lang)
    for line in [said, *changes]:
        inform(line)


@definitions.command("load")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--builtin", is_flag=True, help="Load the shipped definitions (with PATHS, too).")
@replace_option
@click.pass_context
@handles_errors
def definitions_load(
    ctx: click.Context, paths: tuple[str, ...], builtin: bool, replace: bool
) -> None:
    """Validate definition files, then add them (all or nothing); the schema is created
    (or upgraded) first when the database lacks it.

    A definition equal to the stored one is left unchanged. One that differs is
    refused, with every difference shown, unless --replace is given.

    \b
    Example:
        benchlearn definitions load --builtin
        benchlearn definitions load indicators/ networks/
        benchlearn definitions load --replace indicators/pop.yaml
    """
    from benchlearn.database import bring_up
    from benchlearn.definitions.store import load_definitions

    lang = message_language(ctx)
    if not paths and not builtin:
        raise click.UsageError(t("run_definitions_what", lang))
    engine = engine_from(ctx, require=False)
    revision = bring_up(engine)
    if revision is not None:
        click.echo(t("run_schema", lang, revision=revision))
    _loaded(load_definitions(engine, list(paths), builtin=builtin, replace=replace), lang)


@definitions.command("schema")
def definitions_schema() -> None:
    """Print the JSON Schema of definition files, for editors that check YAML as it is typed.

    Save it beside your files and name it in their first line:

    \b
        # yaml-language-server: $schema=definitions.schema.json

    \b
    Example:
        benchlearn definitions schema > definitions.schema.json
    """
    from benchlearn.definitions import schema_path

    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@definitions.command("list")
@network_option(help="Only the indicators of this network.")
@lang_option()
@format_option
@click.pass_context
@handles_errors
def definitions_list(ctx: click.Context, network: str | None, lang: str, fmt: str) -> None:
    """List stored indicators (code, name, unit, direction, formula).

    \b
    Example:
        benchlearn definitions list --network T2
    """
    from benchlearn.cli.listings import indicator_table
    from benchlearn.definitions.store import stored_definitions

    with engine_from(ctx).connect() as connection:
        found = stored_definitions(connection)
    echo_frame(indicator_table(found, network, lang), fmt, lang)


@definitions.command("models")
@network_option(help="Only the models of this network.")
@lang_option()
@format_option
@click.pass_context
@handles_errors
def definitions_models(ctx: click.Context, network: str | None, lang: str, fmt: str) -> None:
    """List the efficiency models networks declare (inputs, outputs, orientation, returns
    to scale and the context variables of the second stage).

    \b
    Example:
        benchlearn definitions models --network KOSTRA
    """
    from benchlearn.cli.listings import model_table
    from benchlearn.definitions.store import stored_definitions

    with engine_from(ctx).connect() as connection:
        found = stored_definitions(connection)
    echo_frame(model_table(found, network, lang), fmt, lang)
