"""The demo's web report in a real browser: headless Chromium opens every page.

Chromium and its driver come from the system (Debian's ``chromium`` and
``chromium-driver``; ``.ci/run`` installs them), driven by selenium with no
download. Each page must load without a console error, every link and file it
names must exist, every chart must be drawn with a size, and a member's own
page must show that member in its charts. Screenshots of the network's page and
of one member's page are kept (``BENCHLEARN_SCREENSHOTS`` names the folder; by
default the test's temporary folder) for people to look at.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from tests.browser import chromium

#: The demo it opens is built once for it and tests/test_samples.py (conftest.demo_run).
pytestmark = pytest.mark.xdist_group("demo")

MEMBER = "E06000001"  # Hartlepool


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def demo(demo_run: tuple[Path, str, int]) -> tuple[Path, str]:
    """The demo as a user runs it (conftest.demo_run, built once for this module and
    tests/test_samples.py): its folder with database, workbook and web report; and what it
    said."""
    where, output, exit_code = demo_run
    assert exit_code == 0, output
    return where / "benchlearn-demo", output


def test_the_demo_says_where_its_web_report_is(demo: tuple[Path, str]) -> None:
    folder, output = demo
    site = Path("benchlearn-demo") / "benchlearn-uk-asc-ASC-2021"  # as told from its folder

    assert (folder / "benchlearn-uk-asc-ASC-2021" / "index.html").is_file()
    lines = output.splitlines()
    at = lines.index(f"Web report: {site}, 165 pages")
    assert lines[at + 1] == f"  open {site / 'index.html'} in a browser (it needs no internet)"


def test_every_page_opens_without_errors_with_its_links_and_charts(
    demo: tuple[Path, str], browser: Any
) -> None:
    folder, _ = demo
    site = folder / "benchlearn-uk-asc-ASC-2021"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 157 + 7
    # Self-contained and small enough to mail or put on a share: a few MB for 157 councils.
    assert sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) < 8_000_000

    problems: list[str] = []
    for page in pages:
        browser.get(page.as_uri())
        errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        problems += [f"{page.name}: {message}" for message in errors]
        found = browser.execute_script(
            """
            const links = [...document.querySelectorAll('a[href], link[href]')].map(e => e.href);
            const charts = [...document.querySelectorAll('figure.chart')].map(f => {
                const svg = f.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                return [box.width, box.height, svg ? svg.querySelectorAll('path').length : 0];
            });
            const style = getComputedStyle(document.body).maxWidth;
            return {links, charts, style, lang: document.documentElement.lang};
            """
        )
        assert found["lang"] == "en"
        assert found["style"] != "none", f"{page.name}: the style sheet did not load"
        for link in found["links"]:
            if link.startswith("data:"):  # the empty icon: no request for /favicon.ico
                continue
            url = urlparse(link)
            if url.scheme != "file":
                problems.append(f"{page.name}: {link} leaves the site")
                continue
            target = Path(unquote(url.path))
            if not target.is_file():
                problems.append(f"{page.name}: {link} is missing")
            elif url.fragment and f'id="{url.fragment}"' not in target.read_text("utf-8"):
                problems.append(f"{page.name}: {link} has no such anchor")
        if page.parent.name in {"members", "indicators"}:
            assert found["charts"], f"{page.name} has no chart"
        for width, height, paths in found["charts"]:
            if not (width > 100 and height > 50 and paths > 0):
                problems.append(f"{page.name}: a chart is not drawn ({width}×{height})")
    assert problems == []


def test_a_member_page_shows_the_member_in_its_charts(
    demo: tuple[Path, str], browser: Any, tmp_path: Path
) -> None:
    folder, _ = demo
    site = folder / "benchlearn-uk-asc-ASC-2021"
    shots = Path(os.environ.get("BENCHLEARN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    browser.get((site / "members" / f"{MEMBER}.html").as_uri())
    found = browser.execute_script(
        """
        const text = id => [...document.querySelectorAll(`#chart-${id} svg text`)]
            .map(t => t.textContent);
        return {h1: document.querySelector('h1').textContent, trends: text('trends'),
                spine: text('spine'), focus: document.activeElement.tagName};
        """
    )
    assert found["h1"].startswith("Hartlepool")
    assert "Hartlepool" in found["trends"]  # its own line, named in the legend
    assert "Carer-reported quality of life" in found["spine"]
    # The first key press reaches the skip link, which leads to the content.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    _screenshot(browser, shots / "site-member.png")
    browser.get((site / "index.html").as_uri())
    _screenshot(browser, shots / "site-index.png")
    assert (shots / "site-member.png").stat().st_size > 50_000


def test_the_site_also_works_from_a_static_web_server(demo: tuple[Path, str], browser: Any) -> None:
    import functools
    import threading
    from http.server import ThreadingHTTPServer
    from urllib.request import urlopen

    site = demo[0] / "benchlearn-uk-asc-ASC-2021"
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for page in ("index.html", f"members/{MEMBER}.html", "indicators/ASC3.html"):
            browser.get(f"{base}/{page}")
            errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
            links = browser.execute_script(
                "return [...document.querySelectorAll('a[href], link[href]')].map(e => e.href);"
            )
            links = [link for link in links if not link.startswith("data:")]  # no favicon
            assert errors == []
            assert all(link.startswith(base) for link in links)
            for link in {link.split("#")[0] for link in links}:
                with urlopen(link) as answer:  # every link is served
                    assert answer.status == 200
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):  # type: ignore[misc]
    """A static web server that does not log every request to the test's output."""

    def log_message(self, format: str, *args: Any) -> None:
        return


