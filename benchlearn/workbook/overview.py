"""The workbook's first sheets: a cover that says what it is, the summary table, and a
municipality's position in words.

The cover tells a reader who opens the file cold which network, year and peers
it is about, how to read the colours and where the figures come from, and
lists the members in columns; the summary puts every member and indicator on
one table with the composite score, and names the members without figures in
a note; the position sheet says in sentences what ``benchlearn position``
prints.
"""

from __future__ import annotations

from typing import Any

from benchlearn.access import PUBLIC
from benchlearn.messages import alphabetical, percent, t
from benchlearn.views import change_mark, changed_indicators, comparator_text
from benchlearn.workbook.writer import (
    QUARTILE_COLOURS,
    SheetWriter,
    decimal_text,
    facts,
    fitting_width,
    is_missing,
)

#: The cover's columns: a label column, then the members in name and code pairs.
MEMBER_COLUMNS = 4


def cover_sheet(w: SheetWriter) -> None:
    """Network, year, peers and date; how to read the workbook; sources; the members."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_cover", lang))
    w.widths(ws, (23, 9) * MEMBER_COLUMNS)
    last = 2 * MEMBER_COLUMNS - 1
    w.paragraph(ws, 0, 0, t("title", lang, network=w.network_label), last, w.f_title_wrap,
                size=14)  # fmt: skip
    rows = facts(data, lang)
    row = 2
    for key, value in rows:
        w.text(ws, row, 0, key, w.f_bold)
        w.paragraph(ws, row, 1, value, last)
        row += 1
    row += 1
    w.text(ws, row, 0, t("how_to_read", lang), w.f_subtitle)
    row += 1
    ranked = any(data.definitions.indicators[c].ranked for c in data.codes)
    keys = ("read_rank", "read_colours", "read_bands", "read_grey", "read_neutral")
    for key in keys if ranked else ("wb_matrix_not_ranked", "read_grey"):
        w.paragraph(ws, row, 1, t(key, lang), last)
        row += 1
    for quartile in (1, 2, 3, 4) if ranked else ():
        fmt = w.book.add_format({"bg_color": QUARTILE_COLOURS[quartile], "align": "center"})
        ws.write_string(row, 0, t(f"quarter_{quartile}", lang), fmt)
        row += 1
    ws.write_string(row, 0, t("no_value", lang), w.f_grey)
    row += 1
    if any(data.definitions.indicators[c].statistic for c in data.codes):
        row += 1
        level = decimal_text(data.confidence, lang)
        reference = comparator_text(data, lang).lower()
        w.paragraph(
            ws, row, 1, t("read_significance", lang, level=level, reference=reference), last
        )
        row += 1
        for significance in ("better", "similar", "worse", "higher", "lower", "not compared"):
            w.text(ws, row, 0, w.significance_label(significance), w.judged(significance))
            row += 1
    row += 1
    w.text(ws, row, 0, t("sources", lang), w.f_subtitle)
    row += 1
    sources = sorted(
        {data.network.source_label(lang)}
        | {data.definitions.indicators[c].source_label(lang) for c in data.codes}
    )
    for source in (s for s in sources if s):
        w.paragraph(ws, row, 1, source, last)
        row += 1
    row += 1
    w.text(ws, row, 0, f"{t('members', lang)} ({len(data.members)})", w.f_subtitle)
    row += 1
    first = row
    # The members in columns, down then across in alphabetical order, each name with its
    # code beside it.
    down = -(-len(data.members) // MEMBER_COLUMNS)
    for i, code in enumerate(sorted(data.members, key=lambda m: alphabetical(w.name_of(m)))):
        at, col = first + i % down, 2 * (i // down)
        name = w.name_of(code)
        if code in data.joined:  # new this year
            name = f"{name} ({t('members_new_mark', lang)})"
        w.text(ws, at, col, name, w.f_wrap)
        w.text(ws, at, col + 1, code, w.f_text)
        w.fit_row(ws, at, [(col, name)])
    w.define("Members", w.sheet_names[-1], first, first + down - 1, last)
    if data.left:
        names = ", ".join(f"{w.name_of(c)} ({c})" for c in data.left)
        w.paragraph(ws, first + down + 1, 0, t("members_left", lang, year=data.year, names=names),
                    last)  # fmt: skip


def summary_sheet(w: SheetWriter) -> None:
    """Members by composite rank, every indicator's value in its quartile colour, the score.

    Members without any figure for the year are named once, in a note below
    the table, rather than as grey rows. A summary wider than a page prints
    over pages across, each with the names.
    """
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_summary", lang), header_row=0)
    codes = list(data.codes)
    # Beside each indicator with an earlier year, its change: arrow and figure, coloured
    # only when significant (the indicator sheets and the positions give the rank change).
    changed = changed_indicators(data, w.by_key)
    columns: dict[str, int] = {}
    labels = [t("municipality", lang), t("code", lang)]
    widths: list[float] = [26, 10]
    for code in codes:
        columns[code] = len(labels)
        labels.append(data.definitions.indicators[code].label_with_unit(lang))
        widths.append(12)
        if code in changed:
            ws.joined.add(len(labels))
            labels.append(t("change", lang, year=data.since.get(code)))
            widths.append(11)
    scored = not data.index.empty
    if scored:
        labels += [t("score", lang), t("rank", lang), t("rank_interval", lang), t("coverage", lang)]
    w.widths(ws, (*widths, 11, 7, 10, 10))
    w.header(ws, 0, labels)
    ws.repeat_columns(0, 1)
    ws.fixed = 2
    with_data = {m for (m, _), r in w.by_key.items() if r.status == ".." or not is_missing(r.value)}
    order = [m for m in data.index["municipality"] if m in with_data]
    order += [m for m in data.members if m in with_data and m not in set(order)]
    without = [m for m in data.members if m not in with_data]
    scores = data.index.set_index("municipality")
    for row, municipality in enumerate(order, start=1):
        w.text(ws, row, 0, w.name_of(municipality), w.f_wrap)
        w.text(ws, row, 1, municipality, w.f_text)
        w.fit_row(ws, row, [(0, w.name_of(municipality))])
        for code in codes:
            col = columns[code]
            found = w.by_key.get((municipality, code))
            if found is None:
                ws.write_blank(row, col, None, w.f_grey)
                continue
            ind = data.definitions.indicators[code]
            moved: Any = getattr(found, "value_change", None)
            if code in changed and not is_missing(moved) and found.status != "..":
                mark = change_mark(ind, found, lang)
                ws.write_number(row, col + 1, float(moved),
                                w.change(ind, mark.colour, mark.significant))  # fmt: skip
            quartile = None if is_missing(found.quartile) else int(found.quartile)
            w.value_cell(
                ws,
                row,
                col,
                ind,
                found.value,
                found.status,
                quartile,
                found.significance,
            )
        col = len(labels) - 4
        if municipality in scores.index:
            entry = scores.loc[municipality]
            coverage = float(entry["coverage"])
            w.text(ws, row, col + 3, percent(100 * coverage, lang, 0), w.f_center)
            if is_missing(entry["score"]):  # below the coverage needed: no score, no rank
                w.text(ws, row, col, t("not_ranked", lang), w.f_center)
            else:
                ws.write_number(row, col, float(entry["score"]), w.f_score)
                ws.write_number(row, col + 1, int(entry["rank"]), w.f_int)
                if not is_missing(entry["rank_low"]):
                    interval = f"{int(entry['rank_low'])}–{int(entry['rank_high'])}"
                    w.text(ws, row, col + 2, interval, w.f_center)
    ws.freeze_panes(1, 2)
    w.define("Summary", w.sheet_names[-1], 0, max(len(order), 1), len(labels) - 1)
    row = len(order) + 2
    last = w.page_columns(ws, len(labels) - 1)
    if without:
        names = ", ".join(f"{w.name_of(m)} ({m})" for m in without)
        note = t("wb_no_data_note", lang, year=data.year, count=len(without), names=names)
        w.paragraph(ws, row, 0, note, last)
        row += 2
    if changed:
        w.paragraph(ws, row, 0, t("ch_arrows", lang), last)
        row += 2
    if scored:
        needed = percent(100 * float(data.network.min_coverage), lang, 0)
        w.paragraph(ws, row, 0, t("read_coverage", lang, needed=needed), last)
        row += 2
    if w.matrix is not None:  # a self-assessment: how many members stand at each level
        w.paragraph(ws, row, 0, t("wb_matrix_not_ranked", lang), last)
        w.counts_grid(ws, row + 2, t("wb_matrix_counts", lang))


def position_sheets(w: SheetWriter) -> None:
    """For each profiled municipality, its position in words: the table and the sentences
    that ``benchlearn position`` prints."""
    for municipality in w.data.profiles:
        position_sheet(w, municipality)


def position_sheet(w: SheetWriter, municipality: str) -> None:
    """One municipality's position: a title, the compact table and the sentences."""
    from benchlearn.position import describe

    lang, data = w.lang, w.data
    found = describe(data, municipality, lang)
    ws = w.sheet(t("wb_sheet_position", lang, code=municipality), header_row=2, landscape=False)
    # Codes in small type, in a column just wide enough for the longest (a code has no spaces
    # to wrap at); the indicator's name takes the rest of the width.
    code_width = min(fitting_width(found.table["indicator"].astype(str), size=8), 30.0)
    # A self-assessment has no ranks: its column goes, the answers' counts get the room.
    ranked = any(data.definitions.indicators[c].ranked for c in data.codes)
    widths = (code_width, 49 - code_width, 18, 8, 13, 10, 9) if ranked else \
        (code_width, 45 - code_width, 16, 33, 9)  # fmt: skip
    w.widths(ws, widths)
    small = w.f_code
    title = t("wb_position_title", lang, name=found.name, code=municipality,
              network=w.network_label, year=data.year)  # fmt: skip
    w.paragraph(ws, 0, 0, title, 6 if ranked else 4, w.f_title_wrap, size=14)
    if data.audience != PUBLIC:  # a member's sheet is printed alone: it says for whom
        w.paragraph(ws, 1, 0, data.audience.label(lang, data.names), 6 if ranked else 4)
    labels = [t("code", lang), t("indicator", lang), t("value", lang), t("rank_of_n", lang),
              t("band", lang), t("wb_change", lang), t("ch_rank_change", lang)]  # fmt: skip
    w.header(ws, 2, labels if ranked else labels[:3] + labels[4:6])
    row = 3
    for cells in found.table.itertuples(index=False):
        texts = ["" if is_missing(c) else str(c) for c in cells]
        texts = texts if ranked else texts[:3] + texts[4:6]
        mark = found.marks.get(str(cells.indicator))
        for col, text in enumerate(texts):
            fmt = small if col == 0 else w.f_wrap
            if col == (5 if ranked else 4) and mark is not None:  # the arrow in its colour
                fmt = w.arrow(mark.colour, bold=mark.significant)
            elif col == 6:  # the rank change, apart from the change beside it
                fmt = w.f_center
            w.text(ws, row, col, text, fmt)
        w.fit_row(ws, row, list(enumerate(texts))[1:])
        row += 1
    row += 1
    for i, sentence in enumerate(found.sentences):
        row += 1 if i in found.breaks else 0
        w.paragraph(ws, row, 0, sentence, 6 if ranked else 4)
        row += 1
