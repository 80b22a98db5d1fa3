"""The ``benchlearn`` command line: parses arguments, calls the library, formats output.

No SQL and no pandas logic lives here; heavy libraries are imported inside the
commands so that ``benchlearn --help`` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from benchlearn.errors import BenchlearnError, ValidationError

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])


def _fail(error: BenchlearnError) -> None:
    """Print a library error without a traceback and exit non-zero."""
    if isinstance(error, ValidationError):
        click.echo(f"Error: {error.summary}", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
    else:
        click.echo(f"Error: {error}", err=True)
    raise SystemExit(1)


def handles_errors(function: F) -> F:
    """Turn every :class:`BenchlearnError` into a clean message and exit code 1."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BenchlearnError as error:
            _fail(error)

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
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output as a readable table, CSV or JSON records.",
    )(function)


def echo_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print a DataFrame in the chosen format."""
    from benchlearn.output import render

    click.echo(render(frame, fmt), nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="benchlearn")
@click.option(
    "--db",
    envvar="BENCHLEARN_DB",
    metavar="URL",
    help="Database URL or SQLite file (env BENCHLEARN_DB; default benchlearn.db here).",
)
def cli(db: str | None) -> None:
    """benchlearn: benchmarking to learn, for municipalities and their networks.

    Store municipal indicators, compare each municipality with its peers, and
    write comparison workbooks for network meetings.

    \b
    Example:
        benchlearn demo                       # build the sample and see what to run next
        benchlearn --db my.db db upgrade      # create a database
        benchlearn --db my.db import data.csv
    """


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
    from benchlearn.catalogue import load_definitions
    from benchlearn.database import upgrade

    engine = engine_from(ctx, require=False)
    revision = upgrade(engine)
    click.echo(f"Schema at revision {revision}.")
    if not no_builtin:
        report = load_definitions(engine)
        click.echo(
            f"Built-in definitions: {report.indicators_added} indicators added, "
            f"{report.indicators_updated} updated; {report.networks_added} networks added, "
            f"{report.networks_updated} updated."
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

    click.echo(current_revision(engine_from(ctx, require=False)) or "no schema")


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
@handles_errors
def definitions_validate(paths: tuple[str, ...]) -> None:
    """Check definition files and report every problem with file and key path.

    \b
    Example:
        benchlearn definitions validate indicators/social.yaml networks/t2.yaml
    """
    from benchlearn.definitions import read_files

    found = read_files(paths)
    click.echo(f"OK: {len(found.indicators)} indicators, {len(found.networks)} networks.")


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
    from benchlearn.catalogue import load_definitions

    report = load_definitions(engine_from(ctx), list(paths) if paths else None)
    click.echo(
        f"Loaded: {report.indicators_added} indicators added, {report.indicators_updated} updated; "
        f"{report.networks_added} networks added, {report.networks_updated} updated."
    )


@definitions.command("list")
@click.option("--network", help="Only the indicators of this network.")
@format_option
@click.pass_context
@handles_errors
def definitions_list(ctx: click.Context, network: str | None, fmt: str) -> None:
    """List stored indicators (code, name, unit, direction, formula).

    \b
    Example:
        benchlearn definitions list --network T2
    """
    from benchlearn.catalogue import stored_definitions
    from benchlearn.reports import indicator_table

    with engine_from(ctx).connect() as connection:
        found = stored_definitions(connection)
    echo_frame(indicator_table(found, network), fmt)


@cli.command("networks")
@format_option
@click.pass_context
@handles_errors
def networks(ctx: click.Context, fmt: str) -> None:
    """List networks with their indicators and members.

    \b
    Example:
        benchlearn networks --format csv
    """
    from benchlearn.catalogue import stored_definitions
    from benchlearn.reports import network_table

    with engine_from(ctx).connect() as connection:
        found = stored_definitions(connection)
    echo_frame(network_table(found), fmt)


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
    from benchlearn.municipalities import load_municipalities

    report = load_municipalities(engine_from(ctx), source)
    attributes = ", ".join(report.attributes) or "none"
    click.echo(
        f"Loaded {report.added + report.updated} municipalities "
        f"({report.added} added, {report.updated} updated); attributes: {attributes}."
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
    from benchlearn.municipalities import municipalities_frame

    with engine_from(ctx).connect() as connection:
        echo_frame(municipalities_frame(connection), fmt)


# --- import ---------------------------------------------------------------


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, help="Year of a wide file that has no year column.")
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option(
    "--skip-invalid", is_flag=True, help="Import the valid rows and list the rejected ones."
)
@click.pass_context
def import_(
    ctx: click.Context, files: tuple[str, ...], year: int | None, dry_run: bool, skip_invalid: bool
) -> None:
    """Import values from CSV or XLSX files, one transaction per file.

    Long files have columns municipality,indicator,year,value[,status]; wide
    files have municipality, year (or --year) and one column per indicator.
    Status codes: - missing, . not applicable, .. confidential. An empty cell is
    no data. A file with any bad row is not imported unless --skip-invalid.

    \b
    Example:
        benchlearn import values-2023.csv
        benchlearn import --year 2023 --dry-run survey.xlsx
    """
    from benchlearn.importing import ImportRejected, import_file

    try:
        engine = engine_from(ctx)
    except BenchlearnError as error:
        _fail(error)
    failed = False
    for file in files:
        try:
            with _progress(Path(file)) as progress:
                result = import_file(
                    engine,
                    file,
                    year=year,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    progress=progress,
                )
        except ImportRejected as rejected:
            failed = True
            click.echo(f"Error: {rejected.summary}", err=True)
            for problem in rejected.problems:
                click.echo(f"  {problem}", err=True)
            continue
        except BenchlearnError as error:
            failed = True
            if isinstance(error, ValidationError):
                click.echo(f"Error: {error.summary}", err=True)
                for problem in error.problems:
                    click.echo(f"  {problem}", err=True)
            else:
                click.echo(f"Error: {error}", err=True)
            continue
        verb = "would import" if dry_run else "imported"
        batch = f" as batch {result.batch_id}" if result.batch_id else ""
        if not dry_run and not result.written:
            click.echo(f"{file}: nothing changed ({result.unchanged} values already stored).")
        else:
            click.echo(
                f"{file}: {verb} {result.rows_read} rows{batch}: {result.inserted} new, "
                f"{result.updated} changed, {result.unchanged} unchanged, "
                f"{result.rejected} rejected."
            )
        for problem in result.problems:
            click.echo(f"  rejected: {problem}", err=True)
        for warning in result.warnings:
            click.echo(f"  warning: {warning}", err=True)
    if failed:
        raise SystemExit(1)


class _progress:
    """A progress bar on stderr for big files, only when stderr is a terminal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None] | None:
        big = self.path.stat().st_size > 5_000_000
        if not (big and sys.stderr.isatty()):
            return None
        self.bar = click.progressbar(
            length=None, label=f"Importing {self.path.name}", file=sys.stderr
        )
        self.bar.__enter__()
        return lambda rows: self.bar.update(rows)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


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
    from benchlearn.peers import load_peer_groups

    counts = load_peer_groups(engine_from(ctx), file, name)
    for group, count in counts.items():
        click.echo(f"Peer group {group}: {count} pairs.")


