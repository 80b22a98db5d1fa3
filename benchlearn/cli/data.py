"""Commands that fill a database: municipalities, peer groups, the demo.

The schema and definitions live in :mod:`benchlearn.cli.definitions`, ``import`` in
:mod:`benchlearn.cli.imports`.
"""

from __future__ import annotations

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    message_language,
)
from benchlearn.cli.files import demo_steps
from benchlearn.messages import t

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
    from benchlearn.messages import counted

    lang = language(ctx)
    with demo_steps(lang) as steps:
        result = run_demo(dataset, out, site=site, step=steps.start, lang=lang)
    info, book = result.sample, result.workbook
    click.echo(info.title)
    click.echo(t("demo_workbook", lang, path=book.path))
    click.echo(
        t(
            "demo_workbook_holds",
            lang,
            sheets=counted("n_sheets", len(book.sheets))[lang],
            network=info.network,
            year=info.year,
            members=counted("n_members", book.members)[lang],
            indicators=counted("n_indicators", book.indicators)[lang],
            names=", ".join(book.sheets),
        )
    )
    if result.site is not None:
        pages = counted("n_pages", result.site.pages)[lang]
        click.echo(t("demo_site", lang, path=result.site.path, pages=pages))
        click.echo(t("demo_site_open", lang, index=result.site.index))
    click.echo(t("demo_database", lang, path=result.database))
    held = ", ".join(counted(f"n_{key}", n)[lang] for key, n in result.counts.items())
    click.echo(t("demo_holds", lang, counts=held))
    click.echo(t("demo_source", lang, path=info.path / "SOURCE.txt"))
    db_arg = f"--db {result.database}"
    where = f"--network {info.network} --year {info.year}"
    click.echo(t("demo_next", lang))
    click.echo(f"  benchlearn {db_arg} rank {where}")
    click.echo(f"  benchlearn {db_arg} position -m {book.first_member} {where}")
