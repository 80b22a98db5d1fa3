"""Workbook sheets that are tables: similar municipalities, definitions, data, data quality.

They back the charts up: who is like whom, what every code means, every figure
as one long table to filter and pivot, and what in the data deserves a second
look before the meeting.
"""

from __future__ import annotations

from typing import Any

from benchlearn.definitions import pick_text
from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.workbook.writer import SheetWriter

#: A robust z-score beyond this flags a value to check before anyone discusses it.
OUTLIER = 3.5
#: Fewer peers than this make a rank a weak signal, so the quality sheet says so.
FEW_PEERS = 5


def similar_sheet(w: SheetWriter) -> None:
    """Each member's five nearest neighbours, and the clusters, with the variables used."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_similar", lang), header_row=3)
    name = w.sheet_names[-1]
    w.widths(ws, (28, 8, 28, 11, None, 28, 10))  # neighbours, a gap, clusters
    if data.neighbours is None:
        w.text(ws, 0, 0, t("no_structural", lang), w.f_wrap)
        return
    variables = [
        f"{s.code}{' (log)' if s.log else ''}{'' if s.weight == 1 else f' ×{s.weight:g}'}"
        for s in data.network.structural
    ]
    w.text(ws, 0, 0, t("variables", lang), w.f_bold)
    w.text(ws, 0, 2, ", ".join(variables))
    if data.excluded is not None and len(data.excluded):
        w.text(ws, 1, 0, t("left_out", lang), w.f_bold)
        w.text(
            ws,
            1,
            2,
            "; ".join(f"{w.name_of(m)} ({v})" for m, v in records(data.excluded)),
        )
    w.header(
        ws,
        3,
        [t("municipality", lang), t("order", lang), t("neighbour", lang), t("similarity", lang)],
    )
    row = 4
    for r in records(data.neighbours):
        w.text(ws, row, 0, w.name_of(r.municipality))
        ws.write_number(row, 1, int(r.order), w.f_int)
        w.text(ws, row, 2, w.name_of(r.neighbour))
        ws.write_number(row, 3, float(r.similarity), w.f_sim)
        row += 1
    w.define("Neighbours", name, 3, row - 1, 3)
    if data.clusters is not None:
        w.header(ws, 3, [t("municipality", lang), t("cluster", lang)], col=5)
        for i, r in enumerate(records(data.clusters.assignments), start=4):
            w.text(ws, i, 5, w.name_of(r.municipality))
            ws.write_number(i, 6, int(r.cluster), w.f_int)


def definitions_sheet(w: SheetWriter) -> None:
    """Every indicator shown: code, names, unit, direction, formula, source, description."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_definitions", lang), header_row=0)
    labels = [
        t("code", lang),
        t("name_en", lang),
        t("name_lv", lang),
        t("unit", lang),
        t("direction", lang),
        t("formula", lang),
        t("source", lang),
        t("description", lang),
    ]
    w.header(ws, 0, labels)
    w.widths(ws, (24, 34, 34, 16, 14, 30, 30, 70), fmt=w.f_wrap)
    codes = list(data.codes)
    for code in list(codes):  # components of derived indicators explain them
        codes += [c for c in sorted(data.definitions.indicators[code].components) if c not in codes]
    for row, code in enumerate(codes, start=1):
        ind = data.definitions.indicators[code]
        cells = [
            code,
            ind.name.get("en", ""),
            ind.name.get("lv", ""),
            ind.unit_label(lang),
            t(ind.direction, lang),
            ind.expression or "",
            ind.source or "",
            pick_text(ind.description, lang),
        ]
        longest = max(len(cells[-1]) / 66, len(cells[6]) / 28, len(cells[1]) / 32, 1)
        ws.set_row(row, 15 * (int(longest) + 1))
        for col, value in enumerate(cells):
            w.text(ws, row, col, value, w.f_wrap)
    ws.freeze_panes(1, 1)
    w.define("Definitions", w.sheet_names[-1], 0, len(codes), len(labels) - 1)


