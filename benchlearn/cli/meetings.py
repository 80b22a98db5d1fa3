"""Commands that produce what people read: the meeting workbook and a municipality's position."""

from __future__ import annotations

import click

from benchlearn.cli.common import (
    aside,
    audience_option,
    boundaries_option,
    cli,
    comparator_option,
    comparison_options,
    echo_frame,
    engine_from,
    handles_errors,
    lang_option,
    peers_option,
    rank_confidence_option,
    shrink_option,
)
from benchlearn.cli.files import counted_bar
from benchlearn.cli.options import municipality_option, output_options, positional_alias


@cli.command("workbook")
@comparison_options
@peers_option
@lang_option()
@municipality_option(multiple=True, help="Profile sheet for this member (repeatable).")
@boundaries_option
@rank_confidence_option
@comparator_option
@shrink_option
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The .xlsx to write."
)
@audience_option
@click.pass_context
@handles_errors
def workbook(
    ctx: click.Context,
    network: str,
    year: int,
    peers: str,
    lang: str,
    municipalities: tuple[str, ...],
    boundaries: int | None,
    confidence: float,
    comparator: str | None,
    shrink: bool,
    out: str,
) -> None:
    """Write the comparison workbook for a network meeting.

    Sheets: cover, summary, one per indicator (ranking, bar and trend charts),
    profiles (for --municipality, or every member of a network of 12 or fewer),
    one per efficiency model the network declares, similar municipalities,
    definitions, data, data quality.

    \b
    Example:
        benchlearn workbook --network T2 --year 2023 --lang lv -o t2-2023.xlsx
        benchlearn workbook --network ASC --year 2021 --peers group:nn \\
            --municipality E06000001 -o asc.xlsx
    """
    from benchlearn.commands import write_workbook
    from benchlearn.messages import t

    with counted_bar(t("bar_sheets", lang)) as progress:
        summary = write_workbook(
            engine_from(ctx),
            network,
            year,
            out,
            peers=peers,
            lang=lang,
            municipalities=municipalities or None,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
            progress=progress,
            shrink=shrink,
        )

    sheets = ", ".join(summary.sheets)
    click.echo(
        t("run_wrote_workbook", lang, path=summary.path, count=len(summary.sheets), sheets=sheets)
    )


@cli.command("position")
@positional_alias("municipality")
@municipality_option(help="The municipality (required).")
@comparison_options
@peers_option
@lang_option()
@boundaries_option
@rank_confidence_option
@comparator_option
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="Also write a workbook.")
@output_options(
    out=False,
    help="table (default: the table and the text), csv or json: the table with the gap to "
    "the clearly better similar municipalities (better_peers, better_median, gap, "
    "gap_amount, gap_of).",
)
@audience_option
@click.pass_context
@handles_errors
def position(
    ctx: click.Context,
    municipality: str | None,
    network: str,
    year: int,
    peers: str,
    lang: str,
    boundaries: int | None,
    confidence: float,
    comparator: str | None,
    out: str | None,
    fmt: str,
) -> None:
    """Where a municipality stands among its peers, and whom to learn from.

    Where it is behind and similar municipalities do clearly better (significantly
    better where values have intervals, else better), the text says the gap to their
    median in the indicator's units and, for an indicator counted over a denominator,
    in the numerator's units for its own denominator (people, money); --format csv or
    json gives it in the columns better_peers, better_median, gap (median minus its
    value), gap_amount (in the numerator's units) and gap_of (the numerator).

    \b
    Example:
        benchlearn position -m E06000001 -n ASC --year 2021 --peers group:nn
        benchlearn position -m LV-016 -n NVPT --year 2023 --lang lv -o bauska.xlsx
    """
    from benchlearn.commands import position as where
    from benchlearn.commands import position_and_workbook

    assert municipality is not None  # positional_alias requires it
    engine = engine_from(ctx)
    summary = None
    if out:
        found, summary = position_and_workbook(
            engine,
            municipality,
            network,
            year,
            out,
            peers=peers,
            lang=lang,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
    else:
        found = where(
            engine,
            municipality,
            network,
            year,
            peers=peers,
            lang=lang,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
    if fmt != "table":  # what a program reads: the table with the gap columns
        from benchlearn.messages import t

        echo_frame(found.with_gaps(), fmt, lang)
        if summary is not None:
            aside(t("run_wrote_position", lang, path=summary.path,
                    sheets=", ".join(summary.sheets)), fmt)  # fmt: skip
        return
    click.echo(f"{found.name} ({municipality}), {network} {year}")
    table = found.table
    if (table["rank_of_n"] == "").all():  # a self-assessment: levels have no rank to show
        table = table.drop(columns=["rank_of_n", "rank_change"])
    echo_frame(table, "table", lang)
    click.echo("")
    for i, sentence in enumerate(found.sentences):
        if i in found.breaks:
            click.echo("")
        click.echo(sentence)
    if summary is not None:
        from benchlearn.messages import t

        sheets = ", ".join(summary.sheets)
        click.echo("\n" + t("run_wrote_position", lang, path=summary.path, sheets=sheets))
