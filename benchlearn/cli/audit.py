"""Commands for data quality and audit: check, history, batches, practice, crosswalk."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

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
    lang_option,
    message_language,
    names_for,
    network_option,
)
from benchlearn.cli.options import indicator_option, municipality_option, positional_alias
from benchlearn.messages import t

if TYPE_CHECKING:
    import pandas as pd

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
    indicators such as PART <= TOTAL); one "form not returned" line (rule
    not_returned) for a member with no figure for any of the network's own
    indicators, instead of a "required" line per indicator; and statistical
    flags: levels more than 3.5 median absolute deviations from the median of
    all municipalities (not on size variables such as counts, money and areas,
    whose level grows with the municipality) and unusual year-on-year changes.
    A confidential value (status ..) is checked against its valid range and the
    declared rules but never shown (its value is empty, its message says ..),
    and it is never counted in a median or a change.

    The table has one line per member with flags: how many errors and warnings,
    and its three most suspicious values (errors first, then by rule and the size
    of the change). CSV, JSON and XLSX have one row per flag, with the columns
    municipality, indicator, year, rule, severity, value, previous, message (the
    message in --lang).

    \b
    Example:
        benchlearn check --network NVPT --year 2023
    """
    from benchlearn.definitions.store import stored_definitions
    from benchlearn.rules import check as run_checks

    with engine_from(ctx).connect() as connection:
        found = run_checks(connection, stored_definitions(connection), network, year, lang=lang)
    errors = int((found["severity"] == "error").sum())
    said = message_language(ctx)
    if fmt == "table" and found.empty:
        click.echo(t("run_no_problems", said, network=network, year=year))
    else:
        shown = _check_table(found, lang) if fmt == "table" else found
        echo_frame(shown, fmt, lang=lang, names=names_for(ctx, fmt))
        counts = t("run_check_counts", said, errors=errors, warnings=len(found) - errors)
        aside(counts, fmt)
    if errors:
        raise SystemExit(1)


#: The columns of the grouped check table, and their words.
_CHECK_HEADERS = {
    "errors": "chk_col_errors",
    "warnings": "chk_col_warnings",
    "suspicious": "chk_col_suspicious",
}


