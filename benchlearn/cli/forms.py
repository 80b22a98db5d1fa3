"""Commands for the yearly monitoring round: forms made and returned, who has returned them,
and the facilitator's closing and reopening of the round's online entry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from benchlearn.cli.common import (
    cli,
    comparison_options,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    lang_option,
    message_language,
)
from benchlearn.cli.options import municipality_option
from benchlearn.messages import date, t

if TYPE_CHECKING:
    import pandas as pd

# --- monitoring forms -------------------------------------------------------


@cli.group("forms")
def forms() -> None:
    """Annual monitoring forms: make them, see who has returned them, close the round.

    \b
    Example:
        benchlearn forms make --network NVPT --year 2024 -o forms/
        benchlearn import forms/returned/
        benchlearn forms status --network NVPT --year 2024
        benchlearn forms close --network NVPT --year 2024
    """


@forms.command("make")
@comparison_options
@municipality_option(multiple=True, help="Only this member (repeat).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), help="Default: 31 March next year.")
@click.option("--contact", help="Who answers questions, e.g. a name and an e-mail address.")
@click.option(
    "--plans", "plans", is_flag=True,
    help="Plan forms instead: each member writes its improvement plan (`plans import` reads it).",
)  # fmt: skip
@lang_option
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False))
@click.pass_context
@handles_errors
def forms_make(
    ctx: click.Context,
    network: str,
    year: int,
    municipalities: tuple[str, ...],
    deadline: datetime | None,
    contact: str | None,
    plans: bool,
    lang: str,
    out: str,
) -> None:
    """Write one XLSX monitoring form per member, for the year's figures.

    Each is named after its member (NVPT-2024-LV-016-Bauskas-novads.xlsx); a code
    a file name cannot hold (A/1), codes that differ only in case (a1, A1) and
    long names take a short hash, so no form overwrites another. Yes/no
    questions are a Jā/Nē drop-down, imported as 1/0. With --plans, a plan form
    per member instead (T2-plan-2025-LV-016-Bauskas-novads.xlsx): the plan's
    title, years and partners, and a target for any of the network's
    indicators, signed like the monitoring forms; `benchlearn plans import`
    reads it back.

    \b
    Example:
        benchlearn forms make --network NVPT --year 2024 --lang lv \\
            --contact "SPKC, nvpt@example.lv" -o forms/
        benchlearn forms make --network T2 --year 2025 --plans -o plan-forms/
    """
    from benchlearn.importing.forms import make_forms

    if plans:
        from benchlearn.plans.form import make_plan_forms

        with engine_from(ctx).connect() as connection:
            made = make_plan_forms(connection, network, year, out,
                                   municipalities=municipalities or None, contact=contact,
                                   lang=lang)  # fmt: skip
        click.echo(t("form_written", message_language(ctx), count=len(made), folder=out))
        return
    with engine_from(ctx).connect() as connection:
        written = make_forms(
            connection,
            network,
            year,
            out,
            municipalities=municipalities or None,
            deadline=deadline.date() if deadline else None,
            contact=contact,
            lang=lang,
        )
    click.echo(t("form_written", message_language(ctx), count=len(written), folder=out))


@forms.command("rotate-key")
@click.option(
    "--retire-old",
    is_flag=True,
    help="Refuse forms signed with the earlier keys from now on (after a leak).",
)
@click.pass_context
@handles_errors
def forms_rotate_key(ctx: click.Context, retire_old: bool) -> None:
    """Make a new secret key that signs every form made from now on.

    Forms already sent out were signed with an earlier key; they still import
    unless --retire-old, which makes them be refused (make them again then).
    Each database has its own key, so a form made from another database is
    always refused.

    \b
    Example:
        benchlearn forms rotate-key
        benchlearn forms rotate-key --retire-old
    """
    from benchlearn.importing.signing import rotate_secret

    key, accepted = rotate_secret(engine_from(ctx), retire_old=retire_old)
    message = "form_key_rotated_retired" if retire_old else "form_key_rotated"
    click.echo(t(message, message_language(ctx), key_id=key.key_id, accepted=accepted))


@forms.command("status")
@comparison_options
@lang_option()
@format_option
@click.pass_context
@handles_errors
def forms_status(ctx: click.Context, network: str, year: int, lang: str, fmt: str) -> None:
    """Who has returned the year's figures, how complete they are, who is missing.

    Only the network's own indicators count: those its form asks that no other
    network's form asks (a shared value such as the population says nothing
    about which form came back). A form is complete when every value it asks
    has a number, "." (not applicable) or ".." (confidential); "-" is missing.
    The table gives completeness in percent, when the form was received (its
    first import: a later correction does not move it), the last import, and
    how the figures came in (an Excel form, typed online and when they were
    submitted there, a data file), in local time, in --lang.

    \b
    --format csv is a reminder list to mail-merge, one row per member that
    still owes figures: municipality,name,contact,missing (contact: the
    registry's contact or email attribute; missing: the names of the
    indicators not yet returned, in --lang, joined by "; "). Written with
    -o FILE.csv it starts with a byte-order mark, so Excel reads its letters
    right. --format json gives every member: municipality, name, contact,
    returned, filled, total, completeness (0 to 1), received and last_import
    (ISO 8601, local time), missing (an array of names), via (an array of
    form, entry, import) and submitted (ISO 8601, local time, or null). --format xlsx gives
    the reminder list as a workbook.

    \b
    Example:
        benchlearn forms status --network NVPT --year 2024
        benchlearn --lang lv forms status --network NVPT --year 2024 -o reminders.csv
    """
    from benchlearn.entry.rounds import closed, network_id
    from benchlearn.importing.status import form_status

    with engine_from(ctx).connect() as connection:
        frame = form_status(connection, network, year, lang=lang)
        shut = closed(connection, network_id(connection, network), year)
    if fmt in ("csv", "xlsx"):
        owing = frame[frame["missing"].map(len) > 0]
        echo_frame(owing[["municipality", "name", "contact", "missing"]], fmt)
        return
    if fmt == "json":
        echo_frame(frame, fmt)
        return
    echo_frame(_status_table(frame, lang), fmt, lang=lang)
    waiting = frame.loc[~frame["returned"], "name"].tolist()
    values = {"returned": int(frame["returned"].sum()), "total": len(frame)}
    if waiting:
        click.echo(t("form_summary", lang, names=", ".join(waiting), **values))
    else:
        click.echo(t("form_summary_all", lang, **values))
    if shut is not None:
        from benchlearn.importing.status import local_time

        when = local_time(shut[0])
        stamp = f"{date(when, lang)} {when:%H:%M}"
        click.echo(t("ent_status_closed", lang, when=stamp, by=shut[1]))


def _status_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The status for people: yes/no, "8 of 8", percentages and local times in ``lang``."""
    from benchlearn.messages import percent

    def when(value: object) -> str:
        if value is None or value != value:  # None, or NaT once pandas has the column
            return ""
        return f"{date(value, lang)} {value:%H:%M}"  # type: ignore[arg-type]

    return frame.assign(
        filled=[
            t("form_filled_of", lang, filled=f, total=n)
            for f, n in zip(frame["filled"], frame["total"], strict=True)
        ],
        completeness=[percent(100 * c, lang, 0) for c in frame["completeness"]],
        received=[when(v) for v in frame["received"].astype(object)],
        last_import=[when(v) for v in frame["last_import"].astype(object)],
        via=[
            _came_in(kinds, when(sent), lang)
            for kinds, sent in zip(frame["via"], frame["submitted"].astype(object), strict=True)
        ],
    )[
        ["municipality", "name", "returned", "filled", "completeness", "received", "last_import",
         "via"]
    ].rename(
        columns={
            **{
                column: t(f"form_col_{column}", lang)
                for column in ("returned", "filled", "completeness", "received", "last_import")
            },
            "via": t("ent_col_via", lang),
        }
    )  # fmt: skip


