"""``benchlearn effect``: did it work? A municipality's indicator against its synthetic twin."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from benchlearn.cli.common import (
    audience_option,
    boundaries_option,
    cli,
    engine_from,
    handles_errors,
    language,
    network_option,
)
from benchlearn.cli.options import indicator_option, municipality_option
from benchlearn.messages import number, t

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.did import PlansEffect
    from benchlearn.effect import EffectStudy


def _fit_years(
    ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[int, ...] | None:
    if value is None:
        return None
    from benchlearn.effect import parse_years

    try:
        return parse_years(value)
    except ValueError:
        raise click.BadParameter(t("eff_bad_years", language(ctx), text=value)) from None


@cli.command("effect")
@click.option(
    "--plan",
    "plan_id",
    type=int,
    metavar="ID",
    help="A stored plan: its municipality, network and start year (see plans list).",
)
@municipality_option(help="The municipality whose indicator is judged (without --plan).")
@indicator_option(help="The indicator (the outcome; with --plan, one of its targets).")
@click.option("--start", type=int, metavar="YEAR", help="First year of the plan (without --plan).")
@network_option(help="Network whose members and similarity are used (default: its only one).")
@click.option(
    "--donors",
    metavar="SPEC",
    help="network | all | attr:NAME | group:NAME | similar:K, K most similar in the registry "
    "(default: similar:20 where the network has structural variables, else its members).",
)
@click.option(
    "--fit-years",
    metavar="Y1-Y2",
    callback=_fit_years,
    help="Years the twin must match (default: every year before the start with a value).",
)
@click.option(
    "--predictor",
    "predictors",
    multiple=True,
    metavar="CODE:YEARS",
    help="Match the mean of CODE over YEARS (Y, Y1-Y2 or Y1,Y2,...); repeatable "
    "(default: the outcome in each fit year).",
)
@boundaries_option
@click.option(
    "--until",
    type=int,
    metavar="YEAR",
    help="Judge with the years up to YEAR only (default: every year with data).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: gaps, donors, balance and the verdict; json: the figures.",
)
@audience_option
@click.pass_context
@handles_errors
def effect(
    ctx: click.Context,
    plan_id: int | None,
    municipality: str | None,
    indicator: str | None,
    start: int | None,
    network: str | None,
    donors: str | None,
    fit_years: tuple[int, ...] | None,
    predictors: tuple[str, ...],
    boundaries: int | None,
    until: int | None,
    fmt: str,
) -> None:
    """Did it work? The indicator since the start against a synthetic twin.

    The twin is the weighted mix of donors that matched the municipality best
    before the start (the synthetic control of Abadie and colleagues); the
    gap after the start is the effect. Every donor is treated in turn as a
    placebo: the p-value is the share of municipalities whose gap, for how
    well they were matched before, is as large. No judgment is made with
    fewer than 3 fit years, fewer than 5 donors or a poor fit before the start.

    With -n and -i alone: several members, one action. The average effect of the
    plans the network's members started on the indicator, against the members
    without one (a staggered difference-in-differences, Callaway and Sant'Anna),
    judged by dealing the same start years to members at random.

    \b
    Example:
        benchlearn effect --plan 1
        benchlearn effect -n T2 -i T2_CARE_WAIT_DAYS
        benchlearn effect -m LV-016 -i T2_GMI_RECIPIENTS_PCT -n T2 --start 2019
        benchlearn effect -m ES17 -i GDPCAP -n ES --start 1975 --fit-years 1960-1969
        benchlearn effect -m ES17 -i GDPCAP --start 1975 --predictor INVEST:1964-1969 \\
            --predictor GDPCAP:1960-1969 --donors group:regions --format json
    """
    from benchlearn.effect import Predictor, asked_effect

    lang = language(ctx)
    engine = engine_from(ctx)
    if plan_id is None and municipality is None and start is None and network and indicator:
        from benchlearn.effect import network_plans_effect

        found = network_plans_effect(engine, network, indicator, lang=lang)
        click.echo(did_json(found) if fmt == "json" else did_text(found, lang), nl=False)
        return
    study = asked_effect(
        engine,
        municipality,
        indicator,
        start,
        plan=plan_id,
        network=network,
        donors=donors,
        fit_years=fit_years,
        predictors=[Predictor.parse(p) for p in predictors],
        boundaries=boundaries,
        until=until,
    )
    click.echo(as_json(study) if fmt == "json" else as_text(study, lang), nl=False)


def did_json(found: PlansEffect) -> str:
    """The staggered difference-in-differences' figures: both tables, the overall effect, the
    placebo p-value, the starts and the sentence."""
    estimate = found.estimate
    return (
        json.dumps(
            {
                "indicator": found.indicator,
                "starts": dict(found.starts),
                "att": estimate.simple.att,
                "se": estimate.simple.se,
                "low": estimate.simple.low,
                "high": estimate.simple.high,
                "p_value": found.placebo.p_value,
                "event_study": json.loads(estimate.event_study.to_json(orient="records")),
                "group_time": json.loads(estimate.group_time.to_json(orient="records")),
                "left_out": list(estimate.left_out),
                "sentence": found.sentence,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def did_text(found: PlansEffect, lang: str) -> str:
    """The event study, the group-time effects and the sentence."""
    from benchlearn.cli.output import render

    estimate = found.estimate
    event = ["event", "att", "se", "low", "high", "groups"]
    cells = ["group", "year", "att", "se", "low", "high", "treated", "controls"]
    parts = [
        t("eff_heading_event", lang, indicator=found.label or found.indicator),
        render(estimate.event_study[event], lang=lang, decimals=3),
        "",
        t("eff_heading_group_time", lang),
        render(estimate.group_time[cells], lang=lang, decimals=3),
        "",
        found.sentence,
    ]
    if estimate.left_out:
        parts.append(t("eff_left_out", lang, codes=", ".join(estimate.left_out)))
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def as_json(study: EffectStudy) -> str:
    """The figures: weights, predictor weights, gaps by year, RMSPEs, p-value and verdict."""
    from benchlearn.effect import sentence

    result = study.result

    def plain(value: float | None) -> float | None:
        return None if value is None or value != value else round(float(value), 6)

    figures = {
        "municipality": study.municipality,
        "indicator": study.indicator,
        "network": study.network,
        "start": study.start,
        "fit_years": list(study.fit_years),
        "weights": {c: plain(w) for c, w in zip(study.donors, result.weights, strict=True)},
        "predictor_weights": {
            label: plain(v)
            for label, v in zip(study.predictors, result.fit.predictor_weights, strict=True)
        },
        "gaps": {str(y): plain(g) for y, g in zip(result.years, result.gaps, strict=True)},
        "actual": {str(y): plain(v) for y, v in zip(result.years, result.actual, strict=True)},
        "synthetic": {
            str(y): plain(v) for y, v in zip(result.years, result.synthetic, strict=True)
        },
        "average_effect": plain(result.average_effect),
        "pre_rmspe": plain(result.pre_rmspe),
        "post_rmspe": plain(result.post_rmspe),
        "p_value": plain(result.p_value),
        "rank": result.rank,
        "units": result.units,
        "ratios": None
        if result.ratios is None
        else {
            c: plain(r)
            for c, r in zip((study.municipality, *study.donors), result.ratios, strict=True)
        },
        "verdict": result.verdict,
        "left_out": list(study.left_out),
        "planned_out": list(study.planned_out),
        "sentence": {lang: sentence(study, lang) for lang in ("en", "lv")},
    }
    return json.dumps(figures, ensure_ascii=False, indent=2) + "\n"


def as_text(study: EffectStudy, lang: str) -> str:
    """The gaps by year, the average and p-value, the donors, the balance and the sentence."""
    from benchlearn.cli.output import render
    from benchlearn.effect import sentence

    result = study.result
    name = study.names.get(study.municipality, study.municipality)
    indicator = study.indicator_names.get(lang) or study.indicator_names.get("en", "")
    decimals = study.decimals
    parts = [
        t("eff_heading_gaps", lang, indicator=indicator, name=name),
        # render strips trailing zeros, so it is given at least one decimal ("40000.0", not "4")
        render(gap_table(study, lang), lang=lang, decimals=max(decimals, 1)),
        t(
            "eff_average",
            lang,
            year=study.start,
            gap=number(_tidy(result.average_effect, decimals), lang, decimals),
            pre=number(_tidy(result.pre_rmspe, decimals + 1), lang, decimals + 1),
            post=number(_tidy(result.post_rmspe, decimals + 1), lang, decimals + 1),
        ),
    ]
    if result.p_value is None:
        parts.append(t("eff_no_p_value", lang))
    else:
        p_text = number(result.p_value, lang, 3)
        parts.append(t("eff_p_value", lang, p=p_text, rank=result.rank, units=result.units))
    parts += [
        "",
        t("eff_heading_donors", lang),
        render(donor_table(study), lang=lang, decimals=3),
        "",
        t("eff_heading_balance", lang),
        render(balance_table(study), lang=lang, decimals=max(decimals, 2)),
        "",
        sentence(study, lang),
    ]
    if study.left_out:
        parts.append(t("eff_left_out", lang, codes=", ".join(study.left_out)))
    if study.planned_out:
        parts.append(t("eff_planned_out", lang, codes=", ".join(study.planned_out)))
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def _tidy(values: Any, decimals: int) -> Any:
    """Values rounded to what is shown, without a minus sign on a zero ("-0")."""
    import numpy as np

    return np.round(values, decimals) + 0.0


def gap_table(study: EffectStudy, lang: str = "en") -> pd.DataFrame:
    """Columns: ``year, period`` (before or after the start, in ``lang``), ``actual,
    synthetic, gap``."""
    import pandas as pd

    result = study.result
    words = {True: t("val_before", lang), False: t("val_after", lang)}
    return pd.DataFrame(
        {
            "year": result.years,
            "period": [words[bool(p)] for p in result.pre],
            "actual": _tidy(result.actual, study.decimals),
            "synthetic": _tidy(result.synthetic, study.decimals),
            "gap": _tidy(result.gaps, study.decimals),
        }
    )


def donor_table(study: EffectStudy) -> pd.DataFrame:
    """Columns: ``municipality, name, weight``; the heaviest first."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "municipality": list(study.donors),
            "name": [study.names.get(c, c) for c in study.donors],
            "weight": study.result.weights,
        }
    )
    return frame.sort_values(["weight", "municipality"], ascending=[False, True], kind="stable")


def balance_table(study: EffectStudy) -> pd.DataFrame:
    """Columns: ``predictor, V, municipality, synthetic, donor_mean``: how close the twin came."""
    import pandas as pd

    result = study.result
    return pd.DataFrame(
        {
            "predictor": list(study.predictors),
            "V": result.fit.predictor_weights,
            "municipality": result.x1,
            "synthetic": result.x_synthetic,
            "donor_mean": result.x_mean,
        }
    )
