"""The workbook's first two sheets: a cover that says what it is, and the summary table.

The cover tells a reader who opens the file cold which network, year and peers
it is about, how to read the colours and where the figures come from; the
summary puts every member and indicator on one screen with the composite score.
"""

from __future__ import annotations

import datetime as dt

from benchlearn.definitions import pick_text
from benchlearn.messages import t
from benchlearn.workbook.writer import QUARTILE_COLOURS, SheetWriter, is_missing, peer_basis_text


def cover_sheet(w: SheetWriter) -> None:
    """Network, year, peers and date; how to read the workbook; sources; the members."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_cover", lang))
    w.widths(ws, (24, 90))
    w.text(ws, 0, 0, t("title", lang, network=w.network_label), w.f_title)
    rows = [
        (t("network", lang), f"{data.network.code}: {w.network_label}"),
        (t("year", lang), str(data.year)),
        (t("peer_basis", lang), peer_basis_text(data.peers, lang)),
        (t("generated", lang), dt.date.today().isoformat()),
    ]
    if data.boundaries is not None:
        rows.append(("", t("boundaries_note", lang, year=data.boundaries)))
    description = pick_text(data.network.description, lang)
    if description:
        rows.append(("", description))
    row = 2
    for key, value in rows:
        w.text(ws, row, 0, key, w.f_bold)
        w.paragraph(ws, row, 1, value, 90)
        row += 1
    row += 1
    w.text(ws, row, 0, t("how_to_read", lang), w.f_subtitle)
    row += 1
    for key in ("read_rank", "read_colours", "read_bands", "read_grey", "read_neutral"):
        w.paragraph(ws, row, 1, t(key, lang), 90)
        row += 1
    for quartile in (1, 2, 3, 4):
        fmt = w.book.add_format({"bg_color": QUARTILE_COLOURS[quartile], "align": "center"})
        ws.write_string(row, 0, t(f"quarter_{quartile}", lang), fmt)
        row += 1
    ws.write_string(row, 0, t("no_value", lang), w.f_grey)
    row += 1
    if any(data.definitions.indicators[c].statistic for c in data.codes):
        row += 1
        w.paragraph(ws, row, 1, t("read_significance", lang, level=f"{data.confidence:g}"), 90)
        row += 1
        for significance in ("better", "similar", "worse", "higher", "lower", "not compared"):
            w.text(ws, row, 0, w.significance_label(significance), w.judged(significance))
            row += 1
    row += 1
    w.text(ws, row, 0, t("sources", lang), w.f_subtitle)
    row += 1
    sources = sorted(
        {data.network.source or ""}
        | {data.definitions.indicators[c].source or "" for c in data.codes}
    )
    for source in (s for s in sources if s):
        w.paragraph(ws, row, 1, source, 90)
        row += 1
    row += 1
    w.text(ws, row, 0, f"{t('members', lang)} ({len(data.members)})", w.f_subtitle)
    row += 1
    first = row
    for code in data.members:
        w.text(ws, row, 0, code)
        w.text(ws, row, 1, w.name_of(code))
        row += 1
    w.define("Members", w.sheet_names[-1], first, row - 1, 1)


def summary_sheet(w: SheetWriter) -> None:
    """Members by composite rank, every indicator's value in its quartile colour, the score."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_summary", lang), header_row=0)
    codes = list(data.codes)
    labels = [t("municipality", lang), t("code", lang)]
    labels += [f"{w.label(c)} ({data.definitions.indicators[c].unit_label(lang)})" for c in codes]
    labels += [t("score", lang), t("rank", lang), t("rank_interval", lang)]
    ws.set_row(0, 90)
    w.header(ws, 0, labels)
    w.widths(ws, (28, 11, *[13] * len(codes), 12, 12, 12))
    order = list(data.index["municipality"])
    order += [m for m in data.members if m not in set(order)]
    scores = data.index.set_index("municipality")
    for row, municipality in enumerate(order, start=1):
        w.text(ws, row, 0, w.name_of(municipality))
        w.text(ws, row, 1, municipality)
        for col, code in enumerate(codes, start=2):
            found = w.by_key.get((municipality, code))
            if found is None:
                ws.write_blank(row, col, None, w.f_grey)
                continue
            quartile = None if is_missing(found.quartile) else int(found.quartile)
            w.value_cell(
                ws,
                row,
                col,
                data.definitions.indicators[code],
                found.value,
                found.status,
                quartile,
                found.significance,
            )
        col = 2 + len(codes)
        if municipality in scores.index:
            entry = scores.loc[municipality]
            if not is_missing(entry["score"]):
                ws.write_number(row, col, float(entry["score"]), w.f_score)
                ws.write_number(row, col + 1, int(entry["rank"]), w.f_int)
                if not is_missing(entry["rank_low"]):
                    interval = f"{int(entry['rank_low'])}–{int(entry['rank_high'])}"
                    w.text(ws, row, col + 2, interval, w.f_center)
    ws.freeze_panes(1, 2)
    w.define("Summary", w.sheet_names[-1], 0, len(order), len(labels) - 1)
