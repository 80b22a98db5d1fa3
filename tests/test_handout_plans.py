"""The member's handout gets a plans page: progress bars and the effect chart, on SQLite and
PostgreSQL.

On the made-up network of :mod:`tests.test_effect`, Bauska (LV1) started a plan in 2020
to bring its social assistance recipients down to 20 per 1000 by 2023, learned from
Iecava (LV2), and a second one in 2022, whose twin fits poorly. The chart draws
``benchlearn effect``'s figures (its table is asserted in ``test_effect``): the
page shows the same study, its refusal as the sentence ``effect`` prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.commands import meeting
from benchlearn.database import make_engine
from benchlearn.plan_views import effect_chart, progress_bars
from benchlearn.report.document import Styles
from benchlearn.report.plans import plans_page
from benchlearn.report.sections import Page
from tests.test_effect import VALUES, db  # noqa: F401  (db: the fixture)
from tests.test_report import flat, pdftotext, text_of  # noqa: F401  (pdftotext: a fixture)

PLANS = [
    ["-m", "LV1", "-n", "NW", "--title", "Fewer on social assistance", "--title-lv",
     "Mazāk sociālās palīdzības saņēmēju", "--start", "2020", "--end", "2023", "--status",
     "active", "--target", "SOC:20:2023", "--learned-from", "LV2"],
    ["-m", "LV1", "-n", "NW", "--title", "Second plan", "--title-lv", "Otrais plāns",
     "--start", "2022", "--end", "2024", "--status", "active", "--target", "SOC:21:2024"],
    # after the panel's years, so LV3 stays a donor of LV1's twin
    ["-m", "LV3", "-n", "NW", "--title", "Dropped", "--start", "2023", "--end", "2025",
     "--status", "dropped", "--target", "SOC:20:2025"],
]  # fmt: skip


@pytest.fixture
def planned(db: str) -> str:  # noqa: F811
    for args in PLANS:
        done = CliRunner().invoke(cli, ["--db", db, "plans", "add", *args])
        assert done.exit_code == 0, done.output
    return db


def page_of(url: str, lang: str = "en", member: str = "LV1") -> Page:
    data = meeting(make_engine(url), "NW", 2022, municipalities=[member], draws=0,
                   with_similarity=False, with_effects=True)  # fmt: skip
    return Page(data, lang, Styles())


def test_the_handout_shows_the_plans_progress_and_effect(
    planned: str,
    tmp_path: Path,
    pdftotext: None,  # noqa: F811
) -> None:
    out = tmp_path / "h.pdf"
    done = CliRunner().invoke(
        cli, ["--db", planned, "report", "-m", "LV1", "-n", "NW", "--year", "2022", "-o", str(out)]
    )

    assert done.exit_code == 0, done.output
    pages = text_of(out)
    assert flat(pages[1]) == (
        "Bauskas novads · Social work · 2022 "
        "Plans of Bauskas novads "
        "Progress to 2022: each target's way from its baseline (left) to the target (right), the "
        "part covered in blue when on track and in orange when behind; the black tick is where "
        "a straight line from the baseline would stand. "
        "Fewer on social assistance (active, 2020–2023) Learned from: Iecavas novads "
        "Did it work? Social assistance recipients per 1000 "
        "Since 2020, Social assistance recipients per 1000 in Bauskas novads has been on average "
        "4.0 (15%) lower than in its synthetic twin (Iecavas novads 0.93; Talsu novads 0.07). "
        "A gap this large, for how well the twin fitted before, showed in 1 of the 8 "
        "municipalities compared (p = 0.125). "
        "Second plan (active, 2022–2024) "
        "Did it work? Social assistance recipients per 1000 "
        "Bauskas novads: no judgment on Social assistance recipients per 1000: before the start "
        "the twin missed by 1.96 on average (RMSPE), more than 25% of the spread between "
        "municipalities (7.04). Page 2 of 4"
    )


def test_the_plans_page_in_latvian(planned: str, tmp_path: Path, pdftotext: None) -> None:  # noqa: F811
    out = tmp_path / "h.pdf"
    args = ["report", "-m", "LV1", "-n", "NW", "--year", "2022", "-o", str(out)]
    done = CliRunner().invoke(cli, ["--db", planned, "--lang", "lv", *args])

    assert done.exit_code == 0, done.output
    text = flat(text_of(out)[1])
    assert text.startswith(
        "Bauskas novads · Social work · 2022 Plāni: Bauskas novads Izpilde līdz 2022. gadam: "
        "katra mērķa ceļš no bāzes vērtības (pa kreisi) līdz mērķim (pa labi); paveiktā daļa "
        "zila, ja virzās pēc plāna, oranža, ja atpaliek;"
    )
    assert (
        "Mazāk sociālās palīdzības saņēmēju (statuss: tiek īstenots, 2020–2023) Mācījās no: "
        "Iecavas novads Vai tas darbojās? Sociālās palīdzības saņēmēji uz 1000 Kopš 2020. gada "
        "Bauskas novadā rādītājs „Sociālās palīdzības saņēmēji uz 1000” bija vidēji par 4,0 "
        "(15 %) zemāks nekā tā sintētiskajā dvīnī (Iecavas novads 0,93; Talsu novads 0,07)."
    ) in text
    assert "pirms sākuma dvīnis atšķīrās vidēji par 1,96 (RMSPE)" in text


def test_the_bars_and_the_chart_draw_the_studys_figures(planned: str) -> None:
    page = page_of(planned)
    first, second = page.data.plans[:2]

    bars = progress_bars(page.data, first, "en")
    figure = effect_chart(page.data, page.data.effects[0], "en")

    # 24.0 in 2022 against a baseline of 22.3 in 2020 and a target of 20: the wrong way
    assert [(b.label, round(b.covered or 0, 4), round(b.expected or 0, 4), b.on_track,
             b.baseline, b.latest, b.target) for b in bars] == [
        ("Social assistance recipients per 1000, 2023", round(-1.7 / 2.3, 4), round(2 / 3, 4),
         False, "22.3 (2020)", "24.0 (2022)", "20.0 (2023)"),
    ]  # fmt: skip
    level, gaps = figure.axes
    actual, synthetic = (line.get_ydata() for line in level.get_lines()[:2])
    assert list(actual) == list(VALUES["LV1"])
    assert [round(v, 1) for v in synthetic] == [21.4, 22.8, 23.2, 24.4, 24.8, 26.2, 26.8, 28.0]
    drawn = gaps.get_lines()
    placebos = [line for line in drawn if line.get_color() == "#999999"]
    assert len(placebos) == 7  # every donor treated in turn
    own = [line for line in drawn if line.get_color() == "#1F4E78"][0]
    assert [round(v, 1) for v in own.get_ydata()][5:] == [-3.9, -4.1, -4.0]
    starts = [line.get_xdata()[0] for ax in figure.axes for line in ax.get_lines()
              if line.get_linestyle() == ":"]  # fmt: skip
    assert starts == [2019.5, 2019.5]
    assert (
        progress_bars(page.data, second, "en")[0].covered is None
    )  # its baseline is the latest value
    assert [(e.plan, e.study.result.verdict if e.study else None) for e in page.data.effects] == [
        (first.id, "no_effect"),
        (second.id, "poor_fit"),
    ]


def test_no_plans_page_for_a_member_without_one(planned: str) -> None:
    # LV3's only plan is dropped: neither a page nor a study
    page = page_of(planned, member="LV3")

    assert plans_page(page, "LV3") == []
    assert page.data.effects == ()


# --- the site's member page -----------------------------------------------------------


def test_the_site_member_page_has_the_plans_part(planned: str) -> None:
    from benchlearn.site.plans import plans_part

    page = page_of(planned)

    found = plans_part(page.data, "LV1", "en")

    assert found is not None
    first, second = found["plans"]
    assert (first["heading"], first["learned"]) == (
        "Fewer on social assistance (active, 2020–2023)",
        "Learned from: Iecavas novads",
    )
    # the box runs from -0.3 to 1.3 of the way: the baseline at 18.75 %, the target at 81.25 %
    assert first["bars"] == [
        {
            "label": "Social assistance recipients per 1000, 2023",
            "way": (18.8, 81.2),
            # -1.7 / 2.3 of the way, beyond the box's left edge: drawn to it
            "fill": (0.0, 18.8),
            "tick": round(100 * (0.3 + 2 / 3) / 1.6, 1),
            "css": "behind",
            "baseline": "22.3 (2020)",
            "latest": "24.0 (2022)",
            "target": "20.0 (2023)",
            "verdict": "no",
        }
    ]
    chart = first["effects"][0]["chart"]
    assert [[c.text for c in row] for row in chart.rows][4:] == [
        ["2019", "24.8", "24.8", "0.0"],
        ["2020", "22.3", "26.2", "-3.9"],
        ["2021", "22.7", "26.8", "-4.1"],
        ["2022", "24.0", "28.0", "-4.0"],
    ]
    assert chart.svg.startswith("<svg")
    assert second["effects"] == [
        {
            "heading": "Did it work? Social assistance recipients per 1000",
            "chart": None,
            "sentence": "Bauskas novads: no judgment on Social assistance recipients per 1000: "
            "before the start the twin missed by 1.96 on average (RMSPE), more than 25% of the "
            "spread between municipalities (7.04).",
        }
    ]
    assert plans_part(page.data, "LV2", "en") is None


def test_the_site_writes_the_plans_section_in_latvian(planned: str, tmp_path: Path) -> None:
    done = CliRunner().invoke(
        cli, ["--db", planned, "site", "-n", "NW", "--year", "2022", "--lang", "lv",
              "-o", str(tmp_path / "site")],
    )  # fmt: skip

    assert done.exit_code == 0, done.output
    html = (tmp_path / "site" / "members" / "LV1.html").read_text(encoding="utf-8")
    assert '<h2 id="plans">Plāni</h2>' in html
    assert "<h3>Mazāk sociālās palīdzības saņēmēju (statuss: tiek īstenots, 2020–2023)</h3>" in html
    assert '<span class="plan-fill behind" style="left:' in html
    assert "Kopš 2020. gada Bauskas novadā rādītājs" in html
    other = (tmp_path / "site" / "members" / "LV2.html").read_text(encoding="utf-8")
    assert 'id="plans"' not in other


def test_a_plan_older_than_the_figures_says_there_are_too_few_years(db: str) -> None:  # noqa: F811
    from benchlearn.site.plans import plans_part

    args = ["-m", "LV4", "-n", "NW", "--title", "Early", "--start", "2015", "--end", "2018",
            "--status", "done", "--target", "SOC:25:2018"]  # fmt: skip
    assert CliRunner().invoke(cli, ["--db", db, "plans", "add", *args]).exit_code == 0

    found = plans_part(page_of(db, member="LV4").data, "LV4", "lv")

    # effect itself stops at "no value in the fit years before 2015": a reader gets why
    assert found is not None
    assert found["plans"][0]["effects"] == [
        {
            "heading": "Vai tas darbojās? Sociālās palīdzības saņēmēji uz 1000",
            "chart": None,
            "sentence": "Cēsu novads: par rādītāju „Sociālās palīdzības saņēmēji uz 1000” "
            "spriedums netiek sniegts: dvīņa pielāgošanas gadu skaits pirms sākuma ir 0, bet "
            "vajag vismaz 3.",
        }
    ]


def test_a_documents_effect_uses_the_years_known_in_its_year(planned: str) -> None:
    from benchlearn.effect import plan_effects
    from benchlearn.plans.store import plans_for

    engine = make_engine(planned)
    plans = plans_for(engine, municipality="LV1")

    then = plan_effects(engine, plans, 2021)

    assert [(e.plan, e.indicator) for e in then] == [(1, "SOC")]  # plan 2 starts in 2022
    study = then[0].study
    assert study is not None
    assert study.result.years[-1] == 2021
