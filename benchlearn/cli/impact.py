"""``benchlearn impact``: did the network's members improve, or only come closer together?"""

from __future__ import annotations

import click

from benchlearn.cli.common import (
    aside,
    audience_option,
    boundaries_option,
    cli,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    language,
    network_option,
)
from benchlearn.cli.options import indicator_option
from benchlearn.messages import t


@cli.command("impact")
@network_option(required=True)
@click.option(
    "--since", type=int, required=True, metavar="YEAR", help="First year of the comparison."
)
@click.option(
    "--year",
    type=int,
    default=None,
    help="Last year of the comparison (default: each indicator's latest year with values).",
)
@indicator_option(help="Only this indicator (default: every indicator members are ranked on).")
@boundaries_option
@format_option
@audience_option
@click.pass_context
@handles_errors
def impact(
    ctx: click.Context,
    network: str,
    since: int,
    year: int | None,
    indicator: str | None,
    boundaries: int | None,
    fmt: str,
) -> None:
    """Members against the registry's other municipalities: improvement or convergence?

    For each indicator, the change since --since of the mean and of the spread
    (interquartile range) for the members (in the network every year of the
    span) and for the municipalities never in it, and the difference, members
    minus the others, with a 95 % percentile bootstrap interval over
    municipalities (2000 resamples, seeded), and a permutation p-value (the
    member label dealt again at random 999 times). The verdict, by the
    indicator's direction and p < 0.05: improvement (the members' mean moved
    the good way more), convergence (their spread narrowed more, without a
    better mean), both, or neither. Across a territorial reform, --boundaries
    shows every year on that year's units.

    \b
    Example:
        benchlearn impact --network T2 --since 2021
        benchlearn impact -n T2 --since 2021 --indicator POP_AVG --format csv
        benchlearn impact -n T2 --since 2016 --boundaries 2021
    """
    from benchlearn.analysis.convergence import PERMUTATIONS
    from benchlearn.impact import impact as network_impact

    lang = language(ctx)
    with engine_from(ctx).connect() as connection:
        found = network_impact(
            connection, network, since, year=year, indicator=indicator, boundaries=boundaries
        )
    table = found.table
    echo_frame(table, fmt, lang)
    method = t("impact_method", lang, draws=found.draws, seed=found.seed, permutations=PERMUTATIONS)
    aside(method, fmt)
    if found.without_years:
        codes = ", ".join(found.without_years)
        aside(t("impact_without_years", lang, since=since, codes=codes), fmt)
    if found.left_out:
        aside(t("impact_left_out", lang, codes=", ".join(found.left_out)), fmt)
    counts = table["verdict"].value_counts()
    aside(
        t(
            "impact_summary",
            lang,
            network=found.network,
            since=since,
            **{v: int(counts.get(v, 0)) for v in ("improvement", "convergence", "both")},
            neither=int(counts.get("neither", 0)),
            too_few=int(counts.get("too few", 0)),
        ),
        fmt,
    )
