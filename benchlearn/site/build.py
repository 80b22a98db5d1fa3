"""Writing the site: every page in every language, the style sheet, and nothing else.

The site is plain files: ``index.html`` (the network), ``members/CODE.html`` and
``indicators/CODE.html``, each with its figures beside it as ``.csv`` and ``.xlsx``
(:mod:`.downloads`), and ``assets/site.css``. The first language is at the
top; each further one in a folder named after it (``en/index.html``), and every
page links to itself in the other languages. Links are relative, so the folder
opens from ``file://``, from a share or from any static web server; nothing is
fetched from elsewhere (no CDN, no web font, no script).

Pages are rendered by Jinja2 with autoescaping on: every text from the data is
escaped, and only the SVG that matplotlib wrote (which escapes its own text)
goes in as markup.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchlearn.errors import BenchlearnError
from benchlearn.filenames import file_names
from benchlearn.messages import LANGUAGES
from benchlearn.outputs import whole_folder

if TYPE_CHECKING:
    from jinja2 import Environment

    from benchlearn.meeting import MeetingData
    from benchlearn.site.downloads import Table
    from benchlearn.site.pages import Pages

ASSETS = "assets"
STYLE = "site.css"


@dataclass(frozen=True)
class SiteSummary:
    """What was written: the folder, its pages and its size in bytes."""

    path: Path
    index: Path
    pages: int
    size: int
    languages: tuple[str, ...]


def page_files(keys: Sequence[str]) -> dict[str, str]:
    """Page keys (``index``, ``members/LV-016``) as file names safe on every system.

    The names of a folder's pages come from :func:`benchlearn.filenames.file_names`:
    a code that is not already safe (a space, a slash, a letter outside ASCII), one
    that Windows reserves (``CON``) or one too long has those characters replaced and
    a short hash of the code added, and so have codes whose pages would be one file
    where case does not count (``a1`` and ``A1``), so two codes never share a file.
    """
    folders: dict[str, dict[str, str]] = {}
    for key in keys:
        folder, _, code = key.partition("/") if "/" in key else ("", "", key)
        folders.setdefault(folder, {})[code] = code
    found: dict[str, str] = {}
    for folder, codes in folders.items():
        for code, name in file_names(codes, ".html", ascii_only=True).items():
            found[f"{folder}/{code}" if folder else code] = f"{folder}/{name}" if folder else name
    return found


def colour_rules() -> str:
    """The style sheet's cell colours, from :mod:`benchlearn.views` (the workbook's and the
    PDFs' colours too), with white text and codes on the dark fills and dark ones elsewhere."""
    from benchlearn.views import (
        CHANGE_COLOURS,
        LIGHT_TEXT,
        QUARTILE_COLOURS,
        SIGNIFICANCE_COLOURS,
        UNSURE,
    )

    fills = {f"q{q}": colour for q, colour in QUARTILE_COLOURS.items()}
    fills.update(
        {"sig-" + key.replace(" ", "-"): colour for key, colour in SIGNIFICANCE_COLOURS.items()}
    )
    fills.update({"neutral": "#FFFFFF", "none": "#D9D9D9"})
    rules = ["/* Cell colours: written from benchlearn.views. */"]
    for css, colour in fills.items():
        light = css.startswith("sig-") and css[4:].replace("-", " ") in LIGHT_TEXT
        ink = "#FFFFFF" if light else "#1A1A1A"
        rules.append(f".{css} {{ background: {colour}; color: {ink}; }} "
                     f".{css} .code {{ color: {ink}; }}")  # fmt: skip
    # A change's arrow: its direction's colour in bold only when significant, else grey.
    rules += [f".ch-{key} {{ color: {colour}; font-weight: bold; }}"
              for key, colour in CHANGE_COLOURS.items()]  # fmt: skip
    rules.append(f".ch-unsure {{ color: {UNSURE}; }}")
    return "\n".join(rules) + "\n"


def languages_of(text: str) -> tuple[str, ...]:
    """``lv,en`` → ("lv", "en"), checked against the languages benchlearn speaks."""
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise BenchlearnError.of(
            "cmp_site_languages", {"text": text, "languages": ", ".join(LANGUAGES)}
        )
    return langs