def _check_table(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The check table: one line per member (:func:`benchlearn.rules.by_member`), in ``lang``."""
    from benchlearn.rules import by_member

    grouped = by_member(found, lang)
    return grouped.rename(columns={c: t(k, lang) for c, k in _CHECK_HEADERS.items()})


# --- audit ----------------------------------------------------------------


def _echo_audit(
    frame: pd.DataFrame,
    fmt: str,
    lang: str,
    times: tuple[str, ...] = (),
    names: dict[str, str] | None = None,
) -> None:
    """An audit listing; in Latvian, as a table with Latvian headers, words and local times.

    CSV, JSON and the English table are as they always were: UTC times, English columns
    (CSV and XLSX with ``names`` beside the municipalities' codes).
    """
    if fmt != "table" or lang == "en":
        echo_frame(frame, fmt, names=names if fmt != "table" else None)
        return
    from benchlearn.messages import MESSAGES, date

    def when(value: Any) -> str:
        if value is None or value != value:
            return ""
        stored = getattr(value, "to_pydatetime", lambda: value)()  # a pandas Timestamp
        local = stored.replace(tzinfo=dt.UTC).astimezone()
        return f"{date(local, lang)} {local:%H:%M}"

    shown = frame.assign(**{c: [when(v) for v in frame[c].astype(object)] for c in times})
    if "kind" in shown:
        shown["kind"] = [t(f"run_kind_{k}", lang) for k in shown["kind"]]
    headers = {c: t(f"run_col_{c}", lang) for c in shown.columns if f"run_col_{c}" in MESSAGES}
    echo_frame(shown.rename(columns=headers), fmt, lang=lang)


@cli.command("history")
@positional_alias("municipality")
@positional_alias("indicator")
@municipality_option(help="Municipality code (required).")
@indicator_option(help="Indicator code (required).")
@click.option("--year", type=int, help="Only this year.")
@click.option(
    "--show-confidential",
    is_flag=True,
    help="Show confidential values (status ..) too: for the database owner only.",
)
@format_option
@audience_option
@click.pass_context
@handles_errors
def history(
    ctx: click.Context,
    municipality: str | None,
    indicator: str | None,
    year: int | None,
    show_confidential: bool,
    fmt: str,
) -> None:
    """Every revision of a value: value, status, batch, file, time and standard error.

    A confidential value (status ..) is shown as .. (empty in CSV and JSON)
    unless --show-confidential, which says so below the output.

    \b
    Example:
        benchlearn history -m LV-045 -i NVPT_EVENTS --year 2023
    """
    from benchlearn.importing.history import history as revisions

    assert municipality is not None and indicator is not None  # positional_alias requires them
    with engine_from(ctx).connect() as connection:
        found = revisions(
            connection, municipality, indicator, year, show_confidential=show_confidential
        )
    lang = message_language(ctx)
    if fmt == "table" and not show_confidential:
        shown = zip(found["value"], found["status"], strict=True)
        found = found.assign(value=[".." if s == ".." else v for v, s in shown])
    _echo_audit(found, fmt, lang, times=("time",))
    if show_confidential:
        aside(t("run_confidential_shown", lang), fmt)


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
        found = all_batches(connection)
    _echo_audit(found, fmt, message_language(ctx), times=("created_at",))


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
    lang = message_language(ctx)
    message = t(
        "run_reverted",
        lang,
        batch=result.batch,
        revert=result.revert_batch,
        restored=result.restored,
        deleted=result.deleted,
    )
    if result.kept:
        message += t("run_reverted_kept", lang, kept=result.kept)
    click.echo(message)


# --- good practice --------------------------------------------------------


@cli.group("practice")
def practice() -> None:
    """Good-practice examples, shown beside learning partners.

    \b
    Example:
        benchlearn practice add -m LV-080 -n NVPT --title "Walking school bus"
    """


@practice.command("add")
@municipality_option(required=True)
@network_option(required=True)
@indicator_option(help="The indicator it improves, if one.")
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
    click.echo(t("run_practice_added", message_language(ctx), id=new_id))


@practice.command("list")
@network_option(help="Only this network.")
@municipality_option(help="Only this municipality.")
@format_option
@click.pass_context
@handles_errors
def practice_list(
    ctx: click.Context, network: str | None, municipality: str | None, fmt: str
) -> None:
    """List good practices, and the plans that learned from each.

    \b
    Example:
        benchlearn practice list --network ASC
    """
    from benchlearn.plans.store import plans_for
    from benchlearn.registry.practices import practices

    with engine_from(ctx).connect() as connection:
        found = practices(connection, network=network, municipality=municipality)
        learned = plans_for(connection, network=network)
    lang = message_language(ctx)
    # which plans learned from each practice: "1 (LV-016, active)", by plan id; the status
    # in words in a table, as its code in a file
    word = (lambda s: t(f"plan_status_{s}", lang)) if fmt == "table" else str
    found["plans"] = [
        "; ".join(
            f"{p.id} ({p.municipality}, {word(p.status)})"
            for p in learned
            if p.learned_from_practice(practice)
        )
        for practice in found["id"]
    ]
    _echo_audit(found, fmt, lang, names=names_for(ctx, fmt))


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
    click.echo(t("run_practice_removed", message_language(ctx), id=practice_id))


# --- territorial reforms --------------------------------------------------


@cli.group("crosswalk")
def crosswalk() -> None:
    """Territorial reforms: map old units to new ones (for --boundaries YEAR).

    \b
    Example:
        benchlearn crosswalk load lv-2021-reform.csv
    """


@crosswalk.command("load")
@click.argument("source", metavar="FILE|NAME")
@click.pass_context
@handles_errors
def crosswalk_load(ctx: click.Context, source: str) -> None:
    """Load a crosswalk CSV with columns old_code,new_code,year[,weight], or a built-in one
    (lv-2021-reform, lv-2025-reform).

    weight is the share of the old unit that went to the new one (default 1); `-` marks a
    part whose share is not known: figures built from it are left missing, and said so.

    \b
    Example:
        benchlearn crosswalk load lv-2021-reform
        benchlearn crosswalk load my-reform.csv
    """
    from benchlearn.registry.crosswalk import load_crosswalk

    count = load_crosswalk(engine_from(ctx), source)
    click.echo(t("run_crosswalk_loaded", message_language(ctx), count=count))
