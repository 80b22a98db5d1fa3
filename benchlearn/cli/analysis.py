"""Commands that compare: rank, similar, clusters, index, partners."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from benchlearn.cli.common import (
    aside,
    audience_option,
    boundaries_option,
    cli,
    comparator_option,
    comparison_options,
    confidence_option,
    echo_csv_pieces,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    inform,
    language,
    names_for,
    output_options,
    peers_option,
    rank_confidence_option,
    vars_option,
)
from benchlearn.cli.options import (
    OUTPUT,
    SUFFIXES,
    Output,
    indicator_option,
    k_option,
    municipality_option,
    positional_alias,
)
from benchlearn.errors import BenchlearnError
from benchlearn.messages import number, percent, t

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.compare import ClusterResult, Ranking, RankingPieces, Similar

F = TypeVar("F", bound=Callable[..., Any])


def window_option(function: F) -> F:
    """``--window N``: how far from ``--year`` a structural figure may come from."""
    return click.option(
        "--window",
        type=int,
        default=None,
        metavar="N",
        help="Take each structural variable from the nearest year within N years of --year "
        "(default 3).",
    )(function)


# --- comparisons ----------------------------------------------------------


@cli.command("rank")
@comparison_options
@indicator_option(help="Only this indicator.")
@peers_option
@click.option("--since", type=int, help="Add the change of value and rank since this year.")
@boundaries_option
@rank_confidence_option
@comparator_option
@format_option
@audience_option
@click.pass_context
@handles_errors
def rank(
    ctx: click.Context,
    network: str,
    year: int,
    indicator: str | None,
    peers: str,
    since: int | None,
    boundaries: int | None,
    confidence: float,
    comparator: str | None,
    fmt: str,
) -> None:
    """Rank members among their peers, indicator by indicator.

    Rank 1 is the best whatever the direction; robust_z is the distance from
    the peer median in median absolute deviations (positive is better) and band
    words it as Oflog does. Indicators with counts (statistic: proportion or
    rate) also get their numerator and denominator, 95 % and 99.8 % confidence
    intervals and the significance against the comparator: better, similar or
    worse (higher, similar or lower when neutral). The comparator column is
    filled for every indicator: the peers' median (default), their pooled value
    (--comparator pooled, counts only) or the median of every unit with data
    (--comparator all, which then also gives robust_z and band).

    CSV and XLSX have each municipality's name beside its code and the peer
    group (--peers) in a last column peer_group.

    Self-assessed levels (an ordinal scale) are never ranked: rank says where
    they are shown (position, the workbook) and fails when nothing else was
    asked for. Yes/no answers are counted: how many members answered yes.

    \b
    Example:
        benchlearn rank --network ASC --year 2022 --indicator ASC3
        benchlearn rank --network ASC --year 2022 --peers group:nn --since 2016
    """
    from benchlearn.analysis.rank_sets import ranks_with_sets
    from benchlearn.commands import ranking, ranking_pieces
    from benchlearn.frames import text_column
    from benchlearn.messages import t
    from benchlearn.views import rank_sets_note

    asked: dict[str, Any] = {
        "indicator": indicator,
        "peers": peers,
        "since": since,
        "boundaries": boundaries,
        "confidence": confidence,
        "comparator": comparator,
    }
    lang = language(ctx)
    found: Ranking | RankingPieces
    if fmt == "csv":  # a year of thousands of indicators: written piece by piece
        with ranking_pieces(engine_from(ctx), network, year, **asked) as found:
            names = names_for(ctx, fmt)
            pieces = (p.assign(peer_group=text_column(peers, len(p))) for p in found.pieces)
            echo_csv_pieces(pieces, lang, names)
    else:
        found = ranking(engine_from(ctx), network, year, **asked)
        table = found.table
        if fmt == "xlsx":  # a spreadsheet row says whom it was compared with
            table = table.assign(peer_group=peers)
        with_sets = ranks_with_sets(table) if fmt == "table" else None
        if not table.empty or fmt != "table":
            echo_frame(table if with_sets is None else with_sets, fmt, lang, names_for(ctx, fmt))
        if with_sets is not None:
            aside(rank_sets_note(confidence, lang), fmt)
    for r in found.counts.itertuples(index=False):
        counted = t("run_yes_no_counted", lang, indicator=r.indicator, yes=r.yes,
                    answered=r.answered)  # fmt: skip
        aside(counted, fmt)
    if found.levels:
        levels = t("run_levels_not_ranked", lang, indicators=", ".join(found.levels),
                   network=network, year=year)  # fmt: skip
        aside(levels, fmt)


@cli.command("similar")
@comparison_options
@k_option(15, "Neighbours per municipality.")
@municipality_option(help="Only this municipality's neighbours.")
@click.option(
    "--explain",
    "explain_with",
    metavar="CODE",
    help="With --municipality: how each variable contributes to the distance to CODE.",
)
@vars_option
@window_option
@format_option
@audience_option
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
    window: int | None,
    fmt: str,
) -> None:
    """Nearest neighbours on structural variables (the CIPFA approach).

    Variables are z-scored over the members (log first where declared) and
    distance is weighted Euclidean; similarity rebases it to 0–1. Each
    variable comes from the nearest year within --window years, and a member
    without some figures is compared on those it has (the distance rescaled).

    \b
    Example:
        benchlearn similar -n KOSTRA --year 2015 -m 0301 -k 5
        benchlearn similar -n KOSTRA --year 2015 -m 0301 --explain 1201
    """
    from benchlearn.commands import explain
    from benchlearn.commands import similar as nearest
    from benchlearn.definitions import parse_variables

    specs = parse_variables(variables)
    engine = engine_from(ctx)
    if explain_with:
        if not municipality:
            raise click.UsageError(t("cmp_explain_needs_municipality", language(ctx)))
        with vars_hint():
            found = explain(engine, network, year, municipality, explain_with, specs, window)
        echo_frame(found, fmt, language(ctx))
        return
    with vars_hint():
        result = nearest(
            engine, network, year, k=k, municipality=municipality, variables=specs, window=window
        )
    echo_frame(result.neighbours, fmt, language(ctx), names_for(ctx, fmt))
    _report_variables(ctx, result, year, "sim_partial")


@contextmanager
def vars_hint() -> Iterator[None]:
    """A network without structural variables, told with the hint to give them with
    ``--vars``: only the commands that have that option say so."""
    try:
        yield
    except BenchlearnError as error:
        if error.key != "cmp_no_structural":
            raise
        raise BenchlearnError.of("cmp_no_structural_vars", error.values) from None


def _report_variables(
    ctx: click.Context,
    result: Similar | ClusterResult,
    year: int,
    partial_key: str,
) -> None:
    """Say on which variables (of which years) similarity was found, which were left out,
    who was compared on fewer and who was left out."""
    from benchlearn.messages import t, years_text

    lang = language(ctx)
    if result.years:
        span = result.window
        used = [
            f"{code} {years_text(result.years[code])}" if code in result.years else code
            for code in result.variables
        ]
        inform(
            t(
                "sim_variables_years",
                lang,
                start=year - span,
                end=year + span,
                used=", ".join(used),
            )
        )
    else:
        inform(t("run_variables", lang, used=", ".join(result.variables)))
    if result.dropped:
        # With a window the variables were looked for in its years, not in ``year`` alone.
        span = result.window if result.years else 0
        period = f"{year - span}{'.' if lang == 'lv' else ''}–{year + span}" if span else year
        inform(t("run_variables_dropped", lang, dropped=", ".join(result.dropped), year=period))
    partial = result.partial
    if partial is not None and len(partial):
        items = "; ".join(
            f"{m} ({t('sim_without', lang, variables=v)})"
            for m, v in partial.itertuples(index=False)
        )
        inform(t(partial_key, lang, count=len(partial), items=items))
    excluded = result.excluded
    if len(excluded):
        items = "; ".join(f"{m} ({v})" for m, v in excluded.itertuples(index=False))
        inform(t("run_left_out", lang, count=len(excluded), items=items))


@cli.command("clusters")
@comparison_options
@k_option(None, "Number of clusters.")
@click.option("--auto", is_flag=True, help="Pick k (2–10) by the silhouette and show it per k.")
@click.option(
    "--compare", "compare_with", metavar="ATTR", help="Compare with an official grouping."
)
@vars_option
@window_option
@format_option
@audience_option
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
    window: int | None,
    fmt: str,
) -> None:
    """Group members into clusters of similar municipalities (Ward's method).

    Ward's method needs every figure: a member without some is clustered with
    them estimated from its others (regression on the complete members), and
    is named.

    \b
    Example:
        benchlearn clusters --network KOSTRA --year 2015 --auto --compare kostra_group
    """
    from benchlearn.cli.output import render
    from benchlearn.commands import clusters as ward
    from benchlearn.definitions import parse_variables

    with vars_hint():
        result = ward(
            engine_from(ctx),
            network,
            year,
            k=k,
            auto=auto,
            compare=compare_with,
            variables=parse_variables(variables),
            window=window,
        )
    lang = language(ctx)
    if result.silhouettes is not None:
        aside(t("cmp_silhouettes", lang), fmt)
        aside(render(result.silhouettes, "table", lang=lang), fmt)
    echo_frame(result.assignments, fmt, lang, names_for(ctx, fmt))
    if result.adjusted_rand is not None and result.crosstab is not None:
        ari = number(result.adjusted_rand, lang, 3)
        said = t("cmp_adjusted_rand", lang, attribute=compare_with, value=ari)
        aside("\n" + said, fmt)
        aside(render(result.crosstab.reset_index(), "table", lang=lang), fmt)
    _report_variables(ctx, result, year, "sim_partial_clusters")


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
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 1),
    help="Share of the weight a member needs values for to be ranked (default: the "
    "network's min_coverage, else 0.75).",
)
@click.option("--draws", default=1000, show_default=True, help="Monte Carlo draws.")
@click.option("--seed", default=0, show_default=True, help="Random seed, so results repeat.")
@boundaries_option
@format_option
@audience_option
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
    boundaries: int | None,
    fmt: str,
) -> None:
    """Composite index with a rank interval from a Monte Carlo over weights and methods.

    A member is ranked when it has values for at least --min-coverage of the
    weight (the network's min_coverage, 75 % by default); the table shows each
    member's coverage and says why a member is not ranked. A ranked member's
    missing parts are drawn from the other members' values in the Monte Carlo,
    so its rank interval is wider. Self-assessed levels and yes/no answers are
    never in the index.

    \b
    Example:
        benchlearn index --network ASC --year 2022 --normalisation grade
    """
    from benchlearn.commands import index as composite

    frame = composite(
        engine_from(ctx),
        network,
        year,
        normalisation=normalisation,
        aggregation=aggregation,
        min_coverage=min_coverage,
        draws=draws,
        seed=seed,
        boundaries=boundaries,
    )
    lang = language(ctx)
    if fmt == "table":
        frame = coverage_notes(frame, lang)
    echo_frame(frame, fmt, lang, names_for(ctx, fmt))


def coverage_notes(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The index as people read it: coverage as a percentage, and a note for each member
    left unranked, "not ranked: coverage 50% < 75%" (no note column when all are ranked)."""
    import pandas as pd

    from benchlearn.messages import t

    needed = float(frame.attrs.get("min_coverage", 0.0))
    out = frame.copy()
    out["coverage"] = [percent(100 * float(c), lang, 0) for c in frame["coverage"]]
    out["note"] = [
        t("run_not_ranked_coverage", lang, coverage=shown, needed=percent(100 * needed, lang, 0))
        if pd.isna(rank)
        else ""
        for rank, shown in zip(frame["rank"], out["coverage"], strict=True)
    ]
    return out if out["note"].any() else out.drop(columns="note")


@cli.command("partners")
@positional_alias("municipality")
@municipality_option(help="The municipality that learns (required).")
@comparison_options
@peers_option
@k_option(15, "Most similar municipalities considered.")
@confidence_option
@comparator_option
@click.option(
    "--inputs",
    metavar="CODE,...",
    help="With --outputs: partners for efficiency, its reference peers among the most similar.",
)
@click.option("--outputs", metavar="CODE,...", help="With --inputs: the efficiency's outputs.")
@format_option
@audience_option
@click.pass_context
@handles_errors
def partners(
    ctx: click.Context,
    municipality: str | None,
    network: str,
    year: int,
    peers: str,
    k: int,
    confidence: float,
    comparator: str | None,
    inputs: str | None,
    outputs: str | None,
    fmt: str,
) -> None:
    """Whom to learn from, by the benchlearning rule.

    Only on indicators where the municipality is worse than the comparator;
    only partners clearly better there (significantly better with counts,
    else "better": more than 1.5 MAD above the median) and better than it;
    only its most similar (-k), most similar first, one with a good
    practice on that indicator before the others. Each partner comes with its
    contact (the registry's contact or email attribute) and its practice:
    title, text and link. A network without structural variables takes
    partners from the peer group (no similarity).

    With --inputs and --outputs, partners for efficiency instead (see
    efficiency): the reference peers on the frontier that are also among the
    -k most similar, with their weight and efficiency.

    \b
    Example:
        benchlearn partners -m E06000001 -n ASC --year 2022 --peers group:nn
        benchlearn partners -m LV-0404 -n T2 --year 2024 --comparator all
        benchlearn partners -m LV4 -n SCH --year 2024 --inputs COST --outputs PUPILS
    """
    from benchlearn.commands import partners as learning_partners

    assert municipality is not None  # positional_alias requires it
    if inputs or outputs:  # whom to learn efficiency from (benchlearn efficiency's model)
        from benchlearn.commands import learn_efficiency_from
        from benchlearn.efficiency import parse_codes

        found = learn_efficiency_from(
            engine_from(ctx), municipality, network, year, parse_codes(inputs),
            parse_codes(outputs), peers=peers, k=k,
        )  # fmt: skip
        echo_frame(found, fmt, language(ctx), names_for(ctx, fmt))
        return
    frame = learning_partners(
        engine_from(ctx),
        municipality,
        network,
        year,
        peers=peers,
        k=k,
        confidence=confidence,
        comparator=comparator,
    )
    echo_frame(frame, fmt, language(ctx), names_for(ctx, fmt))


def _table_or_plot(ctx: click.Context, value: str | None) -> str | None:
    """funnel's ``-o FILE``: a plot (.svg, .png), or the table's file (:data:`SUFFIXES`)."""
    if value is not None and Path(value).suffix.lower() in SUFFIXES:
        ctx.meta[OUTPUT] = Output(Path(value))
    return value


@cli.command("funnel")
@comparison_options
@indicator_option(required=True, help="An indicator with counts (a statistic).")
@peers_option
@click.option(
    "--overdispersion",
    is_flag=True,
    help="Widen the limits for variation beyond chance (Spiegelhalter 2005).",
)
@output_options(out=False)
@click.option(
    "-o",
    "--out",
    "out",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    is_eager=True,
    callback=lambda ctx, _param, value: _table_or_plot(ctx, value),
    help="Draw it (.svg, .png), or write the table (.csv, .json, .xlsx, .txt).",
)
@audience_option
@click.pass_context
@handles_errors
def funnel(
    ctx: click.Context,
    network: str,
    year: int,
    indicator: str,
    peers: str,
    overdispersion: bool,
    fmt: str,
    out: str | None,
) -> None:
    """Funnel plot: each member against control limits for its own size.

    The target is always the peers' pooled value, which funnel limits are built
    for (no --comparator); the 95 % and 99.8 % limits narrow as the denominator
    grows, so a small municipality is not called unusual for what chance alone
    explains. funnel says where each value falls.

    An indicator without counts whose values carry a standard error gets
    Spiegelhalter's (2005) funnel for normal data with known se: limits
    target ± z·se on the precision 1/se² (column precision, and method), as a
    table only.

    \b
    Example:
        benchlearn funnel --network SE --year 2022 --indicator SHARE_75_PLUS
        benchlearn funnel --network T2 --year 2024 --indicator T2_GP_PER_10K \\
            --overdispersion -o gp.svg
    """
    from benchlearn.commands import funnel as funnel_plot

    result = funnel_plot(
        engine_from(ctx), network, year, indicator, peers=peers, adjust=overdispersion
    )
    from benchlearn.messages import general, number, t

    lang = language(ctx)
    drawn = out is not None and Path(out).suffix.lower() not in SUFFIXES
    if drawn and "precision" in result.table:  # a standard-error funnel: a table only
        raise BenchlearnError.of("rk_funnel_se_drawing", {"indicator": indicator})
    echo_frame(result.table, fmt, lang)
    if result.phi == result.phi:  # not NaN
        key = "run_overdispersion" if result.adjusted else "run_overdispersion_kept"
        tau2 = general(float(f"{result.tau2:.4g}"), lang)
        aside(t(key, lang, phi=number(result.phi, lang, 2), tau2=tau2), fmt)
    if result.left_out:
        items = ", ".join(result.left_out)
        inform(t("run_no_counts", lang, count=len(result.left_out), items=items))
    if out and Path(out).suffix.lower() not in SUFFIXES:
        from benchlearn.charts import funnel_figure, save

        written = save(funnel_figure(result, lang), out)
        aside(t("run_wrote_file", lang, path=written), fmt)