@peers.command("list")
@click.pass_context
@handles_errors
def peers_list(ctx: click.Context) -> None:
    """List the loaded peer groups.

    \b
    Example:
        benchlearn peers list
    """
    from benchlearn.peers import peer_group_names

    with engine_from(ctx).connect() as connection:
        for name in peer_group_names(connection):
            click.echo(name)


# --- comparisons ----------------------------------------------------------


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


@cli.command("rank")
@comparison_options
@click.option("--indicator", help="Only this indicator.")
@peers_option
@click.option("--since", type=int, help="Add the change of value and rank since this year.")
@format_option
@click.pass_context
@handles_errors
def rank(
    ctx: click.Context,
    network: str,
    year: int,
    indicator: str | None,
    peers: str,
    since: int | None,
    fmt: str,
) -> None:
    """Rank members among their peers, indicator by indicator.

    Rank 1 is the best whatever the direction; robust_z is the distance from
    the peer median in median absolute deviations (positive is better) and band
    words it as Oflog does.

    \b
    Example:
        benchlearn rank --network ASC --year 2022 --indicator ASC3
        benchlearn rank --network ASC --year 2022 --peers group:nn --since 2016
    """
    from benchlearn.compare import rank as rank_members

    frame = rank_members(
        engine_from(ctx), network, year, indicator=indicator, peers=peers, since=since
    )
    echo_frame(frame, fmt)


