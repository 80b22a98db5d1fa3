"""The "Plans" part of a member's site page: progress bars in HTML and CSS, the effect chart.

The same as the handout's plans page (:mod:`benchlearn.report.plans`), built
from :mod:`benchlearn.plan_views`: per plan its title, status, years and
partners, a bar per target drawn with CSS (the covered share as the fill's
width, the straight line's place as a tick; the values written beside it, so
the bar is never the only signal), and the effect chart as inline SVG with the
table of its numbers and ``effect``'s sentence; a refusal is its sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.effect import PlanEffect
from benchlearn.messages import number, t
from benchlearn.plan_views import (
    effect_chart,
    effect_words,
    learned_from,
    plan_heading,
    progress_bars,
    shown_plans,
)
from benchlearn.site.cells import Cell, Chart
from benchlearn.site.figures import WIDTH, inline_svg

if TYPE_CHECKING:
    from benchlearn.charts import ProgressBar
    from benchlearn.meeting import MeetingData

#: How far either side of the way a bar may reach, as a share of the way: the bar's box
#: runs from −LEFT to 1 + RIGHT, so a value that went the wrong way shows left of the start.
LEFT, RIGHT = 0.3, 0.3


def plans_part(data: MeetingData, municipality: str, lang: str) -> dict[str, Any] | None:
    """What the member page's plans section shows (None for a member without plans): the
    ``read`` note and per plan its ``heading``, ``learned``, ``bars`` and ``effects``."""
    plans = shown_plans(data, municipality)
    if not plans:
        return None
    parts = []
    for plan in plans:
        bars = [bar_cells(bar, lang) for bar in progress_bars(data, plan, lang)]
        effects = [
            effect_cells(data, found, lang, f"{municipality}-{plan.id}-{found.indicator}")
            for found in data.effects
            if found.plan == plan.id
        ]
        heading, learned = plan_heading(plan, lang), learned_from(data, plan, lang)
        parts.append({"heading": heading, "learned": learned, "bars": bars, "effects": effects})
    return {"read": t("ho_plan_progress", lang, year=data.year), "plans": parts}


def bar_cells(bar: ProgressBar, lang: str) -> dict[str, Any]:
    """A bar's places as percentages of its box (from −:data:`LEFT` to 1 + :data:`RIGHT`) and
    its texts: ``start`` and ``end`` of the fill, ``tick`` (None without), ``css``."""
    span = 1 + LEFT + RIGHT

    def place(share: float) -> float:
        return round(100 * (min(max(share, -LEFT), 1 + RIGHT) + LEFT) / span, 1)

    covered = bar.covered
    low, high = (0.0, 0.0) if covered is None else sorted((0.0, covered))
    return {
        "label": bar.label,
        "way": (place(0.0), place(1.0)),
        "fill": (place(low), place(high)) if covered is not None else None,
        "tick": None if bar.expected is None else place(bar.expected),
        "css": "on-track" if bar.on_track else "behind",
        "baseline": bar.baseline,
        "latest": bar.latest,
        "target": bar.target,
        "verdict": "" if bar.on_track is None else t("wb_yes" if bar.on_track else "wb_no", lang),
    }


def effect_cells(data: MeetingData, found: PlanEffect, lang: str, key: str) -> dict[str, Any]:
    """An effect's ``heading``, ``chart`` (None for a refusal) and ``sentence``."""
    heading, said, drawn = effect_words(data, found, lang)
    study = found.study
    if not drawn or study is None:
        return {"heading": heading, "chart": None, "sentence": said}
    ind = data.definitions.indicators[found.indicator]
    result, decimals = study.result, study.decimals
    alt = t("eff_heading_gaps", lang, indicator=ind.label(lang),
            name=data.names.get(study.municipality, study.municipality))  # fmt: skip
    figure = effect_chart(data, found, lang, width=WIDTH)
    # rounded first, so a gap a little below zero is written 0.0, not -0.0
    cells = [(round(float(v), decimals) + 0.0 for v in row) for row in
             zip(result.actual, result.synthetic, result.gaps, strict=True)]  # fmt: skip
    rows = [
        [Cell(str(int(year))), *(Cell(number(v, lang, decimals), numeric=True) for v in row)]
        for year, row in zip(result.years, cells, strict=True)
    ]
    header = [t("year", lang), t("ho_effect_actual", lang), t("ho_effect_twin", lang),
              t("ho_effect_gap", lang)]  # fmt: skip
    chart = Chart(inline_svg(figure, key, alt), alt, alt, header, rows, key=f"effect-{key}")
    return {"heading": heading, "chart": chart, "sentence": said}
