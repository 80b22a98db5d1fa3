"""``benchlearn shrink``: one indicator's values pulled toward its peers, with robust intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from benchlearn.cli.common import (
    aside,
    audience_option,
    cli,
    comparison_options,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    inform,
    language,
    names_for,
    peers_option,
)
from benchlearn.cli.options import indicator_option
from benchlearn.messages import percent, t

if TYPE_CHECKING:
    from benchlearn.shrinkage import Fit, Shrunk


def digits(value: float, lang: str) -> str:
    """Seven significant digits, as the R package ebci prints its estimates (a decimal
    comma in Latvian): enough to check δ, μ₂ and κ against it."""
    text = f"{value:.7g}"
    return text.replace(".", ",") if lang == "lv" else text


def _level(confidence: float, lang: str) -> str:
    return percent(confidence, lang, 0 if confidence == int(confidence) else 1)


def fit_sentence(found: Shrunk, fit: Fit, lang: str) -> str:
    """What one peer group's values were pulled toward, and the prior estimated there."""
    group = t("shr_group", lang, group=fit.group) if len(found.fits) > 1 else ""
    values = {
        "group": group,
        "units": fit.units,
        "mu2": digits(fit.mu2, lang),
        "kappa": digits(fit.kappa, lang),
        "mu2_raw": digits(fit.mu2_uncorrected, lang),
        "kappa_raw": digits(fit.kappa_uncorrected, lang),
        "level": _level(found.confidence, lang),
        "half": digits(fit.half_length, lang),
    }
    if not found.toward:
        return t("shr_fit_mean", lang, mean=digits(fit.delta["intercept"], lang), **values)
    terms = [digits(fit.delta["intercept"], lang)]
    for code in found.toward:
        coefficient = fit.delta[code]
        sign = "−" if coefficient < 0 else "+"
        terms.append(f"{sign} {digits(abs(coefficient), lang)} × {code}")
    return t("shr_fit_toward", lang, target=" ".join(terms), **values)


@cli.command("shrink")
@comparison_options
@indicator_option(required=True, help="The indicator whose values are shrunk.")
@click.option(
    "--toward",
    multiple=True,
    metavar="CODE",
    help="Shrink toward a regression on this structural variable or indicator (same year; "
    "repeatable) instead of the peers' mean.",
)
@peers_option
@click.option(
    "--confidence",
    type=click.Choice(["90", "95", "99.8"]),
    default="95",
    show_default=True,
    callback=lambda _ctx, _param, value: float(value),
    help="The intervals' average coverage of the true values, in percent.",
)
@format_option
@audience_option
@click.pass_context
@handles_errors
def shrink(
    ctx: click.Context,
    network: str,
    year: int,
    indicator: str,
    toward: tuple[str, ...],
    peers: str,
    confidence: float,
    fmt: str,
) -> None:
    """Shrink small, noisy values toward their peers, with intervals that keep their promise.

    Each member's value is pulled toward the precision-weighted mean of its peers
    (or toward a regression on --toward variables) by the share in column
    shrinkage: se² / (μ₂ + se²), where μ₂ is the spread of the true values around
    the target. A value with a large standard error moves most; one with se = 0
    stays. ci_low and ci_high are the robust empirical-Bayes intervals of
    Armstrong, Kolesár & Plagborg-Møller (2022), which cover --confidence of the
    true values on average whatever their distribution. The raw value stays in
    column value.

    Values need a standard error (import a column se, or ci_low and ci_high);
    members without one, or without a --toward value, are left out with a note.
    --peers network (default), all or attr:NAME: each group toward its own mean.

    \b
    Example:
        benchlearn shrink -n T2 --year 2024 -i T2_GP_PER_10K
        benchlearn shrink -n CZ --year 2000 -i THETA25 --toward STAYER25 --confidence 90
    """
    from benchlearn.commands import shrink as shrink_values

    lang = language(ctx)
    found = shrink_values(engine_from(ctx), network, year, indicator, toward=toward,
                          peers=peers, confidence=confidence)  # fmt: skip
    echo_frame(found.table, fmt, lang, names_for(ctx, fmt))
    if fmt == "table":
        aside(t("shr_meaning", lang, level=_level(confidence, lang)), fmt)
    for fit in found.fits:
        aside(fit_sentence(found, fit, lang), fmt)
    if found.no_se:
        inform(t("shr_left_no_se", lang, count=len(found.no_se), items=", ".join(found.no_se)))
    if found.no_toward:
        inform(t("shr_left_no_toward", lang, toward=", ".join(found.toward), year=year,
                 count=len(found.no_toward), items=", ".join(found.no_toward)))  # fmt: skip
