"""`benchlearn pull`: fetch indicators from PxWeb and Kolada and import them."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    fail,
    format_option,
    inform,
    message_language,
    network_option,
    report,
)
from benchlearn.cli.files import quiet
from benchlearn.cli.options import indicator_option, years_option
from benchlearn.errors import BenchlearnError, Problem
from benchlearn.messages import date, t

if TYPE_CHECKING:
    import pandas as pd


def default_cache() -> Path:
    """Where answers are kept: ``BENCHLEARN_CACHE``, else the user's cache folder."""
    found = os.environ.get("BENCHLEARN_CACHE")
    if found:
        return Path(found)
    import platformdirs

    return Path(platformdirs.user_cache_dir("benchlearn")) / "pull"


@cli.command("pull")
@network_option(help="Only the network's indicators (and their parts).")
@indicator_option(multiple=True, help="Only this indicator (repeat).")
@years_option("Years to fetch: a year or a range such as 2015-2024, repeatable (default: all).")
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
@format_option
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
    fmt: str,
) -> None:
    """Fetch the indicators whose definitions say where they come from, and import them.

    An indicator with `pull: {pxweb: URL, select: {...}}` is fetched from a
    PxWeb table (API v1 or v2), one with `pull: {kolada: KPI}` from Kolada
    (API v3). Queries larger than a server allows are split and the answers
    merged; each server's call limit is kept; busy servers are asked again
    after the wait they ask for. Each source (a table or a KPI) is imported
    as one batch; nothing is written unless every source could be fetched
    (if a later source is refused by the import's checks, those imported
    before it are listed). An answer is at most 64 MB and 120 s, a busy
    server is waited for at most 120 s, and redirects stay on the source's
    host (a definition's `hosts:` names others).
    Answers are cached for as long as their server says (else
    --cache-max-age, a day), and a stale one is asked again with its
    ETag/Last-Modified. With --since-last, only what is newer than each
    indicator's last successful pull is asked for: a new PxWeb `updated`
    stamp (v2) or new years (v1), Kolada figures changed since (v3).

    With --format csv, json or xlsx, what was done is one record per source
    instead of lines: source, indicators (a list), values, calls, cached, new,
    changed, unchanged, batch, written, notes (a list), warnings (a list).

    \b
    Example:
        benchlearn pull --network T2 --year 2015-2024
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
    landed: list[Any] = []  # the sources written, told as they land
    try:
        engine = engine_from(ctx)
        wanted = parse_years(years)
        with engine.connect() as connection:
            jobs = plan(stored_definitions(connection), network=network, indicators=indicators)
        with click.progressbar(
            length=len(jobs),
            label=t("pull_progress", lang),
            file=sys.stderr,
            hidden=quiet(),
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
                landed=landed.append,
            )
    except BenchlearnError as error:
        if landed:  # a source refused once others were written: say what was
            _tell(landed, fmt, dry_run, lang)
            done = {"done": len(landed), "total": len(jobs)}
            click.echo(t("pull_partly_imported", lang, **done), err=True)
        fail(error, lang)
    finally:
        client.close()
    _tell(pulled, fmt, dry_run, lang)


def _tell(pulled: list[Any], fmt: str, dry_run: bool, lang: str) -> None:
    """What was fetched and imported, a few lines per source (or records, ``--format``)."""
    if fmt != "table":
        echo_frame(_report(pulled, lang), fmt, lang)
        return
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
            inform(t("pull_note", lang, note=text))
        for warning in result.warnings if result is not None else ():
            report(BenchlearnError(warning.line(lang)), lang)


def _report(pulled: list[Any], lang: str) -> pd.DataFrame:
    """What ``pull`` did as records, one per source (``--format csv|json|xlsx``)."""
    import pandas as pd

    rows = []
    for item in pulled:
        result = item.result  # None when --since-last found nothing new: nothing was imported
        rows.append(
            {
                "source": item.fetched.source,
                "indicators": list(item.fetched.job.codes),
                "values": len(item.fetched.rows),
                "calls": item.fetched.calls,
                "cached": item.fetched.cache_hits,
                "new": result.inserted if result is not None else 0,
                "changed": result.updated if result is not None else 0,
                "unchanged": result.unchanged if result is not None else 0,
                "batch": result.batch_id if result is not None else None,
                "written": bool(result is not None and result.written),
                "notes": [
                    n.text(lang) if isinstance(n, Problem) else n for n in item.fetched.notes
                ],
                "warnings": [w.line(lang) for w in result.warnings] if result is not None else [],
            }
        )
    columns = ["source", "indicators", "values", "calls", "cached", "new", "changed",
               "unchanged", "batch", "written", "notes", "warnings"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"batch": "Int64"})