def data_sheet(w: SheetWriter) -> None:
    """The long table behind it all, with an autofilter; confidential values as '..'.

    Codes rather than names keep it compact and easy to pivot; the Cover and
    Definitions sheets name every code.
    """
    lang, data = w.lang, w.data
    # Portrait: a long table for filtering and pivoting prints on half as many pages.
    ws = w.sheet(t("sheet_data", lang), header_row=0, landscape=False)
    labels = [t("municipality", lang), t("indicator", lang), t("year", lang), t("value", lang),
              t("status", lang)]  # fmt: skip
    w.header(ws, 0, labels)
    w.widths(ws, (16, 16, 7, 12, 12))
    history = data.history
    row = 0
    w.flush()  # the header first; the rows below are already in order
    write_string, write_number = ws.direct.write_string, ws.direct.write_number
    # Each indicator's own number format, as on the other sheets; the cell keeps the full value.
    formats = {code: w.number(ind) for code, ind in data.definitions.indicators.items()}
    for municipality, code, year, value, status in zip(
        history["municipality"].tolist(),
        history["indicator"].tolist(),
        history["year"].tolist(),
        history["value"].tolist(),
        history["status"].tolist(),
        strict=True,
    ):
        row += 1
        write_string(row, 0, municipality)
        write_string(row, 1, code)
        write_number(row, 2, year)
        if status == "..":
            write_string(row, 3, "..")
        elif value == value:
            write_number(row, 3, value, formats.get(code))
        if status:
            write_string(row, 4, status)
    strings = (
        2 * row + int((history["status"] == "..").sum()) + int(history["status"].notna().sum())
    )
    w.counts["write_string"] += strings
    w.counts["write_number"] += row + int(
        history["value"].notna().sum() - (history["status"] == "..").sum()
    )
    ws.autofilter(0, 0, max(row, 1), len(labels) - 1)
    ws.freeze_panes(1, 0)
    w.define("Data", w.sheet_names[-1], 0, row, len(labels) - 1)


def quality_sheet(w: SheetWriter) -> None:
    """Missing values, possible outliers, indicators with few peers, aggregated figures."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_quality", lang))
    w.widths(ws, (30, 40, 14, 14))
    ranked = data.ranked
    row = 0

    def section(title: str, header: list[str], rows: list[list[Any]]) -> None:
        nonlocal row
        w.text(ws, row, 0, title, w.f_subtitle)
        row += 1
        if not rows:
            w.text(ws, row, 0, t("none_found", lang))
            row += 2
            return
        w.header(ws, row, header)
        for cells in rows:
            row += 1
            for col, value in enumerate(cells):
                if isinstance(value, float | int) and not isinstance(value, bool):
                    ws.write_number(row, col, float(value))
                else:
                    w.text(ws, row, col, value)
        row += 2

    present = {
        (m, c)
        for m, c, v, s in zip(
            ranked["municipality"],
            ranked["indicator"],
            ranked["value"],
            ranked["status"],
            strict=True,
        )
        if v == v or s == ".."
    }
    missing = [
        [w.name_of(m), w.label(c)]
        for m in data.members
        for c in data.codes
        if (m, c) not in present
    ]
    section(t("missing_values", lang), [t("municipality", lang), t("indicator", lang)], missing)
    flagged = ranked[ranked["robust_z"].abs() > OUTLIER]
    section(
        t("outliers", lang),
        [t("municipality", lang), t("indicator", lang), t("value", lang), t("robust_z", lang)],
        [
            [
                w.name_of(r.municipality),
                w.label(r.indicator),
                float(r.value),
                round(float(r.robust_z), 2),
            ]
            for r in records(flagged)
        ],
    )
    few = ranked.groupby("indicator")["n"].max()
    section(
        t("few_peers", lang),
        [t("indicator", lang), t("n_peers", lang)],
        [[w.label(str(c)), int(n)] for c, n in few.items() if int(n) < FEW_PEERS],
    )
    if data.boundaries is not None and "aggregated" in data.history:
        rebuilt = data.history[data.history["aggregated"].fillna(False).astype(bool)]
        section(
            t("aggregated", lang) + f" ({t('boundaries_note', lang, year=data.boundaries)})",
            [t("municipality", lang), t("indicator", lang), t("year", lang)],
            [
                [w.name_of(r.municipality), w.label(r.indicator), int(r.year)]
                for r in records(rebuilt)
            ],
        )
