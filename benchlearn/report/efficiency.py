"""The handout's efficiency page: where a member stands in each of the network's models.

It follows the handout (and the plans page) for a member of a network with
efficiency models: per model what it compares, the member's efficiency and rank,
its reference peers by name with their weights, and per input (or output) what it
uses, its target and what it could save (or gain), in money where the variable is
money; then the network's potential in a sentence, the efficiency adjusted for
structure, and what the structure explains. One page: what does not fit is drawn
smaller. The figures are gathered (:mod:`benchlearn.model_views`), as on the site
and in the workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.messages import number, percent, t
from benchlearn.model_views import describe, peer_names, stage_text
from benchlearn.report.document import frame_height, frame_width, table

if TYPE_CHECKING:
    from benchlearn.report.sections import Page


def efficiency_page(page: Page, municipality: str) -> list[Any]:
    """A page break and the member's efficiency page (nothing without models, or when the
    member is in none of them)."""
    from reportlab.platypus import KeepInFrame, PageBreak

    views = [v for v in page.data.efficiency if municipality in set(v.table["municipality"])]
    if not views:
        return []
    lang, s = page.lang, page.styles
    content: list[Any] = [s.p(t("eff_ho_title", lang, name=page.name(municipality)), s.heading)]
    for view in views:
        content += _model_part(page, view, municipality)
    return [PageBreak(), KeepInFrame(frame_width(), frame_height(), content, mode="shrink")]


def _model_part(page: Page, view: Any, municipality: str) -> list[Any]:
    from reportlab.platypus import Spacer

    lang, data, s, model = page.lang, page.data, page.styles, view.model
    row = view.table.set_index("municipality").loc[municipality]
    part: list[Any] = [
        s.p(model.label(lang), s.subheading),
        s.p(describe(data.definitions, model, lang), s.note),
    ]
    values = {
        "name": page.name(municipality),
        "efficiency": number(float(row["efficiency"]), lang, 3),
        "rank": int(row["rank"]),
        "count": len(view.table),
        "peers": peer_names(str(row["peers"]), page.name, lang),
        "share": percent(
            100 * abs(float(row["efficiency"]) - (model.orientation == "output")), lang
        ),
    }
    on_frontier = abs(float(row["efficiency"]) - 1) < 1e-9
    key = "eff_ho_frontier" if on_frontier else f"eff_ho_score_{model.orientation}"
    part.append(s.p(t(key, lang, **values), s.body))
    verb = "eff_col_saved" if model.orientation == "input" else "eff_col_gained"
    header = ["", t("eff_ho_actual", lang), t("eff_ho_target", lang),
              t(verb.replace("col", "ho"), lang)]  # fmt: skip
    rows: list[list[Any]] = [[s.p(h, s.head) for h in header]]
    gaps = view.potential.units[view.potential.units["municipality"] == municipality]
    for gap in gaps.itertuples(index=False):
        ind = data.definitions.indicator(str(gap.variable))
        decimals = ind.decimals if ind.decimals is not None else 1
        cells = [number(float(v), lang, decimals) for v in (gap.actual, gap.target, gap.potential)]
        rows.append([s.p(ind.label_with_unit(lang), s.cell),
                     *(s.p(c, s.cell_right) for c in cells)])  # fmt: skip
    width = frame_width()
    part.append(table(rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18]))
    part.append(Spacer(1, 4))
    for sentence in view.sentences(data.definitions, lang):
        part.append(s.p(sentence, s.body))
    adjusted = row.get("structure_adjusted")
    if view.stage is not None and adjusted is not None and adjusted == adjusted:
        said = t("eff_ho_adjusted", lang, efficiency=number(float(adjusted), lang, 3))
        part.append(s.p(said, s.body))
    part.append(s.p(stage_text(view, data.definitions, lang), s.note))
    return [*part, Spacer(1, 8)]
