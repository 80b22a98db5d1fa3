"""``benchlearn site``: the network's static web report."""

from __future__ import annotations

import click
from click.core import ParameterSource

from benchlearn.cli.common import (
    audience_option,
    boundaries_option,
    cli,
    comparator_option,
    comparison_options,
    engine_from,
    handles_errors,
    language,
    peers_option,
    rank_confidence_option,
    shrink_option,
)
from benchlearn.cli.files import counted_bar
from benchlearn.messages import LANGUAGES, counted, t


def _languages(ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """``lv``, ``en`` or both (``lv,en``: the first at the top of the site); without it, the
    global ``--lang`` or ``BENCHLEARN_LANG``, else English."""
    if not value:
        root = ctx.find_root()
        source = root.get_parameter_source("lang")
        given = source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
        value = str(root.params["lang"]) if given else "en"
    langs = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        said = t(
            "click_site_languages",
            language(ctx),
            value=value,
            languages=", ".join(LANGUAGES),
        )
        raise click.BadParameter(said)
    return langs


@cli.command("site")
@comparison_options
@peers_option
@click.option(
    "--lang",
    "langs",
    metavar="LANG[,LANG]",
    callback=_languages,
    help="lv, en or lv,en: both languages with a switch (default: the global --lang, else en).",
)
@boundaries_option
@rank_confidence_option
@comparator_option
@shrink_option
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write."
)
@audience_option
@click.pass_context
@handles_errors
def site(
    ctx: click.Context,
    network: str,
    year: int,
    peers: str,
    langs: tuple[str, ...],
    boundaries: int | None,
    confidence: float,
    comparator: str | None,
    shrink: bool,
    out: str,
) -> None:
    """Write the network's web report: a page for the network, each member and each indicator.

    Plain files (HTML, inline SVG charts, one style sheet): they open from the
    folder, a share or any static web server, with no internet.

    \b
    Example:
        benchlearn site --network T2 --year 2023 --lang lv,en -o t2-site
    """
    from benchlearn.commands import write_site
    from benchlearn.messages import t

    lang = langs[0]
    with counted_bar(t("bar_pages", lang)) as progress:
        found = write_site(
            engine_from(ctx),
            network,
            year,
            out,
            peers=peers,
            langs=langs,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
            progress=progress,
            shrink=shrink,
        )
    click.echo(
        t(
            "site_wrote",
            lang,
            network=network,
            year=year,
            path=found.path,
            pages=counted("n_pages", found.pages)[lang],
            languages=", ".join(found.languages),
            size=megabytes(found.size, lang),
            index=found.index,
        )
    )


def megabytes(size: int, lang: str) -> str:
    """A size as people read it: 7.4 MB (7,4 MB in Latvian)."""
    from benchlearn.messages import number

    return f"{number(size / 1_000_000, lang, 1)} MB"