def _screenshot(browser: Any, path: Path) -> None:
    """The whole page, as tall as it is (up to 8000 pixels)."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(int(height) + 100, 8000))
    browser.save_screenshot(str(path))
    browser.set_window_size(1280, 1000)


@pytest.fixture(scope="module")
def latvian_site(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> Path:
    """T2's site in Latvian for the 43 municipalities, 2024, as ``benchlearn site`` writes it."""
    folder = tmp_path_factory.mktemp("latvian-site")
    url = latvian_database(["T2"], folder)
    args = ["--db", url, "site", "-n", "T2", "--year", "2024", "--lang", "lv", "-o", "site"]
    done = CliRunner().invoke(cli, [*args[:-1], str(folder / "site")])
    assert done.exit_code == 0, done.output
    return folder / "site"


#: An A4 page less the style sheet's margins (12 mm a side), in CSS pixels (96 a inch).
A4_CONTENT_PX = int((210 - 24) / 25.4 * 96)


def test_a_member_page_prints_on_a4_portrait_without_cut_columns(
    latvian_site: Path, browser: Any, tmp_path: Path
) -> None:
    import base64
    import subprocess

    browser.get((latvian_site / "members" / "LV-016.html").as_uri())
    header = browser.execute_script(
        "return [...document.querySelectorAll('#position ~ .scroll th[scope=col]')]"
        ".map(th => th.textContent);"
    )
    last = browser.execute_script(
        "return [...document.querySelectorAll('#position ~ .scroll tbody tr')]"
        ".map(tr => tr.lastElementChild.textContent.trim());"
    )
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    path = tmp_path / "member.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True).stdout  # fmt: skip
    words = " ".join(text.split())
    # As the paper is laid out: no table wider than an A4 page's text, nothing to scroll.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.set_window_size(A4_CONTENT_PX + 16, 1000)  # the window's frame: 16 pixels
    try:
        wide = browser.execute_script(
            """
            const page = document.documentElement.clientWidth;
            return [...document.querySelectorAll('table, figure.chart svg')]
                .filter(e => e.getBoundingClientRect().width > 0)
                .filter(e => e.getBoundingClientRect().right > page + 0.5
                             || e.scrollWidth > e.clientWidth + 1)
                .map(e => (e.querySelector('caption') || e).textContent.slice(0, 40));
            """
        )
        hidden = browser.execute_script(
            "return ['nav', '.downloads', 'details.picker', 'figure.chart details']"
            ".flatMap(s => [...document.querySelectorAll(s)])"
            ".filter(e => getComputedStyle(e).display !== 'none').length;"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1280, 1000)

    assert "Page size:       594.96 x 841.92 pts (A4)" in info
    assert header[-2:] == ["Izmaiņas", "Vietas izmaiņas"] and len(header) == 7
    assert all(word in words for h in header for word in h.split())
    assert len(last) == 7 and all(value in words for value in last)  # the rank changes
    assert wide == []
    assert hidden == 0


