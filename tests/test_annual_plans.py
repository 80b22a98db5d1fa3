"""The annual report's plans chapter, read back from the PDF, on SQLite and PostgreSQL.

P1 (:mod:`tests.test_plans`): A1's active plan with three targets, C3's finished one and
B2's dropped one; the chapter gives the figures of ``plans progress`` for 2024 (asserted
there against R's ``fisher.test``).
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine

from benchlearn.commands import write_report
from tests.test_plans import network, three_plans  # noqa: F401  (network: the fixture)
from tests.test_report import flat, pdftotext, text_of  # noqa: F401  (pdftotext: a fixture)


def chapter_lines(engine: Engine, path: Path, lang: str) -> tuple[str, list[list[str]]]:
    """The chapter's text from its heading, flat, and the table's lines (pdftotext -layout)
    as their cells: runs of two spaces or more part them."""
    write_report(engine, "P1", 2024, path, annual=True, lang=lang)
    heading = "Uzlabojumu plāni" if lang == "lv" else "Improvement plans"
    page = next(p for p in text_of(path, layout=True) if f"\n{heading}\n" in p)
    text = page[page.index(f"\n{heading}\n") + 1 :]
    cells = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]
    return flat(text), cells


def test_the_annual_report_sums_the_plans_up(
    network: Engine,  # noqa: F811
    tmp_path: Path,
    pdftotext: None,  # noqa: F811
) -> None:
    three_plans(network)

    text, cells = chapter_lines(network, tmp_path / "a.pdf", "en")

    assert text.startswith(
        "Improvement plans The network's members have 3 improvement plan(s) (active: 1; done: 1; "
        "dropped: 1). Of the 4 target(s) followed in 2024, on track: 1; changed significantly "
        "since the baseline: 3. "
    )
    rows = [c for c in cells if c[0] in ("Alpha A1", "Gamma C3")]
    assert rows == [
        ["Alpha A1", "Cost per", "120.00", "100.00", "90.00", "67%", "yes", "yes"],
        ["Alpha A1", "Share served in", "9.68 (2021)", "15.00", "20.00", "52%", "no", "yes"],
        ["Alpha A1", "Share satisfied", "62.00", "75.00", "80.00", "72%", "no", "yes"],
        ["Gamma C3", "Share served in", "8.00 (2021)", "9.90 (2023)", "12.00", "48%", "no", "no"],
    ]
    assert "Plan of B2" not in text  # dropped: counted, not followed


def test_the_plans_chapter_in_latvian(
    network: Engine,  # noqa: F811
    tmp_path: Path,
    pdftotext: None,  # noqa: F811
) -> None:
    three_plans(network)

    text, cells = chapter_lines(network, tmp_path / "a.pdf", "lv")

    assert text.startswith(
        "Uzlabojumu plāni Tīkla dalībniekiem ir uzlabojumu plāni: 3 (tiek īstenots: 1; "
        "īstenots: 1; atcelts: 1). No 2024. gadā vērtētajiem mērķiem (4) pēc plāna virzās 1, "
        "kopš bāzes vērtības nozīmīgi mainījušies 3."
    )
    assert [c[-3:] for c in cells if c[0] in ("Alpha A1", "Gamma C3")] == [
        ["67 %", "jā", "jā"],
        ["52 %", "nē", "jā"],
        ["72 %", "nē", "jā"],
        ["48 %", "nē", "nē"],
    ]


def test_the_good_practice_says_which_plans_learned_from_it_and_how_they_fare(
    network: Engine,  # noqa: F811
    tmp_path: Path,
    pdftotext: None,  # noqa: F811
) -> None:
    three_plans(network)  # A1's active plan learned from B2's "Front desk"

    said = {}
    for lang in ("en", "lv"):
        write_report(network, "P1", 2024, tmp_path / f"{lang}.pdf", annual=True, lang=lang)
        page = next(flat(p) for p in text_of(tmp_path / f"{lang}.pdf") if "Front desk" in p)
        said[lang] = page[page.index("Front desk") :]

    assert said["en"].startswith(
        "Front desk Plans that learned from it: Alpha, “Plan of A1” (active; targets on track: "
        "1 of 3). Improvement plans"
    )
    assert said["lv"].startswith(
        "Front desk No tās mācījušies plāni: Alpha, „A1 plāns” (tiek īstenots; mērķi pēc "
        "plāna: 1 no 3). Uzlabojumu plāni"
    )
    # the plans chapter names the plan in the report's language too
    assert "Alpha A1 A1 plāns Izmaksas uz iedzīvotāju" in said["lv"]