def _came_in(kinds: list[str], submitted: str, lang: str) -> str:
    """How a member's figures came in, in words: "Excel veidlapa", "tiešsaistē, iesniegta
    12.03.2025 10:15" (typed online and submitted), several joined by commas."""
    words = [
        t("ent_via_submitted", lang, when=submitted)
        if kind == "entry" and submitted
        else t(f"ent_via_{kind}", lang)
        for kind in kinds
    ]
    return ", ".join(words)


@forms.command("close")
@comparison_options
@click.option("--by", metavar="NAME", help="Who closes the round (kept in the audit log).")
@click.pass_context
@handles_errors
def forms_close(ctx: click.Context, network: str, year: int, by: str | None) -> None:
    """Close the round's online entry: members can no longer save or submit figures.

    What members submitted stays submitted; returned Excel forms and files
    still import, so figures that come in late can be taken in by the
    facilitator. Every closing and reopening is kept in the audit log
    (benchlearn audit).

    \b
    Example:
        benchlearn forms close --network NVPT --year 2024
        benchlearn forms reopen --network NVPT --year 2024
    """
    from benchlearn.accounts import local_actor
    from benchlearn.entry import close_round

    close_round(engine_from(ctx), network, year, by or local_actor())
    click.echo(t("ent_closed", message_language(ctx), network=network, year=year))


@forms.command("reopen")
@comparison_options
@click.option("--by", metavar="NAME", help="Who reopens the round (kept in the audit log).")
@click.pass_context
@handles_errors
def forms_reopen(ctx: click.Context, network: str, year: int, by: str | None) -> None:
    """Reopen a closed round: members can enter and submit their figures online again.

    \b
    Example:
        benchlearn forms reopen --network NVPT --year 2024
    """
    from benchlearn.accounts import local_actor
    from benchlearn.entry import reopen_round

    reopen_round(engine_from(ctx), network, year, by or local_actor())
    click.echo(t("ent_reopened", message_language(ctx), network=network, year=year))
