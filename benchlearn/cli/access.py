"""Who may see a value: ``benchlearn publish``, the facilitator's approval of publication."""

from __future__ import annotations

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    message_language,
    network_option,
)
from benchlearn.messages import t


@cli.command("publish")
@network_option(help="The network whose restricted values become public.")
@click.option("--year", type=int, help="The year whose values become public.")
@click.option("--by", metavar="NAME", help="Who approves (kept in the history).")
@click.option("--list", "listing", is_flag=True, help="List every publication approved so far.")
@format_option
@click.pass_context
@handles_errors
def publish(
    ctx: click.Context,
    network: str | None,
    year: int | None,
    by: str | None,
    listing: bool,
    fmt: str,
) -> None:
    """Approve that a network's restricted values of a year become public.

    Values with visibility network or own stay out of public outputs until a
    facilitator approves them here; with an embargo (the network's release:)
    they become public on its day, else at once. Every approval is kept:
    --list shows them.

    \b
    Example:
        benchlearn publish -n T2 --year 2024 --by "A. Bērziņa"
        benchlearn publish --list
    """
    lang = message_language(ctx)
    if listing:
        from benchlearn.access.publication import publications

        with engine_from(ctx).connect() as connection:
            found = publications(connection)
        if found.empty and fmt == "table":
            click.echo(t("aud_publications_none", lang))
            return
        headers = {c: t(f"aud_col_{c}", lang) for c in found.columns}
        echo_frame(found.rename(columns=headers) if fmt == "table" else found, fmt, lang=lang)
        return
    if network is None or year is None:
        raise click.UsageError(t("aud_publish_needs", lang))
    from benchlearn.access.publication import dated
    from benchlearn.access.publication import publish as approve
    from benchlearn.definitions.store import stored_definitions

    with engine_from(ctx).begin() as connection:
        done = approve(connection, stored_definitions(connection), network, year, by=by)
    key = "aud_published_later" if done.waiting else "aud_published"
    day = dated(done.released_on)[lang]
    click.echo(t(key, lang, network=done.network, year=done.year, day=day))