def write_site(
    data: MeetingData,
    out: str | Path,
    langs: Sequence[str] = ("en",),
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SiteSummary:
    """Write the network's site into ``out``, replacing the folder as a whole.

    The site is written into a hidden sibling folder and swapped in when every page
    is there (:func:`benchlearn.outputs.whole_folder`), so a reader of ``out`` sees
    the last site or the new one, never a mix, and a run stopped half-way leaves the
    last site as it was. Files of one's own kept in ``out`` do not survive a rebuild.

    The pages are shared out among ``workers`` processes (default: one per idle
    processor, at most four, :func:`default_workers`) where the system can fork them;
    elsewhere, and with ``workers=1``, they are written in this process. Since the
    charts every member has are written from a template (:mod:`.drawn`), one process
    writes a network's site in a few seconds; more help only on a machine with idle
    processors.
    ``progress`` is told (pages written, pages in all) as pages are done, in small
    batches from the workers, so a caller can show a bar; the library itself prints
    nothing.
    """
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise BenchlearnError.of("cmp_not_folder", {"folder": str(target)})
    keys = page_keys(data)
    layout = Layout(tuple(langs), page_files(keys))  # every name settled before writing
    with whole_folder(target) as folder:
        done = _write_pages(data, folder, layout, keys, workers, progress)
        size = (folder / ASSETS / STYLE).stat().st_size
    total = size + sum(bytes_ for _, bytes_ in done)
    pages = sum(n for n, _ in done)
    return SiteSummary(target, target / "index.html", pages, total, tuple(langs))


def _write_pages(
    data: MeetingData,
    folder: Path,
    layout: Layout,
    keys: Sequence[str],
    workers: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[tuple[int, int]]:
    """Write the style and every page into ``folder`` (the new site, not yet in place); the
    pages written and their bytes, per batch."""
    (folder / ASSETS).mkdir(exist_ok=True)
    (folder / ASSETS / STYLE).write_text(site_style(), encoding="utf-8")
    jobs = [(lang, key) for lang in layout.langs for key in keys]
    count = workers or default_workers()
    if progress is not None:
        progress(0, len(jobs))
    # The network's and the indicators' pages draw charts of every member and take many
    # times a member's: each is a batch of its own, handed out first, so that no worker is
    # left with several of them at the end. The members' pages follow in batches small
    # enough for the bar to move and for idle workers to take the next one, large enough
    # that sending results back costs nothing worth counting.
    heavy = [[job] for job in jobs if not job[1].startswith("members/")]
    light = [job for job in jobs if job[1].startswith("members/")]
    size = max(1, min(25, len(jobs) // (count * 8)))
    done: list[tuple[int, int]] = []
    try:
        if count > 1 and len(jobs) > 50 and "fork" in multiprocessing.get_all_start_methods():
            # What every page reads is computed here, once, and the workers inherit it, as
            # they inherit the libraries every one of them draws and writes with: the
            # templates compiled, and a member's page written here first, which loads the
            # fonts, measures the texts and makes the downloads' workbook parts that every
            # page uses (each worker did all of that again, a second or more of a site).
            import gc

            for lang in layout.langs:
                _pages(data, lang).prepare()
            for template in ("network.html", "member.html", "indicator.html"):
                site_environment().get_template(template)
            if light:
                done.append(_write(data, folder, layout, light[:1]))
                light = light[1:]
            batches = heavy + [light[start : start + size] for start in range(0, len(light), size)]
            _SHARED[:] = [data, folder, layout, batches]
            # Objects made so far are left out of the workers' garbage collection, which
            # would otherwise touch (and so copy) every page of memory they share.
            gc.freeze()
            try:
                with multiprocessing.get_context("fork").Pool(count) as pool:
                    for written in pool.imap_unordered(_write_batch, range(len(batches))):
                        done.append(written)
                        if progress is not None:
                            progress(sum(n for n, _ in done), len(jobs))
            finally:
                gc.unfreeze()
        else:
            batches = heavy + [light[start : start + size] for start in range(0, len(light), size)]
            for batch in batches:
                done.append(_write(data, folder, layout, batch))
                if progress is not None:
                    progress(sum(n for n, _ in done), len(jobs))
    finally:
        _SHARED.clear()
        _RENDERERS.clear()
    return done


def default_workers() -> int:
    """As many processes as there are idle processors, from one to four: the processors
    less the system's load over the last minute. A busy machine gains nothing from more
    (the workers only wait their turn, and each costs a fork and memory), and with one
    process the site is written without forking at all."""
    processors = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:  # no load figure on this system: count every processor as idle
        busy = 0.0
    return max(1, min(4, processors, round(processors - busy)))


#: What the forked workers read: the data, the folder, the layout and the batches of
#: pages (set by :func:`write_site` just before forking).
_SHARED: list[Any] = []

#: Each language's :class:`Pages`, built once per process and kept across batches (a
#: worker writes many), cleared when the site is written.
_RENDERERS: dict[str, Any] = {}


def _write_batch(index: int) -> tuple[int, int]:
    data, folder, layout, batches = _SHARED
    return _write(data, folder, layout, batches[index])


@functools.cache
def site_environment() -> Environment:
    """The Jinja2 environment of the site's templates, built once per process: the static
    writer and the server (:mod:`benchlearn.server`) render with this one."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from benchlearn.site.cells import row_html

    environment = Environment(
        loader=PackageLoader("benchlearn.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["row_html"] = row_html
    return environment


def site_style() -> str:
    """The site's style sheet as written beside its pages (and served by the server)."""
    return Path(__file__).with_name(STYLE).read_text(encoding="utf-8") + colour_rules()


def page_keys(data: MeetingData) -> list[str]:
    """Every page of the network's site: ``index``, ``members/CODE``, ``indicators/CODE``,
    and ``efficiency/MODEL`` for each efficiency model the network declares."""
    return (
        ["index"] + [f"members/{m}" for m in data.members] + [f"indicators/{c}" for c in data.codes]
    ) + [f"efficiency/{view.model.code}" for view in data.efficiency]


def render_page(
    page: Pages, key: str, links: PageLinks, extra: Mapping[str, Any] | None = None
) -> tuple[str, list[Table]]:
    """One page of the site (``key`` as :func:`page_keys` names it) as HTML, with the tables
    its downloads are written from: what the static writer saves and the server sends.
    ``extra``: what only the server adds (``account_bar``: who is signed in, and the form
    to sign out)."""
    from benchlearn.site.downloads import download_names, page_tables
    from benchlearn.site.efficiency import efficiency_page

    if key == "index":
        context, template = page.network_page(), "network.html"
    elif key.startswith("members/"):
        context, template = page.member_page(key.split("/", 1)[1]), "member.html"
    elif key.startswith("efficiency/"):
        context, template = efficiency_page(page, key.split("/", 1)[1]), "efficiency.html"
    else:
        context, template = page.indicator_page(key.split("/", 1)[1]), "indicator.html"
    tables = page_tables(context)
    html = site_environment().get_template(template).render(
        **context, link=links.page, asset=links.asset, switch=links.switch(key), key=key,
        downloads=download_names(links.path) if tables else None, **(extra or {}),
    )  # fmt: skip
    return html, tables


def _pages(data: MeetingData, lang: str) -> Pages:
    """The :class:`~.pages.Pages` of ``lang``, built on first use in this process and kept
    (see :data:`_RENDERERS`)."""
    from benchlearn.site.pages import Pages

    if f"pages:{lang}" not in _RENDERERS:
        _RENDERERS[f"pages:{lang}"] = Pages(data, lang)
    page: Pages = _RENDERERS[f"pages:{lang}"]
    return page


def _write(
    data: MeetingData, folder: Path, layout: Layout, jobs: list[tuple[str, str]]
) -> tuple[int, int]:
    """Render and write ``jobs`` (language, page key); the pages written and their bytes."""
    from benchlearn.site.downloads import write_downloads

    size = 0
    for lang, key in jobs:
        page = _pages(data, lang)
        path = layout.path(lang, key)
        html, tables = render_page(page, key, PageLinks(path, lang, layout))
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        size += len(html.encode("utf-8")) + write_downloads(target, tables, lang)
    return len(jobs), size


@dataclass(frozen=True)
class Layout:
    """Where every page lives: the site's languages (the first at the top, each further
    one in its folder) and each page key's file name (:func:`page_files`)."""

    langs: tuple[str, ...]
    names: dict[str, str]

    def path(self, lang: str, key: str) -> str:
        """Where a page of ``lang`` lives, relative to the site's folder. A key outside the
        table (a unit a chart names that has no page of its own) gets the same rule alone."""
        name = self.names.get(key) or page_files([key])[key]
        return name if lang == self.langs[0] else f"{lang}/{name}"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    """``target`` as a link from ``folder`` (both within the site): worked out once per pair,
    since every page links to every member and indicator (a site asked 13,000 times)."""
    return posixpath.relpath(target, folder)


class PageLinks:
    """Relative links from one page (at ``path`` in the site): to pages of its language, to
    assets, to itself in the other languages. Relative, so the same links work in the
    folder and under the server's address of the site."""

    def __init__(self, path: str, lang: str, layout: Layout) -> None:
        self.path = path
        self.folder = posixpath.dirname(path) or "."
        self.lang, self.layout = lang, layout

    def _to(self, target: str) -> str:
        return _relative(target, self.folder)

    def page(self, key: str) -> str:
        return self._to(self.layout.path(self.lang, key))

    def asset(self, name: str) -> str:
        return self._to(f"{ASSETS}/{name}")

    def switch(self, key: str) -> list[tuple[str, str, bool]]:
        """(language, link, is this page) for each language of the site."""
        return [(lang, self._to(self.layout.path(lang, key)), lang == self.lang)
                for lang in self.layout.langs]  # fmt: skip


__all__ = [
    "Layout",
    "PageLinks",
    "SiteSummary",
    "languages_of",
    "page_files",
    "page_keys",
    "render_page",
    "site_environment",
    "site_style",
    "write_site",
]
