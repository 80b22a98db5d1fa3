"""Commands that set up a database: schema, definitions, municipalities, peers, the demo."""

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
from benchlearn.cli.files import demo_steps
from benchlearn.errors import ValidationError
from benchlearn.messages import t

if TYPE_CHECKING:
    from benchlearn.definitions.store import LoadReport

# --- db -------------------------------------------------------------------


@cli.group()
def db() -> None:
    """Create or upgrade the database schema.

    \b
    Example:
        benchlearn --db postgresql://user@host/bench db upgrade
    """


@db.command("upgrade")
@click.option("--no-builtin", is_flag=True, help="Do not load the built-in definitions.")
@click.pass_context
@handles_errors
def db_upgrade(ctx: click.Context, no_builtin: bool) -> None:
    """Create or upgrade the schema, then load the built-in definitions.

    \b
    Example:
        benchlearn db upgrade
    """
    from benchlearn.database import upgrade
    from benchlearn.definitions.store import load_definitions

    lang = message_language(ctx)
    engine = engine_from(ctx, require=False)
    revision = upgrade(engine)
    click.echo(t("run_schema", lang, revision=revision))
    if not no_builtin:
        click.echo(_loaded("run_builtin_loaded", load_definitions(engine), lang))


def _loaded(key: str, report: LoadReport, lang: str) -> str:
    """What loading definitions added and updated."""
    return t(
        key,
        lang,
        indicators_added=report.indicators_added,
        indicators_updated=report.indicators_updated,
        networks_added=report.networks_added,
        networks_updated=report.networks_updated,
    )


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


