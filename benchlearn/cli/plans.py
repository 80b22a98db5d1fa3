"""Improvement plans: writing them down, importing, listing them and following their progress."""

from __future__ import annotations

from pathlib import Path

import click

from benchlearn.cli.common import (
    aside,
    cli,
    confidence_option,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    language,
    names_for,
    network_option,
)
from benchlearn.cli.options import municipality_option
from benchlearn.messages import t

#: The statuses a plan may have (kept here too, so `--help` imports no library module).
STATUSES = ("planned", "active", "done", "dropped")


@cli.group("plans")
def plans() -> None:
    """Improvement plans: targets a municipality sets after learning from its partners.

    \b
    Example:
        benchlearn plans add -m LV-BAU -n T2 --title "Faster home care" --start 2024 \\
            --end 2026 --target T2_CARE_WAIT_DAYS:7:2026 --learned-from LV-022:1
        benchlearn plans progress --network T2 --year 2025
    """


@plans.command("add")
@municipality_option(required=True, help="The municipality whose plan it is.")
@network_option(required=True, help="The network it was made in, e.g. T2.")
@click.option("--title", help="Title in English.")
@click.option("--title-lv", help="Title in Latvian.")
@click.option("--description", help="A few sentences in English on what will be done.")
@click.option("--description-lv", help="The same in Latvian.")
@click.option("--start", type=int, required=True, help="First year of the plan.")
@click.option("--end", type=int, required=True, help="Last year of the plan.")
@click.option(
    "--status", type=click.Choice(STATUSES), default="planned", show_default=True,
    help="Where the plan stands.",
)  # fmt: skip
@click.option(
    "--target", "targets", multiple=True, metavar="CODE:VALUE[:YEAR]",
    help="A target (repeatable): the indicator, the value to reach and the year to reach it "
    "by (default --end).",
)  # fmt: skip
@click.option(
    "--baseline-year", type=int, metavar="YEAR",
    help="Year of every target's baseline (default: the latest value at or before --start).",
)  # fmt: skip
@click.option(
    "--learned-from", "learned_from", multiple=True, metavar="CODE[:PRACTICE_ID]",
    help="A partner the plan learned from, and its good practice (repeatable).",
)  # fmt: skip
@click.pass_context
@handles_errors
def plans_add(
    ctx: click.Context,
    municipality: str,
    network: str,
    title: str | None,
    title_lv: str | None,
    description: str | None,
    description_lv: str | None,
    start: int,
    end: int,
    status: str,
    targets: tuple[str, ...],
    baseline_year: int | None,
    learned_from: tuple[str, ...],
) -> None:
    """Record a municipality's plan; each target's baseline is read from the database.

    The baseline is the municipality's latest value that may be shown at or before
    --start (or in --baseline-year); a target without one is refused, as is an
    unknown code. Nothing is stored when anything is wrong.

    \b
    Example:
        benchlearn plans add -m LV-BAU -n T2 --title "Faster home care" \\
            --title-lv "Ātrāka aprūpe mājās" --start 2024 --end 2026 --status active \\
            --target T2_CARE_WAIT_DAYS:7:2026 --learned-from LV-022:1 --learned-from LV-113
    """
    from benchlearn.plans.model import option_draft
    from benchlearn.plans.store import add_plans

    draft, problems = option_draft(
        municipality=municipality, network=network, title=title, title_lv=title_lv,
        start=start, end=end, description=description, description_lv=description_lv,
        status=status, targets=targets, baseline_year=baseline_year, learned_from=learned_from,
    )  # fmt: skip
    (made,) = add_plans(engine_from(ctx), [draft], problems)
    click.echo(t("run_plan_added", language(ctx), id=made, targets=len(draft.targets)))


@plans.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
@handles_errors
def plans_import(ctx: click.Context, file: str) -> None:
    """Import plans from a CSV, XLSX or YAML file, or a returned plan form, all or none.

    A table has one row per target: municipality, network, start, end, title
    and/or title_lv, and optionally description, description_lv, status,
    indicator, target, target_year, baseline_year, learned_from; the rows with
    the same municipality, network and titles are one plan. Every problem is
    named by file, row and column, and nothing is stored when there is one. A
    plan form (`benchlearn forms make --plans`) is checked against this
    database's signature first.

    \b
    Example:
        benchlearn plans import plans.csv
        benchlearn plans import plan-forms/T2-plan-2025-LV-016-Bauskas-novads.xlsx
        benchlearn plans import plans.yaml
    """
    from benchlearn.plans.form import read_plans
    from benchlearn.plans.store import add_plans

    engine = engine_from(ctx)
    drafts = read_plans(engine, Path(file))
    made = add_plans(engine, drafts)
    ids = ", ".join(str(i) for i in made)
    click.echo(t("run_plans_imported", language(ctx), file=file, count=len(made), ids=ids))


