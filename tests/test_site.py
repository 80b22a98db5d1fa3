"""The static web report: pages, links, languages, what they say, and what they never show.

The pages are read back as a reader's browser would get them: every local link
and anchor must lead somewhere, nothing may come from the internet, every chart
must carry a text alternative, a Latvian page must be Latvian, and data never
becomes markup. The browser itself opens the demo site in test_site_browser.py.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, write_site
from benchlearn.database import make_engine
from benchlearn.importing import import_file
from benchlearn.messages import number
from benchlearn.position import describe, headline
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.site.build import page_files
from tests.conftest import write
from tests.test_latvian_round import decimal_points, english_words, words

EVIL = "<script>alert(1)</script> & Co"
VALUES = """municipality,indicator,year,value,status
A1,COST,2022,100,
A1,POP,2022,10,
B2,COST,2022,300,
B2,POP,2022,20,
C3,COST,2022,123.456,..
C3,POP,2022,30,
A1,SHARE,2022,55.5,
B2,SHARE,2022,60,
C3,SHARE,2022,77.7,..
A1,COST,2023,110,
A1,POP,2023,10,
B2,COST,2023,310,
B2,POP,2023,20,
C3,COST,2023,130,
C3,POP,2023,30,
A1,SHARE,2023,58.25,
B2,SHARE,2023,61,
C3,SHARE,2023,66.6,..
"""
BAUSKA = "LV-016"
LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture
def small(workspace: Engine, tmp_path: Path) -> Engine:
    """The three-member workspace with confidential values and a name that is markup."""
    load_municipalities(workspace, write(tmp_path / "evil.csv", f'code,name\nB2,"{EVIL}"\n'))
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    return workspace


@pytest.fixture(scope="module")
def t2_site(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> tuple[Engine, Path]:
    """The T2 network's site on the 43 Latvian municipalities, in Latvian and English."""
    folder = tmp_path_factory.mktemp("latvia")
    engine = make_engine(latvian_database(["T2"], folder))
    write_site(engine, "T2", 2024, folder / "site", langs=("lv", "en"), draws=20)
    return engine, folder / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def text_of(page: Path) -> str:
    """What a reader reads on a page: its text, the charts' labels included, unescaped."""
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'aria-label="([^"]*)"', r"> \1 <", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_page_in_both_languages_and_every_link_leads_somewhere(
    t2_site: tuple[Engine, Path],
) -> None:
    engine, site = t2_site
    data = meeting(engine, "T2", 2024)
    found = {p.relative_to(site).as_posix() for p in pages(site)}
    expected = {"index.html"}
    expected |= {f"members/{m}.html" for m in data.members}
    expected |= {f"indicators/{c}.html" for c in data.codes}
    assert found == expected | {f"en/{name}" for name in expected}
    assert (site / "assets" / "site.css").is_file()

    broken = []
    for page in pages(site):
        body = page.read_text(encoding="utf-8")
        lang = "en" if page.relative_to(site).parts[0] == "en" else "lv"
        assert f'<html lang="{lang}">' in body, page
        for link in LINK.findall(body):
            if link == "data:,":  # the empty icon, so that no browser asks for one
                continue
            target, _, anchor = html.unescape(link).partition("#")
            path = (page.parent / target).resolve() if target else page
            if (
                not path.is_file()
                or anchor
                and f'id="{anchor}"' not in path.read_text(encoding="utf-8")
            ):
                broken.append((page.name, link))
    assert broken == []


def test_nothing_comes_from_the_internet_and_every_chart_has_a_text_alternative(
    t2_site: tuple[Engine, Path],
) -> None:
    _, site = t2_site
    charts = 0
    for page in pages(site):
        body = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:href|src)="(?:https?:)?//', body), page
        assert "<script" not in body and "@import" not in body
        for svg in re.findall(r"<svg\b[^>]*>", body):
            charts += 1
            assert 'role="img"' in svg and re.search(r'aria-label="[^"]{20,}"', svg), page
        # Every chart is a figure with a caption.
        assert (
            body.count("<svg") == body.count('<figure class="chart"') == body.count("<figcaption>")
        )
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    # The network's index chart, a spine and trends per member, three or more per indicator.
    assert charts >= 2 * (1 + 2 * 43 + 3 * 7)


