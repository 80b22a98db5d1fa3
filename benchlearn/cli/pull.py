"""`benchlearn pull`: fetch indicators from PxWeb and Kolada and import them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from benchlearn.cli.common import cli, engine_from, fail, message_language, report
from benchlearn.errors import BenchlearnError, Problem
from benchlearn.messages import date, t


def default_cache() -> Path:
    """Where answers are kept: ``BENCHLEARN_CACHE``, else the user's cache folder."""
    found = os.environ.get("BENCHLEARN_CACHE")
    if found:
        return Path(found)
    import platformdirs

    return Path(platformdirs.user_cache_dir("benchlearn")) / "pull"


@cli.command("pull")
@click.option("--network", metavar="CODE", help="Only the network's indicators (and their parts).")
@click.option(
    "--indicator", "indicators", multiple=True, metavar="CODE", help="Only this indicator (repeat)."
)
@click.option("--years", metavar="Y0-Y1", help="Years to fetch, e.g. 2015-2024 (default: all).")
@click.option("--dry-run", is_flag=True, help="Fetch, match and count, but write nothing.")
@click.option(
    "--since-last",
    is_flag=True,
    help="Only what is newer than each indicator's last successful pull (for scheduled runs).",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of cached answers (env BENCHLEARN_CACHE; default: the user cache folder).",
)
@click.option("--refresh", is_flag=True, help="Ask the servers again, ignoring cached answers.")
@click.option("--no-cache", is_flag=True, help="Neither read nor keep cached answers.")
@click.option(
    "--cache-max-age",
    default="24h",
    show_default=True,
    envvar="BENCHLEARN_CACHE_MAX_AGE",
    metavar="AGE",
    help="How long an answer stays fresh when its server does not say (90s, 30m, 24h, 7d; "
    "env BENCHLEARN_CACHE_MAX_AGE).",
)
@click.option(
    "--max-values",
    type=click.IntRange(min=1),
    metavar="N",
    help="At most N values per call, below the server's own limit.",
)
@click.option(
    "--kolada-url",
    default="https://api.kolada.se/v3",
    show_default=True,
    metavar="URL",
    help="Kolada's API: v3 (ending in /v3), or v2 (ending in /v2) where a server still has it.",
)
@click.option("--wait-scale", type=float, default=1.0, hidden=True)
@click.pass_context
def pull(
    ctx: click.Context,
    network: str | None,
    indicators: tuple[str, ...],
    years: str | None,
    dry_run: bool,
    since_last: bool,
    cache: Path | None,
    refresh: bool,
    no_cache: bool,
    cache_max_age: str,
    max_values: int | None,
    kolada_url: str,
    wait_scale: float,
) -> None:
    """Fetch the indicators whose definitions say where they come from, and import them.

    An indicator with `pull: {pxweb: URL, select: {...}}` is fetched from a
    PxWeb table (API v1 or v2), one with `pull: {kolada: KPI}` from Kolada
    (API v3). Queries larger than a server allows are split and the answers
    merged; each server's call limit is kept; busy servers are asked again
    after the wait they ask for. Each source (a table or a KPI) is imported
    as one batch; nothing is written unless every source could be fetched.
    Answers are cached for as long as their server says (else
    --cache-max-age, a day), and a stale one is asked again with its
    ETag/Last-Modified. With --since-last, only what is newer than each
    indicator's last successful pull is asked for: a new PxWeb `updated`
    stamp (v2) or new years (v1), Kolada figures changed since (v3).

    \b
    Example:
        benchlearn pull --network T2 --years 2015-2024
        benchlearn pull --indicator POP --dry-run
        benchlearn pull --since-last          # in a nightly cron job
    """
    from benchlearn.definitions.store import stored_definitions
    from benchlearn.importing.pull.http import Client, parse_age
    from benchlearn.importing.pull.pull import parse_years, plan
    from benchlearn.importing.pull.pull import pull as run

    lang = message_language(ctx)
    try:
        max_age = parse_age(cache_max_age)
    except BenchlearnError as error:
        raise click.BadParameter(error.text(lang), param_hint="'--cache-max-age'") from None
    client = Client(
        cache=None if no_cache else (cache or default_cache()),
        refresh=refresh,
        max_age=max_age,
        wait_scale=wait_scale,
        max_values=max_values,
    )
    try:
        engine = engine_from(ctx)
        wanted = parse_years(years)
        with engine.connect() as connection:
            jobs = plan(stored_definitions(connection), network=network, indicators=indicators)
        with click.progressbar(
            length=len(jobs), label=t("pull_progress", lang), file=sys.stderr
        ) as bar:
            pulled = run(
                engine,
                jobs,
                client=client,
                years=wanted,
                dry_run=dry_run,
                kolada_url=kolada_url,
                since_last=since_last,
                progress=lambda _job: bar.update(1),
            )
    except BenchlearnError as error:
        fail(error, lang)
    finally:
        client.close()
    for item in pulled:
        found, result = item.fetched, item.result
        click.echo(
            t(
                "pull_fetched",
                lang,
                source=found.source,
                indicators=", ".join(found.job.codes),
                values=len(found.rows),
                calls=found.calls,
                cached=found.cache_hits,
            )
        )
        if item.nothing_new and found.since is not None:
            click.echo(t("pull_nothing_new", lang, date=date(found.since, lang)))
        elif result is not None:
            counts = {
                "new": result.inserted,
                "changed": result.updated,
                "unchanged": result.unchanged,
            }
            if dry_run:
                click.echo(t("pull_would_import", lang, **counts))
            elif result.written:
                click.echo(t("pull_imported", lang, batch=result.batch_id, **counts))
            else:
                click.echo(t("pull_unchanged", lang, **counts))
        for note in found.notes:
            text = note.text(lang) if isinstance(note, Problem) else note
            click.echo(t("pull_note", lang, note=text), err=True)
        for warning in result.warnings if result is not None else ():
            report(BenchlearnError(warning.line(lang)), lang)