@cli.command("similar")
@comparison_options
@click.option("--k", default=15, show_default=True, help="Neighbours per municipality.")
@click.option("--municipality", help="Only this municipality's neighbours.")
@click.option(
    "--explain",
    "explain_with",
    metavar="CODE",
    help="With --municipality: how each variable contributes to the distance to CODE.",
)
@vars_option
@format_option
@click.pass_context
@handles_errors
def similar(
    ctx: click.Context,
    network: str,
    year: int,
    k: int,
    municipality: str | None,
    explain_with: str | None,
    variables: str | None,
    fmt: str,
) -> None:
    """Nearest neighbours on structural variables (the CIPFA approach).

    Variables are z-scored over the members (log first where declared) and
    distance is weighted Euclidean; similarity rebases it to 0–1.

    \b
    Example:
        benchlearn similar --network KOSTRA --year 2015 --municipality 0301 --k 5
        benchlearn similar --network KOSTRA --year 2015 --municipality 0301 --explain 1201
    """
    from benchlearn.compare import explain, parse_variables
    from benchlearn.compare import similar as nearest

    specs = parse_variables(variables)
    engine = engine_from(ctx)
    if explain_with:
        if not municipality:
            raise click.UsageError("--explain needs --municipality")
        echo_frame(explain(engine, network, year, municipality, explain_with, specs), fmt)
        return
    frame, excluded = nearest(
        engine, network, year, k=k, municipality=municipality, variables=specs
    )
    echo_frame(frame, fmt)
    _report_excluded(excluded)


def _report_excluded(excluded: pd.DataFrame) -> None:
    """Say which municipalities were left out for missing structural values."""
    if len(excluded):
        click.echo(
            f"Left out for missing values ({len(excluded)}): "
            + "; ".join(f"{m} ({v})" for m, v in excluded.itertuples(index=False)),
            err=True,
        )


@cli.command("clusters")
@comparison_options
@click.option("--k", type=int, help="Number of clusters.")
@click.option("--auto", is_flag=True, help="Pick k (2–10) by the silhouette and show it per k.")
@click.option(
    "--compare", "compare_with", metavar="ATTR", help="Compare with an official grouping."
)
@vars_option
@format_option
@click.pass_context
@handles_errors
def clusters(
    ctx: click.Context,
    network: str,
    year: int,
    k: int | None,
    auto: bool,
    compare_with: str | None,
    variables: str | None,
    fmt: str,
) -> None:
    """Group members into clusters of similar municipalities (Ward's method).

    \b
    Example:
        benchlearn clusters --network KOSTRA --year 2015 --auto --compare kostra_group
    """
    from benchlearn.compare import clusters as ward
    from benchlearn.compare import parse_variables
    from benchlearn.output import render

    result = ward(
        engine_from(ctx),
        network,
        year,
        k=k,
        auto=auto,
        compare=compare_with,
        variables=parse_variables(variables),
    )
    to_stderr = fmt != "table"
    if result.silhouettes is not None:
        click.echo("Silhouette by number of clusters:", err=to_stderr)
        click.echo(render(result.silhouettes, "table"), err=to_stderr)
    echo_frame(result.assignments, fmt)
    if result.adjusted_rand is not None and result.crosstab is not None:
        click.echo(
            f"\nAdjusted Rand index against {compare_with}: {result.adjusted_rand:.3f}",
            err=to_stderr,
        )
        click.echo(render(result.crosstab.reset_index(), "table"), err=to_stderr)
    _report_excluded(result.excluded)


@cli.command("index")
@comparison_options
@click.option(
    "--normalisation",
    type=click.Choice(["minmax", "zscore", "rank", "grade"]),
    help="Override the network's normalisation.",
)
@click.option(
    "--aggregation", type=click.Choice(["arithmetic", "geometric"]), help="Override aggregation."
)
@click.option("--min-coverage", type=float, help="Share of indicators needed for a score.")
@click.option("--draws", default=1000, show_default=True, help="Monte Carlo draws.")
@click.option("--seed", default=0, show_default=True, help="Random seed, so results repeat.")
@format_option
@click.pass_context
@handles_errors
def index(
    ctx: click.Context,
    network: str,
    year: int,
    normalisation: str | None,
    aggregation: str | None,
    min_coverage: float | None,
    draws: int,
    seed: int,
    fmt: str,
) -> None:
    """Composite index with a rank interval from a Monte Carlo over weights and methods.

    \b
    Example:
        benchlearn index --network ASC --year 2022 --normalisation grade
    """
    from benchlearn.compare import index as composite

    frame = composite(
        engine_from(ctx),
        network,
        year,
        normalisation=normalisation,
        aggregation=aggregation,
        min_coverage=min_coverage,
        draws=draws,
        seed=seed,
    )
    echo_frame(frame, fmt)