@plans.command("list")
@network_option(help="Only this network's plans.")
@municipality_option(help="Only this municipality's plans.")
@format_option
@click.pass_context
@handles_errors
def plans_list(ctx: click.Context, network: str | None, municipality: str | None, fmt: str) -> None:
    """List plans with their status, targets and partners.

    \b
    Example:
        benchlearn plans list --network T2
        benchlearn plans list --municipality LV-BAU --format json
    """
    from benchlearn.plans.store import plans_for
    from benchlearn.plans.tables import plan_table

    lang = language(ctx)
    engine = engine_from(ctx)
    found = plans_for(engine, network=network, municipality=municipality)
    if not found and fmt == "table":
        click.echo(t("run_plans_none", lang))
        return
    echo_frame(plan_table(found, lang), fmt, lang, names=names_for(ctx, fmt))


@plans.command("show")
@click.argument("plan_id", type=int, metavar="ID")
@format_option
@click.pass_context
@handles_errors
def plans_show(ctx: click.Context, plan_id: int, fmt: str) -> None:
    """Show one plan: what it is, its targets with their baselines, and its partners.

    JSON gives the whole plan as one record.

    \b
    Example:
        benchlearn plans show 1
        benchlearn plans show 1 --format json
    """
    import json

    from benchlearn.plans.store import plan
    from benchlearn.plans.tables import plan_record, source_text, target_table

    lang = language(ctx)
    found = plan(engine_from(ctx), plan_id)
    if fmt == "json":
        click.echo(json.dumps(plan_record(found), ensure_ascii=False, indent=2))
        return
    aside(t("plan_show_title", lang, id=found.id, title=found.label(lang)), fmt)
    aside(
        t("plan_show_what", lang, municipality=found.municipality, network=found.network,
          start=found.start_year, end=found.end_year,
          status=t(f"plan_status_{found.status}", lang)),
        fmt,
    )  # fmt: skip
    if found.about(lang):
        aside(found.about(lang), fmt)
    if found.sources:
        sources = " ".join(source_text(s) for s in found.sources)
        aside(t("plan_show_learned", lang, sources=sources), fmt)
    if not found.targets and fmt == "table":
        click.echo(t("plan_show_no_targets", lang))
        return
    echo_frame(target_table(found), fmt, lang)


@plans.command("set-status")
@click.argument("plan_id", type=int, metavar="ID")
@click.argument("status", type=click.Choice(STATUSES))
@click.pass_context
@handles_errors
def plans_set_status(ctx: click.Context, plan_id: int, status: str) -> None:
    """Change a plan's status: planned, active, done or dropped.

    \b
    Example:
        benchlearn plans set-status 1 active
    """
    from benchlearn.plans.store import set_status

    changed = set_status(engine_from(ctx), plan_id, status)
    lang = language(ctx)
    status_word = t(f"plan_status_{changed.status}", lang)
    click.echo(t("run_plan_status", lang, id=changed.id, status=status_word))


@plans.command("progress")
@network_option(required=True)
@click.option("--year", type=int, required=True, help="The year to follow progress to.")
@confidence_option
@format_option
@click.pass_context
@handles_errors
def plans_progress(
    ctx: click.Context, network: str, year: int, confidence: float, fmt: str
) -> None:
    """Each target's progress: baseline, latest value, share of the way, on track, significant.

    For every target of the network's plans that have started by --year and
    are not dropped: the baseline, the latest value that may be shown at or
    before --year, the target, the share of the way covered (1 is reached), the
    share a straight line from baseline to target expects by then, whether the
    target is on track (covered at least as expected), and whether the change
    since the baseline is more than chance: by the exact test of its counts
    (method fisher or poisson), else by a z-test of its standard errors (z),
    else beyond twice the spread of the network's changes over as many years
    (method noise).

    \b
    Example:
        benchlearn plans progress --network T2 --year 2025
        benchlearn plans progress -n T2 --year 2025 --format csv -o progress.csv
    """
    from benchlearn.plans.progress import plan_progress

    lang = language(ctx)
    with engine_from(ctx).connect() as connection:
        found = plan_progress(connection, network, year, confidence=confidence, lang=lang)
    if found.empty and fmt == "table":
        click.echo(t("run_plans_no_targets", lang, network=network, year=year))
        return
    if fmt == "table":
        from benchlearn.plans.tables import in_words

        found = in_words(found, lang)
    echo_frame(found, fmt, lang, names=names_for(ctx, fmt))