@definitions.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@click.pass_context
@handles_errors
def definitions_validate(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Check definition files and report every problem with file and key path.

    Files may refer to the definitions the database holds (a network using the
    built-in POP), exactly as `definitions load` allows; without a database
    (none set up yet) the files are checked on their own.

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
    from benchlearn.definitions.store import validate_files

    engine = engine_from(ctx, require=False)
    lang = message_language(ctx)
    try:
        if has_schema(engine):
            with engine.connect() as connection:
                found = validate_files(connection, paths)
        else:
            found = validate_files(None, paths)
    except ValidationError as error:
        if fmt == "table":
            raise
        echo_frame(problem_table(error.problems, lang), fmt, lang)
        raise SystemExit(1) from None
    said = t(
        "run_definitions_ok", lang, indicators=len(found.indicators), networks=len(found.networks)
    )
    if fmt == "table":
        click.echo(said)
        return
    echo_frame(problem_table([], lang), fmt, lang)
    inform(said)


@definitions.command("load")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_context
@handles_errors
def definitions_load(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Validate definition files, then add or update them (all or nothing).

    Without PATHS the built-in definitions are loaded.

    \b
    Example:
        benchlearn definitions load indicators/ networks/
    """
    from benchlearn.definitions.store import load_definitions

    report = load_definitions(engine_from(ctx), list(paths) if paths else None)
    click.echo(_loaded("run_definitions_loaded", report, message_language(ctx)))


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


# --- municipalities -------------------------------------------------------


@cli.group()
def municipalities() -> None:
    """Load and list municipalities.

    \b
    Example:
        benchlearn municipalities load lv-2021
    """


@municipalities.command("load")
@click.argument("source")
@click.pass_context
@handles_errors
def municipalities_load(ctx: click.Context, source: str) -> None:
    """Load municipalities from a CSV file or a built-in registry.

    The CSV needs columns code,name and may have kind, valid_from, valid_to;
    every other column is stored as an attribute (region, kostra_group, ...).
    Built-in registries: lv-2009 (119 Latvian units, 2009–2021) and lv-2021
    (43 units since the 2021 reform).

    \b
    Example:
        benchlearn municipalities load lv-2009
        benchlearn municipalities load councils.csv
    """
    from benchlearn.registry.municipalities import load_municipalities

    report = load_municipalities(engine_from(ctx), source)
    lang = message_language(ctx)
    click.echo(
        t(
            "run_municipalities_loaded",
            lang,
            count=report.added + report.updated,
            added=report.added,
            updated=report.updated,
            attributes=", ".join(report.attributes) or t("run_none", lang),
        )
    )


@municipalities.command("list")
@format_option
@click.pass_context
@handles_errors
def municipalities_list(ctx: click.Context, fmt: str) -> None:
    """List municipalities with their attributes.

    \b
    Example:
        benchlearn municipalities list --format csv > municipalities.csv
    """
    from benchlearn.cli.listings import kinds_in
    from benchlearn.registry.municipalities import municipalities_frame

    with engine_from(ctx).connect() as connection:
        frame = kinds_in(municipalities_frame(connection), message_language(ctx), fmt)
    echo_frame(frame, fmt, lang=message_language(ctx))


# --- peers ----------------------------------------------------------------


@cli.group()
def peers() -> None:
    """Load explicit peer groups (for --peers group:NAME).

    \b
    Example:
        benchlearn peers load nearest-neighbours.csv --name nn
    """


@peers.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", help="Group name (default: the file name without extension).")
@click.pass_context
@handles_errors
def peers_load(ctx: click.Context, file: str, name: str | None) -> None:
    """Load peer lists from a CSV with columns municipality,peer[,group].

    \b
    Example:
        benchlearn peers load NN_long.csv --name nn
    """
    from benchlearn.registry.peers import load_peer_groups

    counts = load_peer_groups(engine_from(ctx), file, name)
    lang = message_language(ctx)
    for group, count in counts.items():
        click.echo(t("run_peer_group", lang, group=group, count=count))


@peers.command("list")
@format_option
@click.pass_context
@handles_errors
def peers_list(ctx: click.Context, fmt: str) -> None:
    """List the loaded peer groups, one name a line (CSV and JSON: a column ``group``).

    \b
    Example:
        benchlearn peers list
        benchlearn peers list --format json
    """
    from benchlearn.registry.peers import peer_group_names

    with engine_from(ctx).connect() as connection:
        names = peer_group_names(connection)
    if fmt == "table":
        for name in names:
            click.echo(name)
        return
    import pandas as pd

    echo_frame(pd.DataFrame({"group": names}, dtype=object), fmt, message_language(ctx))


# --- demo -----------------------------------------------------------------


@cli.command("demo")
@click.option("--dataset", default="uk-asc", show_default=True, help="Sample to use.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="benchlearn-demo",
    show_default=True,
    help="Folder for the demo's database, workbook and web report (created).",
)
@click.option(
    "--site/--no-site", default=True, show_default=True, help="Also write the web report."
)
@click.pass_context
@handles_errors
def demo(ctx: click.Context, dataset: str, out: str, site: bool) -> None:
    """Build a demo database from a sample of real data and write its meeting workbook and
    its web report.

    Samples: uk-asc (English councils' adult social care, Oflog), no-kostra
    (Norwegian KOSTRA property management), se-municipalities (Swedish panel).

    \b
    Example:
        benchlearn demo
        benchlearn demo --dataset no-kostra --out /tmp/demo
    """
    from benchlearn.cli.common import language
    from benchlearn.demo import run_demo

    with demo_steps(language(ctx)) as steps:
        result = run_demo(dataset, out, site=site, step=steps.start)
    info, book = result.sample, result.workbook
    click.echo(f"{info.title}")
    click.echo(f"Workbook: {book.path}")
    click.echo(
        f"  {len(book.sheets)} sheets for network {info.network}, {info.year}, "
        f"{book.members} members and {book.indicators} indicators: {', '.join(book.sheets)}"
    )
    if result.site is not None:
        click.echo(f"Web report: {result.site.path}, {result.site.pages} pages")
        click.echo(f"  open {result.site.index} in a browser (it needs no internet)")
    click.echo(f"Database: {result.database}")
    click.echo("Holds: " + ", ".join(f"{n} {label}" for label, n in result.counts.items()) + ".")
    click.echo(f"Source and licence: {info.path / 'SOURCE.txt'}")
    db_arg = f"--db {result.database}"
    where = f"--network {info.network} --year {info.year}"
    click.echo("Next:")
    click.echo(f"  benchlearn {db_arg} rank {where}")
    click.echo(f"  benchlearn {db_arg} position -m {book.first_member} {where}")
