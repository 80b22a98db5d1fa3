"""Workbook sheets that are tables: similar municipalities, definitions, data, data quality.

They back the charts up: who is like whom, what every code means, every figure
as one long table to filter and pivot, and what in the data deserves a second
look before the meeting. Each prints on as few pages as it can without
shrinking below 70 %: one row per member, lists wrapped in their cells; the
long data table is for filtering and is not printed.
"""

from __future__ import annotations

from typing import Any

from benchlearn.definitions import pick_text
from benchlearn.frames import records
from benchlearn.messages import t, years_text
from benchlearn.workbook.writer import SheetWriter, decimal_text, fitting_width, is_missing

#: A robust z-score beyond this flags a value to check before anyone discusses it.
OUTLIER = 3.5
#: Fewer peers than this make a rank a weak signal, so the quality sheet says so.
FEW_PEERS = 5
#: Nearest neighbours shown for each member.
NEIGHBOURS = 5


def similar_sheet(w: SheetWriter) -> None:
    """Each member's nearest neighbours on one row, with its cluster and the variables used."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_similar", lang), header_row=3)
    name = w.sheet_names[-1]
    w.widths(ws, (22, 9, 8, *(19, 9) * NEIGHBOURS))
    last = 2 + 2 * NEIGHBOURS
    if data.neighbours is None:
        w.paragraph(ws, 0, 0, t("no_structural", lang), last)
        return
    definitions = data.definitions.indicators
    variables = []
    used = set(data.variables) if data.variables else {s.code for s in data.network.structural}
    for s in (s for s in data.network.structural if s.code in used):
        known = definitions.get(s.code)
        notes = [s.code] + (["log"] if s.log else [])
        if s.weight != 1:
            notes.append(f"× {decimal_text(s.weight, lang)}")
        if s.code in data.years:
            notes.append(years_text(data.years[s.code]))
        label = known.label(lang) if known is not None else s.code
        variables.append(f"{label} ({', '.join(notes)})")
    last_note = w.page_columns(ws, last)
    w.text(ws, 0, 0, t("variables", lang), w.f_bold)
    w.paragraph(ws, 0, 1, "; ".join(variables), last_note)
    left = [f"{w.name_of(m)} ({m}: {v})" for m, v in records(data.excluded)] if (
        data.excluded is not None
    ) else []  # fmt: skip
    if data.dropped:
        names = ", ".join(f"{w.label(c) if c in definitions else c} ({c})" for c in data.dropped)
        left.insert(0, t("wb_variables_dropped", lang, variables=names, year=data.year))
    if left:
        w.text(ws, 1, 0, t("left_out", lang), w.f_bold_wrap)
        w.paragraph(ws, 1, 1, "; ".join(left), last_note)
    fewer = [
        f"{w.name_of(m)} ({m}: {t('sim_without', lang, variables=v)})"
        for m, v in records(data.partial)
    ] if data.partial is not None else []  # fmt: skip
    if fewer:
        w.text(ws, 2, 0, t("sim_compared_on_fewer", lang), w.f_bold_wrap)
        w.paragraph(ws, 2, 1, "; ".join(fewer), last_note)
    labels = [t("municipality", lang), t("code", lang), t("cluster", lang)]
    for n in range(1, NEIGHBOURS + 1):
        labels += [t("wb_neighbour_n", lang, n=n), t("similarity", lang)]
    w.header(ws, 3, labels)
    clusters: dict[str, int] = {}
    if data.clusters is not None:
        clusters = {r.municipality: int(r.cluster) for r in records(data.clusters.assignments)}
    rows: dict[str, list[Any]] = {}
    for r in records(data.neighbours.sort_values(["municipality", "order"], kind="stable")):
        rows.setdefault(r.municipality, []).append(r)
    row = 3
    for municipality, found in rows.items():
        row += 1
        texts = [(0, w.name_of(municipality))]
        w.text(ws, row, 0, texts[0][1], w.f_wrap)
        w.text(ws, row, 1, municipality, w.f_text)
        if municipality in clusters:
            ws.write_number(row, 2, clusters[municipality], w.f_int)
        for i, r in enumerate(found[:NEIGHBOURS]):
            col = 3 + 2 * i
            neighbour = w.name_of(r.neighbour)
            w.text(ws, row, col, neighbour, w.f_wrap)
            ws.write_number(row, col + 1, float(r.similarity), w.f_sim)
            texts.append((col, neighbour))
        w.fit_row(ws, row, texts)
    w.define("Neighbours", name, 3, row, last)
    ws.freeze_panes(4, 1)


def definitions_sheet(w: SheetWriter) -> None:
    """Every indicator shown: code, name, unit, direction, formula, source, description.

    All in the workbook's language: a Latvian reader gets no English column.
    """
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_definitions", lang), header_row=0)
    labels = [
        t("code", lang),
        t("indicator", lang),
        t("unit", lang),
        t("direction", lang),
        t("formula", lang),
        t("source", lang),
        t("description", lang),
    ]
    codes = list(data.codes)
    for code in list(codes):  # components of derived indicators explain them
        codes += [c for c in sorted(data.definitions.indicators[code].components) if c not in codes]
    code_width = min(fitting_width(codes, size=8), 24.0)
    w.widths(ws, (code_width, 30, 14, 10, 22, 24, 62 - code_width), fmt=w.f_wrap)
    w.header(ws, 0, labels)
    for row, code in enumerate(codes, start=1):
        ind = data.definitions.indicators[code]
        cells = [
            code,
            ind.label(lang),
            ind.unit_label(lang),
            t(ind.direction, lang),
            ind.expression or "",
            ind.source_label(lang),
            pick_text(ind.description, lang),
        ]
        for col, value in enumerate(cells):
            small = w.f_code if col == 0 else w.f_code_wrap
            w.text(ws, row, col, value, small if col in (0, 4) else w.f_wrap)
        w.fit_row(ws, row, list(enumerate(cells))[1:])
    ws.freeze_panes(1, 1)
    w.define("Definitions", w.sheet_names[-1], 0, len(codes), len(labels) - 1)


def data_sheet(w: SheetWriter) -> None:
    """The long table behind it all, with an autofilter; confidential values as '..'.

    Each code has its name beside it, so a filter or a pivot table reads in
    words. It is for filtering, not for paper: its print area is a note that
    says so (the year's figures print on the indicator sheets).
    """
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_data", lang), header_row=0, landscape=False)
    labels = [
        t("code", lang),
        t("municipality", lang),
        t("wb_indicator_code", lang),
        t("indicator", lang),
        t("year", lang),
        t("value", lang),
        t("status", lang),
    ]
    w.widths(ws, (11, 24, 16, 36, 7, 12, 8))
    w.header(ws, 0, labels)
    note = len(labels) + 1
    w.widths(ws, [48], first=note)
    w.paragraph(ws, 0, note, t("wb_not_printed", lang, year=data.year))
    ws.print_range = (0, note, 0, note)
    history = data.history
    row = 0
    w.flush()  # the header first; the rows below are already in order
    write_string, write_number = ws.direct.write_string, ws.direct.write_number
    # Each indicator's own number format, as on the other sheets; the cell keeps the full value.
    definitions = data.definitions.indicators
    formats = {code: w.number(ind) for code, ind in definitions.items()}
    indicator_names = {code: ind.label(lang) for code, ind in definitions.items()}
    names = data.names
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
        write_string(row, 1, names.get(municipality, municipality))
        write_string(row, 2, code)
        write_string(row, 3, indicator_names.get(code, code))
        write_number(row, 4, year)
        if status == "..":
            write_string(row, 5, "..")
        elif value == value:
            write_number(row, 5, value, formats.get(code))
        if status:
            write_string(row, 6, status)
    strings = (
        4 * row + int((history["status"] == "..").sum()) + int(history["status"].notna().sum())
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
    w.widths(ws, (26, 12, 62, 12, 10))
    ranked = data.ranked
    definitions = data.definitions.indicators
    row = 0

    def section(
        title: str,
        header: list[str],
        rows: list[list[Any]],
        note: str = "",
        spans: tuple[int, ...] = (),
    ) -> None:
        """A titled table: text wraps in its cell, a column may span several sheet columns
        (``spans``, one per table column), a number is ``(value, format)`` or a count."""
        nonlocal row
        w.text(ws, row, 0, title, w.f_subtitle)
        row += 1
        if note:
            w.paragraph(ws, row, 0, note, 4)
            row += 1
        if not rows:
            if not note:
                w.text(ws, row, 0, t("none_found", lang))
            row += 2
            return
        widths = spans or (1,) * len(header)
        starts = [sum(widths[:i]) for i in range(len(widths))]
        for start, span in zip(starts, widths, strict=True):
            if span > 1:
                ws.merge_row(row, start, start + span - 1, w.f_header)
        for start, label in zip(starts, header, strict=True):
            ws.write_string(row, start, label, w.f_header)
        w.fit_row(ws, row, list(zip(starts, header, strict=True)))
        for cells in rows:
            row += 1
            for start, span, value in zip(starts, widths, cells, strict=True):
                if isinstance(value, tuple):  # (number, format)
                    ws.write_number(row, start, float(value[0]), value[1])
                elif isinstance(value, float | int) and not isinstance(value, bool):
                    ws.write_number(row, start, float(value), w.f_int)
                else:
                    w.paragraph(ws, row, start, str(value), start + span - 1)
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
    gaps = {m: tuple(c for c in data.codes if (m, c) not in present) for m in data.members}
    nothing = [m for m, missing in gaps.items() if len(missing) == len(data.codes)]
    note = ""
    if nothing:
        names = ", ".join(f"{w.name_of(m)} ({m})" for m in nothing)
        note = t("wb_no_data_note", lang, year=data.year, count=len(nothing), names=names)
    # Members missing the same indicators, together: a line per pattern, not per member.
    groups: dict[tuple[str, ...], list[str]] = {}
    for m, missing in gaps.items():
        if missing and m not in nothing:
            groups.setdefault(missing, []).append(m)
    patterns = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    section(
        t("missing_values", lang),
        [t("wb_missing_indicators", lang), t("members", lang),
         t("wb_missing_count", lang)],
        [
            ["; ".join(f"{w.label(c)} ({c})" for c in missing),
             ", ".join(f"{w.name_of(m)} ({m})" for m in members), len(members)]
            for missing, members in patterns
        ],
        note,
        (2, 2, 1),
    )  # fmt: skip
    flagged = ranked[ranked["robust_z"].abs() > OUTLIER]
    section(
        t("outliers", lang),
        [t("municipality", lang), t("code", lang), t("indicator", lang), t("value", lang),
         t("robust_z", lang)],
        [
            [w.name_of(r.municipality), r.municipality, f"{w.label(r.indicator)} ({r.indicator})",
             (float(r.value), w.number(definitions[r.indicator])), (float(r.robust_z), w.f_score)]
            for r in records(flagged)
        ],
    )  # fmt: skip
    few = ranked.groupby("indicator")["n"].max()
    section(
        t("few_peers", lang),
        [t("indicator", lang), t("code", lang), t("n_peers", lang)],
        [[w.label(str(c)), str(c), int(n)] for c, n in few.items() if int(n) < FEW_PEERS],
        spans=(2, 2, 1),
    )
    if data.boundaries is not None and "aggregated" in data.history:
        rebuilt = data.history[data.history["aggregated"].fillna(False).astype(bool)]
        section(
            t("aggregated", lang) + f" ({t('boundaries_note', lang, year=data.boundaries)})",
            [t("municipality", lang), t("code", lang), t("indicator", lang), t("year", lang)],
            [
                [w.name_of(r.municipality), r.municipality, w.label(r.indicator), int(r.year)]
                for r in records(rebuilt)
                if not is_missing(r.year)
            ],
        )