def test_each_page_links_its_figures_as_csv_and_xlsx_equal_to_its_table(
    latvian_site: Path, browser: Any
) -> None:
    import re

    from openpyxl import load_workbook

    browser.get((latvian_site / "members" / "LV-016.html").as_uri())
    links = browser.execute_script(
        "return [...document.querySelectorAll('.downloads a')].map(a => a.href);"
    )
    page = browser.execute_script(
        "return [...document.querySelectorAll('#position ~ .scroll tbody tr')]"
        ".map(tr => [...tr.children].map(c => (c.firstChild ? c.firstChild.textContent : '').trim()));"
    )
    raw = (latvian_site / "members" / "LV-016.csv").read_bytes()
    table = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    sheet = load_workbook(latvian_site / "members" / "LV-016.xlsx").worksheets[0]
    book = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]

    def shown(text: str) -> float | None:
        """A number as the page writes it in Latvian (1 234,5; +1,2; 12,5 %; a change after
        its arrow, with a typographic minus or ±: ↓ −0,12, → ±0,0)."""
        text = text.lstrip("↑↓→ ").replace("\u2212", "-").replace("±", "")
        found = re.match(r"[+-]?\d[\d  ]*(,\d+)?(?=$| )", text)
        return (
            float(found.group().replace(" ", "").replace(" ", "").replace(",", "."))
            if found
            else None
        )

    assert [link.rsplit("/", 1)[-1] for link in links] == ["LV-016.csv", "LV-016.xlsx"]
    assert raw.startswith(b"\xef\xbb\xbf") and "Sociālā darba speciālisti" in raw.decode("utf-8")
    assert list(table.columns) == [
        "Rādītājs", "Rādītājs: kods", "Vērtība", "Vērtība: mērvienība", "Salīdzināmo mediāna",
        "Vieta no n", "Salīdzinājumā ar citiem", "Izmaiņas", "Vietas izmaiņas"]  # fmt: skip
    assert table["Rādītājs"].tolist() == [row[0] for row in page]
    changes = (("Izmaiņas", 5), ("Vietas izmaiņas", 6))
    for column, at in (("Vērtība", 1), ("Salīdzināmo mediāna", 2), *changes):
        expected = [shown(row[at]) for row in page]
        assert [float(v) if v else None for v in table[column]] == expected, column
        assert [row[list(table.columns).index(column)] for row in book] == expected, column
    assert table["Vieta no n"].tolist() == [row[3] for row in page]
    assert table["Salīdzinājumā ar citiem"].tolist() == [row[4] for row in page]


def test_the_index_offers_every_member_in_latvian_order(latvian_site: Path, browser: Any) -> None:
    from benchlearn.messages import alphabetical

    browser.get((latvian_site / "index.html").as_uri())
    picked = browser.execute_script(
        "return [...document.querySelectorAll('details.picker a')]"
        ".map(a => [a.textContent, a.href.split('/').slice(-2).join('/')]);"
    )
    names = [name for name, _ in picked]

    assert len(picked) == 43
    assert names == sorted(names, key=alphabetical)
    assert names.index("Krāslavas novads") < names.index("Ķekavas novads") < names.index(
        "Limbažu novads")  # fmt: skip
    assert all(href.startswith("members/LV-") and href.endswith(".html") for _, href in picked)
    assert (latvian_site / "index.csv").is_file() and (latvian_site / "index.xlsx").is_file()
