"""Commands that say the structure out loud: ``expected-cost``, each member's cost against
what its structural variables predict (:mod:`benchlearn.structure`)."""

from __future__ import annotations

import click

from benchlearn.cli.common import (
    cli,
    comparison_options,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    inform,
    language,
    names_for,
)
from benchlearn.cli.options import indicator_option
from benchlearn.messages import number, t


@cli.command("expected-cost")
@comparison_options
@indicator_option(required=True, help="The cost indicator, best per inhabitant.")
@click.option(
    "--context",
    "variables",
    metavar="CODE[:log],...",
    help="Structural variables to regress on (default: the network's), e.g. POP:log,AREA.",
)
@click.option(
    "--coefficients", is_flag=True, help="Show the regression's coefficients, not the units."
)
@format_option
@click.pass_context
@handles_errors
def expected_cost(
    ctx: click.Context,
    network: str,
    year: int,
    indicator: str,
    variables: str | None,
    coefficients: bool,
    fmt: str,
) -> None:
    """Each member's cost against what its structure predicts (expected cost).

    The cost is regressed on the structural variables by least squares, one
    municipality one observation, as Norway's cost key and Kolada's reference
    cost do; the difference is in the cost's unit and, times the population,
    in money. Members with a figure missing are left out and named.

    \b
    Example:
        benchlearn expected-cost -n KOSTRA --year 2015 -i PROPERTY_OPEX_PER_INH
        benchlearn expected-cost -n KOSTRA --year 2015 -i PROPERTY_OPEX_PER_INH --coefficients
    """
    from benchlearn.commands import expected_cost as compute
    from benchlearn.definitions import parse_variables

    lang = language(ctx)
    view, money = compute(
        engine_from(ctx), network, year, indicator, parse_variables(variables), lang
    )
    found = view.result
    if coefficients:
        echo_frame(found.coefficients, fmt, lang)
    else:
        echo_frame(view.table(), fmt, lang, names_for(ctx, fmt))
    values = {
        "indicator": indicator,
        "terms": ", ".join(view.terms),
        "r2": number(found.r_squared, lang, 3),
        "count": found.count,
    }
    inform(t("eff_expected_fit", lang, **values))
    if view.left_out:
        inform(t("eff_cost_left_out", lang, codes=", ".join(view.left_out)))
    above = int((found.units["difference"] > 0).sum())
    if above and found.above_total == found.above_total:  # NaN without a population
        amount = number(float(f"{found.above_total:.3g}"), lang, 0)  # "about": 3 digits
        inform(t("eff_above_total", lang, count=above, amount=amount, unit=money))