@cli.command("partners")
@click.argument("municipality")
@comparison_options
@peers_option
@click.option("--k", default=15, show_default=True, help="Most similar municipalities considered.")
@format_option
@click.pass_context
@handles_errors
def partners(
    ctx: click.Context, municipality: str, network: str, year: int, peers: str, k: int, fmt: str
) -> None:
    """Whom to learn from: similar peers doing clearly better (gap of at least 1 MAD).

    \b
    Example:
        benchlearn partners E06000001 --network ASC --year 2022 --peers group:nn
    """
    from benchlearn.compare import partners as learning_partners

    frame = learning_partners(engine_from(ctx), municipality, network, year, peers=peers, k=k)
    echo_frame(frame, fmt)


# --- data quality -----------------------------------------------------------


@cli.command("check")
@comparison_options
@click.option("--lang", type=click.Choice(["en", "lv"]), default="en", show_default=True)
@format_option
@click.pass_context
@handles_errors
def check(ctx: click.Context, network: str, year: int, lang: str, fmt: str) -> None:
    """Run the control rules on a network's figures; exit 1 when there are errors.

    Declared rules (required, valid range, largest credible change, rules across
    indicators such as PART <= TOTAL) and statistical flags (|robust z| > 3.5
    among all municipalities, unusual year-on-year changes).

    \b
    Example:
        benchlearn check --network NVPT --year 2023
    """
    from benchlearn.catalogue import stored_definitions
    from benchlearn.rules import check as run_checks

    with engine_from(ctx).connect() as connection:
        found = run_checks(connection, stored_definitions(connection), network, year, lang=lang)
    errors = int((found["severity"] == "error").sum())
    if fmt == "table" and found.empty:
        click.echo(f"No problems found for {network} in {year}.")
    else:
        echo_frame(found, fmt)
        click.echo(f"{errors} error(s), {len(found) - errors} warning(s).", err=fmt != "table")
    if errors:
        raise SystemExit(1)


# --- audit ----------------------------------------------------------------


@cli.command("history")
@click.argument("municipality")
@click.argument("indicator")
@click.option("--year", type=int, help="Only this year.")
@format_option
@click.pass_context
@handles_errors
def history(
    ctx: click.Context, municipality: str, indicator: str, year: int | None, fmt: str
) -> None:
    """Every revision of a value: value, status, batch, file and time.

    \b
    Example:
        benchlearn history LV-045 NVPT_EVENTS --year 2023
    """
    from benchlearn.history import history as revisions

    with engine_from(ctx).connect() as connection:
        echo_frame(revisions(connection, municipality, indicator, year), fmt)


@cli.group("batches", invoke_without_command=True)
@format_option
@click.pass_context
@handles_errors
def batches(ctx: click.Context, fmt: str) -> None:
    """List imports, newest first; `batches revert N` undoes one.

    \b
    Example:
        benchlearn batches
        benchlearn batches revert 12
    """
    if ctx.invoked_subcommand is not None:
        return
    from benchlearn.history import batches as all_batches

    with engine_from(ctx).connect() as connection:
        echo_frame(all_batches(connection), fmt)


@batches.command("revert")
@click.argument("batch", type=int)
@click.pass_context
@handles_errors
def batches_revert(ctx: click.Context, batch: int) -> None:
    """Undo one import, restoring the values it replaced; the revert is itself a batch.

    \b
    Example:
        benchlearn batches revert 12
    """
    from benchlearn.history import revert

    result = revert(engine_from(ctx), batch)
    message = (
        f"Reverted batch {result.batch} as batch {result.revert_batch}: "
        f"{result.restored} values restored, {result.deleted} removed."
    )
    if result.kept:
        message += f" {result.kept} values it wrote were changed again later and stay as they are."
    click.echo(message)


# --- good practice --------------------------------------------------------


@cli.group("practice")
def practice() -> None:
    """Good-practice examples, shown beside learning partners.

    \b
    Example:
        benchlearn practice add --municipality LV-080 --network NVPT --title "Walking school bus"
    """


