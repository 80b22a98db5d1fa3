"""Commands for data quality and audit: check, history, batches, practice, crosswalk."""

from __future__ import annotations

from datetime import datetime

import click

from benchlearn.cli.common import (
    cli,
    comparison_options,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    lang_option,
)

# --- data quality -----------------------------------------------------------


@cli.command("check")
@comparison_options
@lang_option()
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
    from benchlearn.definitions.store import stored_definitions
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
    from benchlearn.importing.history import history as revisions

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
    from benchlearn.importing.history import batches as all_batches

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
    from benchlearn.importing.history import revert

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
    from benchlearn.registry.practices import add_practice

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
    from benchlearn.registry.practices import practices

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
    from benchlearn.registry.practices import remove_practice

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
    from benchlearn.registry.crosswalk import load_crosswalk

    count = load_crosswalk(engine_from(ctx), file)
    click.echo(f"Loaded {count} crosswalk links.")


# --- monitoring forms -------------------------------------------------------


@cli.group("forms")
def forms() -> None:
    """Annual monitoring forms: make them, then see who has returned them.

    \b
    Example:
        benchlearn forms make --network NVPT --year 2024 -o forms/
        benchlearn import forms/returned/
        benchlearn forms status --network NVPT --year 2024
    """


@forms.command("make")
@comparison_options
@click.option("--municipality", "municipalities", multiple=True, help="Only this member (repeat).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), help="Default: 31 March next year.")
@click.option("--contact", help="Who answers questions, e.g. a name and an e-mail address.")
@lang_option("lv")
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False))
@click.pass_context
@handles_errors
def forms_make(
    ctx: click.Context,
    network: str,
    year: int,
    municipalities: tuple[str, ...],
    deadline: datetime | None,
    contact: str | None,
    lang: str,
    out: str,
) -> None:
    """Write one XLSX monitoring form per member, for the year's figures.

    \b
    Example:
        benchlearn forms make --network NVPT --year 2024 --contact "SPKC, nvpt@example.lv" -o forms/
    """
    from benchlearn.importing.forms import make_forms

    with engine_from(ctx).connect() as connection:
        written = make_forms(
            connection,
            network,
            year,
            out,
            municipalities=municipalities or None,
            deadline=deadline.date() if deadline else None,
            contact=contact,
            lang=lang,
        )
    click.echo(f"Wrote {len(written)} forms to {out}.")


@forms.command("status")
@comparison_options
@format_option
@click.pass_context
@handles_errors
def forms_status(ctx: click.Context, network: str, year: int, fmt: str) -> None:
    """Who has returned the year's figures, how complete they are, who is missing.

    \b
    Example:
        benchlearn forms status --network NVPT --year 2024
    """
    from benchlearn.importing.forms import form_status

    with engine_from(ctx).connect() as connection:
        frame = form_status(connection, network, year)
    echo_frame(frame, fmt)
    missing = frame.loc[~frame["returned"], "municipality"].tolist()
    if fmt == "table":
        click.echo(
            f"{int(frame['returned'].sum())} of {len(frame)} returned; "
            f"missing: {', '.join(missing) if missing else 'none'}."
        )
