"""``benchlearn report``: the meeting pack, a municipality's report or the annual report, as PDF."""

from __future__ import annotations

import datetime as dt

import click

from benchlearn.cli.common import (
    audience_option,
    boundaries_option,
    cli,
    comparator_option,
    comparison_options,
    engine_from,
    handles_errors,
    lang_option,
    peers_option,
    rank_confidence_option,
    shrink_option,
)
from benchlearn.cli.files import counted_bar
from benchlearn.cli.options import municipality_option


@cli.command("report")
@comparison_options
@peers_option
@lang_option()
@municipality_option(help="That member's report instead of the meeting pack.")
@click.option(
    "--annual",
    is_flag=True,
    help="The network's annual report: key findings, totals, forms returned, members, "
    "completeness, years, good practice, a page per member.",
)
@click.option(
    "--handouts",
    is_flag=True,
    help="After the meeting pack, every member's one-page handout, in the order of their names.",
)
@click.option(
    "--deadline",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The forms' due date, for the annual report and the pack's summary "
    "(default 31 March of the next year).",
)
@boundaries_option
@rank_confidence_option
@comparator_option
@shrink_option
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(dir_okay=False), help="The .pdf to write."
)
@audience_option
@click.pass_context
@handles_errors
def report(
    ctx: click.Context,
    network: str,
    year: int,
    peers: str,
    lang: str,
    municipality: str | None,
    annual: bool,
    handouts: bool,
    deadline: dt.datetime | None,
    boundaries: int | None,
    confidence: float,
    comparator: str | None,
    shrink: bool,
    out: str,
) -> None:
    """Write a PDF: the meeting pack, one member's report, or the annual report.

    The pack starts with the meeting's summary on one page (forms returned,
    on time and late, by --deadline; the largest significant improvements and
    declines since the previous year; members worse than the reference value
    and getting worse; who stands out; the partners to visit), then a cover
    (peer basis, how to read it, sources, members), the summary of every
    member and indicator, a page per indicator (definition,
    median and quartiles, values best to worst, the funnel plot where there
    are counts) and the similar municipalities; with --handouts every member's
    one-page handout follows. With --municipality: first its handout (three
    lines on where it stands, the position table with the change since the
    previous year, the spine chart with its values, two or three learning
    partners), then its position table and sentences, spine chart, trends and
    learning partners.
    With --annual: a title page and contents, the key findings (participation,
    totals, what improved and declined since the year before), the totals of
    the figures that add up, forms returned by first receipt, the members with
    their join years, completeness, each indicator across members and years,
    the good practice collected, and an annex page per member.

    \b
    Example:
        benchlearn report --network T2 --year 2024 --lang lv -o T2-2024.pdf
        benchlearn report --network T2 --year 2024 --municipality LV-016 -o bauska.pdf
        benchlearn report --network T2 --year 2024 --handouts -o T2-pack.pdf
        benchlearn report --network NVPT --year 2024 --annual --lang lv -o nvpt-2024.pdf
    """
    from benchlearn.commands import write_report
    from benchlearn.messages import t

    with counted_bar(t("bar_layout", lang)) as progress:
        written = write_report(
            engine_from(ctx),
            network,
            year,
            out,
            peers=peers,
            lang=lang,
            municipality=municipality,
            annual=annual,
            deadline=deadline.date() if deadline else None,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
            progress=progress,
            handouts=handouts,
            shrink=shrink,
        )
    click.echo(t("rp_wrote", lang, path=written.path, pages=written.pages))
