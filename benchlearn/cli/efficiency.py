"""``benchlearn efficiency``: what each member gets for its resources, against its reference
peers (data envelopment analysis)."""

from __future__ import annotations

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
from benchlearn.cli.options import k_option
from benchlearn.messages import percent, t


@cli.command("efficiency")
@comparison_options
@click.option(
    "--model",
    "model_code",
    metavar="CODE",
    help="A model the network declares (its inputs, outputs, orientation, returns); with its "
    "potential and the structure's part.",
)
@click.option("--inputs", metavar="CODE,...", help="Indicators used (resources).")
@click.option("--outputs", metavar="CODE,...", help="Indicators produced.")
@click.option(
    "--orientation",
    type=click.Choice(["input", "output"]),
    default=None,
    help="input (the default): the share of the inputs needed (≤ 1); output: how far outputs "
    "could grow (≥ 1).",
)
@click.option(
    "--returns",
    type=click.Choice(["vrs", "crs", "drs", "irs"]),
    default=None,
    help="Returns to scale of the frontier: variable (the default), constant, non-increasing, "
    "non-decreasing.",
)
@peers_option
@click.option(
    "--bootstrap",
    "replicates",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Add the bias-corrected efficiency and its interval from N replicates (e.g. 500).",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0, 100, min_open=True, max_open=True),
    default=95.0,
    show_default=True,
    help="Level of the bootstrap interval, in per cent.",
)
@click.option("--seed", default=0, show_default=True, help="Random seed, so results repeat.")
@k_option(15, "Most similar municipalities among whom partners are found.")
@format_option
@audience_option
@click.pass_context
@handles_errors
def efficiency(
    ctx: click.Context,
    network: str,
    year: int,
    model_code: str | None,
    inputs: str | None,
    outputs: str | None,
    orientation: str | None,
    returns: str | None,
    peers: str,
    replicates: int,
    confidence: float,
    seed: int,
    k: int,
    fmt: str,
) -> None:
    """Efficiency: how much each member gets for its resources (data envelopment analysis).

    Farrell's efficiency against the frontier of the best members, as R's
    Benchmarking reports it: input orientation 0.80 means the member's
    reference peers do as much with 80% of its inputs; output orientation
    1.25 that they produce 25% more with as much. peers are the reference
    peers with their weights (LV-016:0.62;LV-044:0.38); slack_CODE is what is
    still to be saved (inputs) or gained (outputs) beyond that, target_CODE
    what the member would use or produce matching its peers. Where the
    network has structural variables, partners are the reference peers that
    are also among the -k most similar: whom to learn from first.

    --bootstrap N adds Simar & Wilson's (1998) bias-corrected efficiency
    (efficiency_bc) and its interval (ci_low, ci_high) at --confidence, by
    subsampling (Simar & Wilson 2011: N replicates for each of up to 8
    subsample sizes).
    A member without every input and output is left out and named.

    \b
    --model CODE runs a model the network declares (benchlearn definitions
    models) and adds what matching the reference peers would save, in money
    where the input is money, and what the structure explains (the second
    stage); --orientation and --returns then change the model's own.

    \b
    Example:
        benchlearn efficiency -n KOSTRA --year 2015 --model PROPERTY_POP
        benchlearn efficiency -n KOSTRA --year 2015 --inputs COST --outputs PUPILS
        benchlearn efficiency -n T2 --year 2024 --inputs A,B --outputs C \\
            --orientation output --returns crs --bootstrap 500
    """
    from benchlearn.commands import efficiency as measured
    from benchlearn.commands import efficiency_model
    from benchlearn.efficiency import parse_codes, with_partners

    lang = language(ctx)
    if bool(model_code) == bool(inputs or outputs):
        raise click.UsageError(t("eff_model_or_variables", lang))
    notes: list[str] = []
    if model_code:
        found, partners, notes = efficiency_model(
            engine_from(ctx), network, year, model_code, lang, orientation=orientation,
            returns=returns, peers=peers, replicates=replicates, seed=seed,
            confidence=confidence, k=k,
        )  # fmt: skip
    else:
        found, partners = measured(
            engine_from(ctx), network, year, parse_codes(inputs), parse_codes(outputs),
            orientation=orientation or "input", returns=returns or "vrs", peers=peers,
            replicates=replicates, seed=seed, confidence=confidence, k=k,
        )  # fmt: skip
    table = found.table if partners is None else with_partners(found.table, partners)
    model = found.model
    aside(t("dea_model", lang, orientation=t(f"dea_orientation_{model.orientation}", lang),
            returns=t(f"dea_returns_{model.returns}", lang), inputs=", ".join(model.inputs),
            outputs=", ".join(model.outputs)), fmt)  # fmt: skip
    echo_frame(table, fmt, lang, names_for(ctx, fmt))
    aside(t(f"dea_reading_{model.orientation}", lang), fmt)
    if partners is not None:
        aside(t("dea_partners_note", lang, k=k), fmt)
    if found.bootstrap is not None:
        level = percent(confidence, lang, 0 if confidence == int(confidence) else 1)
        aside(t("dea_bootstrap_note", lang, level=level, replicates=replicates, seed=seed), fmt)
    if found.left_out:
        items = "; ".join(f"{m} ({', '.join(codes)})" for m, codes in found.left_out.items())
        inform(t("dea_left_out", lang, count=len(found.left_out), items=items))
    for note in notes:  # with --model: the potential and the structure's part
        aside(note, fmt)