@practice.command("add")
@click.option("--municipality", required=True, help="Municipality code.")
@click.option("--network", required=True, help="Network code.")
@click.option("--indicator", help="The indicator it improves, if one.")
@click.option("--title", required=True, help="Short title.")
@click.option("--url", help="Where to read more.")
@click.option("--text", help="A few sentences on what was done.")
@click.option("--year", type=int, help="Year of the practice.")
@click.pass_context
@handles_errors
def practice_add(
    ctx: click.Context,
    municipality: str,
    network: str,
    indicator: str | None,
    title: str,
    url: str | None,
    text: str | None,
    year: int | None,
) -> None:
    """Record a good practice of a municipality.

    \b
    Example:
        benchlearn practice add --municipality E06000001 --network ASC --indicator ASC3 \\
            --title "One front door for adult care" --url https://example.org/practice
    """
    from benchlearn.practices import add_practice

    new_id = add_practice(
        engine_from(ctx),
        municipality=municipality,
        network=network,
        indicator=indicator,
        title=title,
        url=url,
        text=text,
        year=year,
    )
    click.echo(f"Added practice {new_id}.")


@practice.command("list")
@click.option("--network", help="Only this network.")
@click.option("--municipality", help="Only this municipality.")
@format_option
@click.pass_context
@handles_errors
def practice_list(
    ctx: click.Context, network: str | None, municipality: str | None, fmt: str
) -> None:
    """List good practices.

    \b
    Example:
        benchlearn practice list --network ASC
    """
    from benchlearn.practices import practices

    with engine_from(ctx).connect() as connection:
        echo_frame(practices(connection, network=network, municipality=municipality), fmt)


@practice.command("remove")
@click.argument("practice_id", type=int)
@click.pass_context
@handles_errors
def practice_remove(ctx: click.Context, practice_id: int) -> None:
    """Remove a practice by its id.

    \b
    Example:
        benchlearn practice remove 3
    """
    from benchlearn.practices import remove_practice

    remove_practice(engine_from(ctx), practice_id)
    click.echo(f"Removed practice {practice_id}.")


# --- territorial reforms --------------------------------------------------


@cli.group("crosswalk")
def crosswalk() -> None:
    """Territorial reforms: map old units to new ones (for --boundaries YEAR).

    \b
    Example:
        benchlearn crosswalk load lv-2021-reform.csv
    """


@crosswalk.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@handles_errors
def crosswalk_load(ctx: click.Context, file: str) -> None:
    """Load a crosswalk CSV with columns old_code,new_code,year[,weight].

    weight is the share of the old unit that went to the new one (default 1).

    \b
    Example:
        benchlearn crosswalk load lv-2021-reform.csv
    """
    from benchlearn.reform import load_crosswalk

    count = load_crosswalk(engine_from(ctx), file)
    click.echo(f"Loaded {count} crosswalk links.")


# --- demo -----------------------------------------------------------------


@cli.command("demo")
@click.option("--dataset", default="uk-asc", show_default=True, help="Sample to use.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for the demo database.",
)
@handles_errors
def demo(dataset: str, out: str) -> None:
    """Build a fresh demo database from a built-in sample of real data.

    Samples: uk-asc (English councils' adult social care, Oflog), no-kostra
    (Norwegian KOSTRA property management), se-municipalities (Swedish panel).

    \b
    Example:
        benchlearn demo
        benchlearn demo --dataset no-kostra --out /tmp/demo
    """
    from benchlearn.demo import run_demo

    result = run_demo(dataset, out)
    info = result.sample
    click.echo(f"{info.title}")
    click.echo(f"Database: {result.database}")
    click.echo("Holds: " + ", ".join(f"{n} {label}" for label, n in result.counts.items()) + ".")
    click.echo(f"Source and licence: {info.path / 'SOURCE.txt'}")
    db_arg = f"--db {result.database}"
    click.echo("Next:")
    click.echo(f"  benchlearn {db_arg} networks")
    click.echo(f"  benchlearn {db_arg} definitions list --network {info.network}")


def main() -> None:
    """Console-script entry point; an unexpected failure is one line, not a traceback."""
    import os

    try:
        cli(prog_name="benchlearn", standalone_mode=True)
    except Exception as error:  # the last line of defence: users never see a traceback
        if os.environ.get("BENCHLEARN_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(error).__name__}: {error} "
            "(set BENCHLEARN_DEBUG=1 to see where)",
            err=True,
        )
        raise SystemExit(2) from None
