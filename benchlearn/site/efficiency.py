"""A site page per efficiency model: what it compares, the network's potential, the
frontier (a chart for a model of one input and one output) and every member's row.

Kept apart from :mod:`.pages` (the network, members and indicators); it reads the
gathered :attr:`~benchlearn.meeting.MeetingData.efficiency` through a
:class:`~.pages.Pages` for the common parts and the number formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import general, number, t
from benchlearn.model_views import describe, peer_names, stage_text
from benchlearn.site.cells import Cell, Chart, member_key
from benchlearn.site.frontier import Point, frontier_svg

if TYPE_CHECKING:
    from benchlearn.site.pages import Pages


def efficiency_key(code: str) -> str:
    """The page key of an efficiency model's page."""
    return f"efficiency/{code}"


def efficiency_page(pages: Pages, code: str) -> dict[str, Any]:
    """The page of model ``code``: facts, potential, chart or table, members."""
    data, lang = pages.data, pages.lang
    view = next(v for v in data.efficiency if v.model.code == code)
    model = view.model
    side = list(model.inputs if model.orientation == "input" else model.outputs)
    gaps = view.potential.units.set_index(["municipality", "variable"])
    header = [t("rank", lang), t("municipality", lang), t("eff_col_efficiency", lang),
              t("eff_col_peers", lang)]  # fmt: skip
    verb = "eff_col_saved" if model.orientation == "input" else "eff_col_gained"
    for variable in side:
        name = pages.indicator(variable).label(lang)
        header += [
            t(key, lang, variable=name) for key in ("eff_col_actual", "eff_col_target", verb)
        ]
    adjusted = view.stage is not None
    if adjusted:
        header.append(t("eff_col_adjusted", lang))
    rows = []
    for r in records(view.table):
        row = [
            Cell(str(int(r.rank)), numeric=True),
            Cell(pages.name(r.municipality), member_key(r.municipality), code=r.municipality),
            Cell(number(float(r.efficiency), lang, 3), numeric=True),
            Cell(peer_names(str(r.peers), pages.name, lang)),
        ]
        for variable in side:
            gap = gaps.loc[(r.municipality, variable)]
            ind = pages.indicator(variable)
            row += [Cell(pages.format(ind, float(gap[k])), numeric=True)
                    for k in ("actual", "target", "potential")]  # fmt: skip
        if adjusted:
            value = getattr(r, "structure_adjusted", float("nan"))
            row.append(Cell(number(float(value), lang, 3) if value == value else "", numeric=True))
        rows.append(row)
    return {
        **pages.common(),
        "title": f"{model.label(lang)} ({code})",
        "code": code,
        "model_line": describe(data.definitions, model, lang),
        "potential": view.sentences(data.definitions, lang),
        "stage": stage_text(view, data.definitions, lang),
        "left_out": _left_out(pages, view, lang),
        "frontier": _frontier(pages, view) if view.drawable else None,
        "ranking_header": header,
        "ranking": rows,
        "ranking_title": t("eff_wb_title", lang, name=model.label(lang), year=data.year),
    }


def _left_out(pages: Pages, view: Any, lang: str) -> dict[str, str] | None:
    """Who is left out and for want of what: folded under the table (a hundred names
    would push the figures off the first screen)."""
    if not view.left_out:
        return None
    items = "; ".join(f"{pages.name(m)} ({', '.join(c)})" for m, c in view.left_out.items())
    return {"title": t("eff_site_left_out", lang, count=len(view.left_out)), "items": items}


def _frontier(pages: Pages, view: Any) -> Chart:
    """The members at (input, output), the efficient ones named, and the frontier."""
    lang, model = pages.lang, view.model
    x_code, y_code = model.inputs[0], model.outputs[0]
    scores = view.table.set_index("municipality")["efficiency"]
    points = [
        Point(pages.name(m), float(view.values.at[m, x_code]), float(view.values.at[m, y_code]),
              abs(float(scores[m]) - 1) < 1e-6)
        for m in view.values.index
    ]  # fmt: skip
    x_ind, y_ind = pages.indicator(x_code), pages.indicator(y_code)
    alt = t("eff_site_alt", lang, name=model.label(lang))
    svg = frontier_svg(points, model.returns, x_ind.label_with_unit(lang),
                       y_ind.label_with_unit(lang), lang, alt)  # fmt: skip
    efficient = [p for p in points if p.efficient]
    rows = [[Cell(p.name), Cell(general(p.x, lang), numeric=True),
             Cell(general(p.y, lang), numeric=True)] for p in efficient]  # fmt: skip
    header = [t("municipality", lang), x_ind.label_with_unit(lang), y_ind.label_with_unit(lang)]
    caption = t("eff_site_caption", lang, name=model.label(lang), count=len(efficient))
    return Chart(svg, alt, caption, header, rows, "frontier")