def test_a_member_page_says_what_position_says_and_links_its_partners(
    t2_site: tuple[Engine, Path],
) -> None:
    engine, site = t2_site
    data = meeting(engine, "T2", 2024, municipalities=[BAUSKA], draws=0, with_similarity=False)
    said = describe(data, BAUSKA, "lv")
    page = site / "members" / f"{BAUSKA}.html"
    body = page.read_text(encoding="utf-8")
    text = " ".join(text_of(page).split())

    assert "<h1>Bauskas novads" in body
    for sentence in said.sentences:
        assert " ".join(sentence.split()) in text
    # The headline first, then the table, then each sentence an item of a list.
    lines = headline(data, BAUSKA, "lv")
    top = re.search(r'<div class="headline">(.*?)</div>', body, re.S)
    assert top is not None and body.index(top.group(0)) < body.index("<table")
    assert [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", top.group(1))] == lines
    items = [html.unescape(i) for i in re.findall(r"<li>(.*?)</li>", body)]
    said_once = [s for s in said.sentences if s not in lines]  # red-reds: in the headline
    assert [i for i in items if i in said.sentences] == said_once
    assert "<p>Bauskas novads:" not in body
    # The spine chart writes each value beside its marker, right of the names (size 7).
    spine = body[body.index('id="chart-spine"') :]
    spine = spine[: spine.index("</svg>")]
    names_at = min(float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*font-size: 8px', spine))
    values = re.findall(r'<text x="([\d.]+)"[^>]*font-size: 7px[^>]*>([^<]*)</text>', spine)
    shown = [str(r.value).split(" ")[0] for r in said.table.itertuples() if r.value]
    assert [v for _, v in values][: len(shown)] == shown
    assert all(float(x) > names_at for x, _ in values[: len(shown)])
    for partner in set(said.partners["partner"]):
        assert f'href="{partner}.html"' in body
    # The English page is the same member in English, and each links to the other.
    assert 'href="../en/members/LV-016.html" hreflang="en"' in body
    english = (site / "en" / "members" / f"{BAUSKA}.html").read_text(encoding="utf-8")
    assert 'href="../../members/LV-016.html" hreflang="lv"' in english
    assert "Where it stands" in english and "Pašvaldības stāvoklis" in body


def test_latvian_pages_have_no_english_and_no_decimal_point(
    t2_site: tuple[Engine, Path],
) -> None:
    _, site = t2_site
    catalogue = english_words()
    latvian = [p for p in pages(site) if p.relative_to(site).parts[0] != "en"]
    english: dict[str, list[str]] = {}
    points: dict[str, list[str]] = {}
    for page in latvian:
        text = text_of(page)
        # The sources are names of publishers (some of them English) and stay as they are.
        text = re.sub(r"Datu avoti:.*", "", text, flags=re.S)
        found = sorted(words(text) & catalogue)
        if found:
            english[page.name] = found
        dotted = decimal_points(text)
        if dotted:
            points[page.name] = dotted

    assert len(latvian) == 1 + 43 + 7
    assert english == {}
    assert points == {}


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_confidential_values_are_never_shown_and_names_never_become_markup(
    small: Engine, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "site"
    write_site(small, "T9", 2023, out, langs=(lang,), draws=20, workers=1)

    bodies = {p.name: p.read_text(encoding="utf-8") for p in pages(out)}
    everything = "\n".join(text_of(p) for p in pages(out))  # drawn or written
    assert "<script" not in "\n".join(bodies.values())
    assert html.escape(EVIL, quote=False) in bodies["B2.html"]
    for secret in (77.7, 66.6, 123.456):
        for decimals in (1, 2, 3):
            assert number(secret, lang, decimals) not in everything
    share = bodies["SHARE.html"]
    row = re.search(r"<tr>.*?C3.*?</tr>", share, re.S)
    assert row is not None and ">..<" in row.group()
    assert ".." in bodies["C3.html"]


def test_a_site_without_index_draws_draws_each_rank_as_its_own_interval(
    small: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    write_site(small, "T9", 2023, out, langs=("en",), draws=0, workers=1)

    index = text_of(out / "index.html")
    # The index chart is drawn (each member's rank its own interval), not a crash.
    assert "The composite index: each member's rank as a dot" in index


def test_site_command_output_and_its_errors(small: Engine, db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "site"
    args = ["--db", db_url, "site", "--network", "T9", "--year", "2023", "-o", str(out)]

    done = runner.invoke(cli, args)

    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert done.exit_code == 0, done.output
    assert done.output == (
        f"Wrote the site for T9 2023 into {out}: 6 pages (en), "
        f"{size / 1e6:.1f} MB. Open {out / 'index.html'}\n"
    )
    both = runner.invoke(cli, [*args, "--lang", "lv,en"])
    assert both.exit_code == 0, both.output
    assert both.output.startswith(f"Tīkla T9 2023. gada vietne ierakstīta mapē {out}: 12 lapas")
    assert (out / "en" / "members" / "A1.html").is_file()

    wrong = runner.invoke(cli, [*args, "--lang", "lv,de"])
    assert wrong.exit_code == 2
    assert "Invalid value for '--lang': 'lv,de': one or more of en, lv" in wrong.output
    (tmp_path / "file").write_text("x")
    taken = runner.invoke(cli, [*args[:-1], str(tmp_path / "file")])
    assert taken.exit_code == 2 and "is a file" in taken.output
    unknown = runner.invoke(cli, [*args[:4], "NOPE", *args[5:]])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: ") and "Traceback" not in unknown.output


def test_site_tells_its_progress_page_by_page_up_to_the_total(
    small: Engine, tmp_path: Path
) -> None:
    told: list[tuple[int, int]] = []

    write_site(
        small, "T9", 2023, tmp_path / "s", langs=("lv", "en"), progress=lambda *n: told.append(n)
    )

    assert told == [(done, 12) for done in range(13)]  # batches of one page on a small site


def test_forked_workers_tell_progress_as_batches_come_back(
    t2_site: tuple[Engine, Path], tmp_path: Path
) -> None:
    engine, _ = t2_site
    told: list[tuple[int, int]] = []

    found = write_site(
        engine, "T2", 2024, tmp_path / "s", draws=20, workers=2, progress=lambda *n: told.append(n)
    )

    counts = [done for done, _ in told]
    assert found.pages > 50  # enough pages to share out among processes
    assert told[0] == (0, found.pages) and told[-1] == (found.pages, found.pages)
    assert {total for _, total in told} == {found.pages}
    assert counts == sorted(set(counts)) and len(counts) > 3


@given(st.text(max_size=40), st.text(max_size=40))
def test_page_files_are_safe_names_in_their_folder_one_per_code(code: str, other: str) -> None:
    names = page_files([f"members/{code}", f"members/{other}"])
    name = names[f"members/{code}"]

    assert re.fullmatch(r"members/[A-Za-z0-9_-]+\.html", name)
    assert (name.casefold() == names[f"members/{other}"].casefold()) == (code == other)
    assert page_files(["index", "members/LV-016", "indicators/LV-016"]) == {
        "index": "index.html",
        "members/LV-016": "members/LV-016.html",
        "indicators/LV-016": "indicators/LV-016.html",
    }


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(max_codepoint=0x24F, categories=("L", "N", "P", "S", "Zs")),
                    min_size=1, max_size=30),
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=12,
    )
)  # fmt: skip
def test_compacted_svg_stays_well_formed_and_keeps_every_label(
    bars: list[tuple[str, float]],
) -> None:
    from benchlearn.definitions.model import IndicatorDefinition
    from benchlearn.site.drawn import rank_intervals_svg, ranked_bars_svg

    ind = IndicatorDefinition(code="X", name={"en": "X"}, unit="EUR", direction="higher")
    names = [f"{name.strip() or 'x'} {i}" for i, (name, _) in enumerate(bars)]
    rows = [(name, value, "#9DC3E6") for name, (_, value) in zip(names, bars, strict=True)]
    ranks = [(name, i + 1.0, i + 1.0, i + 2.0) for i, name in enumerate(names)]

    # The index and the ranking, written from the template.
    for svg in (
        rank_intervals_svg(ranks, "en", 'alt "text" & <more>'),
        ranked_bars_svg(rows, ind, "en", bars[0][1], 'alt "text" & <more>', "<median>"),
    ):
        root = ET.fromstring(svg)  # well-formed, ids and references intact
        ids = {e.get("id") for e in root.iter() if e.get("id")}
        references = {a or b for a, b in re.findall(r"url\(#([^)]+)\)|href=\"#([^\"]+)\"", svg)}
        assert references <= ids
        labels = {"".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")}
        assert set(names) <= labels
        assert root.get("aria-label") == 'alt "text" & <more>'


def contrast(one: str, other: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours written #RRGGBB."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_cell_colour_keeps_aa_contrast_with_its_text() -> None:
    from benchlearn.site.build import STYLE, colour_rules

    rules = re.findall(r"\.([\w-]+) \{ background: (#\w{6}); color: (#\w{6}); \}", colour_rules())
    css = (Path(__file__).parents[1] / "benchlearn" / "site" / STYLE).read_text(encoding="utf-8")
    variables = dict(re.findall(r"--([\w-]+): (#\w{6})", css))

    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert {name for name, _, _ in rules} >= {"q1", "q4", "sig-better", "sig-worse", "none"}
    assert {name: round(contrast(fill, ink), 1) for name, fill, ink in rules if
            contrast(fill, ink) < 4.5} == {}  # fmt: skip
    # Links, small codes and notes on white and on the tables' banded rows.
    for ink in ("accent", "muted", "ink"):
        for paper in ("#FFFFFF", variables["band"]):
            assert contrast(variables[ink], paper) >= 4.5, (ink, paper)


@pytest.mark.parametrize("low, high", [(0.37, 0.43), (6.8, 9.1), (-3.0, 1250.0), (0.0, 1.0)])
def test_charts_written_from_the_template_take_matplotlibs_ticks(low: float, high: float) -> None:
    from benchlearn.charts import new_figure
    from benchlearn.site.drawn import axis_ticks

    axes = new_figure(3.0, 2.0, layout=None).add_subplot()
    axes.set_ylim(low, high)
    axes.locator_params(axis="y", nbins=4)
    drawn = [float(tick) for tick in axes.get_yticks() if low <= tick <= high]

    assert axis_ticks(low, high, 4) == pytest.approx(drawn)


def test_a_spine_written_from_the_template_has_a_row_a_marker_and_a_legend_entry_each() -> None:
    from benchlearn.charts import SpineRow
    from benchlearn.site.drawn import spine_svg

    rows = [
        SpineRow("Costs & <more>", 0.5, -1.0, -0.4, 0.0, 0.3, 0.8, "#0072B2", "^"),
        SpineRow("A name long enough to wrap onto a second line here", None,
                 -0.6, -0.2, 0.0, 0.5, 1.0, "#999999", "D"),
    ]  # fmt: skip
    legend = [("better", "#0072B2", "^"), ("Peers' median", "#000000", "|")]

    svg = spine_svg(rows, legend, 7.5, "Spine of X")

    root = ET.fromstring(svg)
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Costs & <more>", "A name long enough to wrap onto a second",
                     "line here", "better", "Peers' median"]  # fmt: skip
    assert root.get("viewBox") == f"0 0 540 {(0.45 * 2 + 1.2) * 72:.1f}"
    assert root.get("aria-label") == "Spine of X" and root.get("role") == "img"
    # Per row two bars, the centre line and the tick; one marker where there is a value;
    # the axis; a marker per legend entry.
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) == 2 * 4 + 1 + 1 + 2


@pytest.mark.parametrize(
    ("processors", "load", "expected"),
    [(2, 0.1, 2), (2, 0.6, 1), (2, 7.5, 1), (8, 0.0, 4), (8, 5.2, 3), (1, 0.0, 1)],
)
def test_a_site_takes_one_worker_per_idle_processor(
    monkeypatch: pytest.MonkeyPatch, processors: int, load: float, expected: int
) -> None:
    from benchlearn.site import build

    monkeypatch.setattr(build.os, "cpu_count", lambda: processors)
    monkeypatch.setattr(build.os, "getloadavg", lambda: (load, load, load))
    assert build.default_workers() == expected
