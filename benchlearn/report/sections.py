"""Parts several reports print: the facts under a title, how to read the colours, the
sources, the members in columns, and the summary of every member and indicator.

The summary mirrors the workbook's: members by composite rank, each value in
its quarter's colour (or its significance colour where the indicator has
counts), confidential values as ``..``, members without any figure for the
year named once in a note. On paper it must stay readable for a network of
290: its columns are numbered with a key above the table, a wide network's
indicators go over several tables, and long tables run over pages with the
header repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchlearn.messages import alphabetical, general, number, percent, t
from benchlearn.report.document import (
    CM,
    GREY,
    Styles,
    frame_width,
    table,
)
from benchlearn.views import (
    LIGHT_TEXT,
    QUARTILE_COLOURS,
    SIGNIFICANCE_COLOURS,
    change_mark,
    changed_indicators,
    comparator_text,
    is_missing,
    ranking_tables,
    value_text,
)
from benchlearn.views import facts as cover_facts

if TYPE_CHECKING:
    from benchlearn.meeting import MeetingData

#: The summary's indicator columns per table in landscape; more go to a further table.
SUMMARY_COLUMNS = 8
#: The same with each indicator's change beside it: two columns each.
CHANGE_COLUMNS = 5
#: The width of a change's column ("↓ −12,34").
CHANGE_WIDTH = 1.9 * CM
#: The cover's member columns.
MEMBER_COLUMNS = 4


@dataclass
class Page:
    """What a report's pages read from the meeting data, computed once."""

    data: MeetingData
    lang: str
    styles: Styles

    def __post_init__(self) -> None:
        directions = {c: i.direction for c, i in self.data.definitions.indicators.items()}
        self.tables = ranking_tables(self.data.ranked, directions)
        self.by_key = {(r.municipality, r.indicator): r for rs in self.tables.values() for r in rs}
        self.network_label = self.data.network.label(self.lang)

    def name(self, code: str) -> str:
        """A municipality's name, or its code when the registry has none."""
        return self.data.names.get(code, code)

    def label(self, code: str) -> str:
        """An indicator's name in the report's language."""
        return self.data.definitions.indicators[code].label(self.lang)

    def with_data(self) -> tuple[list[str], list[str]]:
        """The members with a figure (or a confidential one) for the year, by composite rank
        then in member order, and the members without any."""
        found = {
            m for (m, _), r in self.by_key.items() if r.status == ".." or not is_missing(r.value)
        }
        order = [m for m in self.data.index["municipality"] if m in found]
        order += [m for m in self.data.members if m in found and m not in set(order)]
        return order, [m for m in self.data.members if m not in found]

    def no_data_note(self, without: Sequence[str]) -> Any | None:
        """The members without figures, named once."""
        if not without:
            return None
        names = ", ".join(f"{self.name(m)} ({m})" for m in without)
        text = t("wb_no_data_note", self.lang, year=self.data.year, count=len(without), names=names)
        return self.styles.p(text, self.styles.note)


def facts(page: Page, extra: Sequence[tuple[str, str]] = ()) -> list[Any]:
    """Network, year, peer basis, date and the network's description, as a two-column table."""
    s = page.styles
    rows = cover_facts(page.data, page.lang, extra)
    cells = [[s.p(k, s.cell_bold), s.p(v, s.cell)] for k, v in rows]
    return [table(cells, [5.4 * CM, frame_width() - 5.4 * CM], header=False)]


def how_to_read(page: Page) -> list[Any]:
    """The reading notes and the colours' legend (quarters, and significance with counts)."""
    from reportlab.platypus import Spacer

    lang, data, s = page.lang, page.data, page.styles
    story: list[Any] = [s.p(t("rp_how_to_read", lang), s.heading)]
    if not any(data.definitions.indicators[c].ranked for c in data.codes):
        return [*story, s.p(t("wb_matrix_not_ranked", lang))]  # no ranks, quarters or bands
    for key in ("read_rank", "read_colours", "read_bands", "read_grey", "read_neutral"):
        story.append(s.p(t(key, lang)))
    legend = [
        [s.p(t(f"quarter_{q}", lang), s.cell_centre) for q in (1, 2, 3, 4)]
        + [s.p(t("no_value", lang), s.cell_centre)]
    ]
    fills = [QUARTILE_COLOURS[q] for q in (1, 2, 3, 4)] + [GREY]
    story.append(_legend(legend, fills, set()))
    if any(data.definitions.indicators[c].statistic for c in data.codes):
        story.append(Spacer(1, 6))
        level = general(data.confidence, lang)
        reference = comparator_text(data, lang).lower()
        story.append(s.p(t("read_significance", lang, level=level, reference=reference)))
        kinds = ("better", "similar", "worse", "higher", "lower", "not compared")
        row = [[s.p(t(f"sig_{k.replace(' ', '_')}", lang), s.cell_centre) for k in kinds]]
        story.append(
            _legend(
                row,
                [SIGNIFICANCE_COLOURS[k] for k in kinds],
                {i for i, k in enumerate(kinds) if k in LIGHT_TEXT},
            )
        )
    return story


def _legend(row: list[list[Any]], fills: Sequence[str], light: set[int]) -> Any:
    from reportlab.lib import colors

    width = frame_width() / len(fills)
    commands: list[tuple[Any, ...]] = [("BOX", (0, 0), (-1, -1), 0.3, colors.HexColor("#BFBFBF"))]
    for i, fill in enumerate(fills):
        commands.append(("BACKGROUND", (i, 0), (i, 0), colors.HexColor(fill)))
        if i in light:
            commands.append(("TEXTCOLOR", (i, 0), (i, 0), colors.white))
    return table(row, [width] * len(fills), header=False, styles=commands)


def sources(page: Page) -> list[Any]:
    """Where the figures come from: the network's and every indicator's source, once each."""
    lang, data, s = page.lang, page.data, page.styles
    found = sorted(
        {data.network.source_label(lang)}
        | {data.definitions.indicators[c].source_label(lang) for c in data.codes}
    )
    return [s.p(t("sources", lang), s.heading)] + [s.p(x) for x in found if x]


def members(page: Page) -> list[Any]:
    """The members in columns, down then across in alphabetical order, each name with its
    code beside it."""
    lang, data, s = page.lang, page.data, page.styles
    story: list[Any] = [s.p(f"{t('members', lang)} ({len(data.members)})", s.heading)]
    down = -(-len(data.members) // MEMBER_COLUMNS)
    cells = [[""] * MEMBER_COLUMNS for _ in range(down)]
    for i, code in enumerate(sorted(data.members, key=lambda m: alphabetical(page.name(m)))):
        name = page.name(code)
        if code in data.joined:  # new this year, as the workbook cover and the site mark them
            name = f"{name} ({t('members_new_mark', lang)})"
        cells[i % down][i // down] = s.named(name, code)
    if cells:
        story.append(
            table(
                cells,
                [frame_width() / MEMBER_COLUMNS] * MEMBER_COLUMNS,
                header=False,
                styles=[("LINEBELOW", (0, 0), (-1, -1), 0, "white")],
            )
        )
    if data.left:
        names = ", ".join(f"{page.name(c)} ({c})" for c in data.left)
        story.append(s.p(t("members_left", lang, year=data.year, names=names)))
    return story


def fill_of(page: Page, code: str, r: Any) -> tuple[str | None, bool]:
    """A summary cell's fill and whether its text is white: the significance colour where the
    indicator has counts, else the quarter's where a direction is better; grey for no value."""
    ind = page.data.definitions.indicators[code]
    if r is None or r.status == ".." or is_missing(r.value):
        return GREY, False
    if ind.statistic is not None and isinstance(r.significance, str):
        return SIGNIFICANCE_COLOURS[r.significance], r.significance in LIGHT_TEXT
    if ind.direction != "neutral" and not is_missing(r.quartile):
        return QUARTILE_COLOURS[int(r.quartile)], False
    return None, False


def summary(page: Page, *, scores: bool = True, width: float | None = None) -> list[Any]:
    """Members × indicators in their colours, by composite rank, with the score; the columns
    numbered, their key above each table; members without figures in a note."""
    from reportlab.lib import colors
    from reportlab.platypus import Spacer

    lang, data, s = page.lang, page.data, page.styles
    width = width or frame_width("landscape")
    order, without = page.with_data()
    codes = list(data.codes)
    # Beside each indicator with an earlier year, its change: the arrow and the figure,
    # coloured only when significant, on white so that it never vanishes in a dark fill.
    changed = changed_indicators(data, page.by_key)
    per_table = CHANGE_COLUMNS if changed else SUMMARY_COLUMNS
    chunks = [codes[i : i + per_table] for i in range(0, len(codes), per_table)]
    index = data.index.set_index("municipality")
    story: list[Any] = []
    for part, chunk in enumerate(chunks):
        last = part == len(chunks) - 1
        with_scores = scores and last and not index.empty
        labels = {c: data.definitions.indicators[c].label_with_unit(lang) for c in chunk}
        key = [s.p(f"{codes.index(c) + 1} = {labels[c]}", s.small) for c in chunk]
        story += key
        story.append(Spacer(1, 3))
        head = [s.p(t("municipality", lang), s.head)]
        for c in chunk:
            head.append(s.p(str(codes.index(c) + 1), s.head))
            if c in changed:
                head.append(s.p(t("wb_change", lang), s.head))
        if with_scores:
            head += [
                s.p(t("score", lang), s.head),
                s.p(t("rank", lang), s.head),
                s.p(t("rank_interval", lang), s.head),
                s.p(t("coverage", lang), s.head),
            ]
        rows: list[list[Any]] = [head]
        commands: list[tuple[Any, ...]] = []
        for i, municipality in enumerate(order, start=1):
            cells: list[Any] = [s.named(page.name(municipality), municipality)]
            for code in chunk:
                j = len(cells)
                r = page.by_key.get((municipality, code))
                ind = data.definitions.indicators[code]
                text = "" if r is None else value_text(ind, r.value, r.status, lang)
                fill, light = fill_of(page, code, r)
                cells.append(s.p(text, _white(s) if light else s.cell_right))
                if fill is not None:
                    commands.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(fill)))
                if code in changed:
                    mark = None if r is None else change_mark(ind, r, lang)
                    cells.append("" if mark is None else s.p(mark.text, s.change(mark.colour)))
            if with_scores and municipality in index.index:
                entry: Any = index.loc[municipality]
                coverage = s.p(percent(100 * float(entry["coverage"]), lang, 0), s.cell_right)
                if not is_missing(entry["score"]):
                    interval = ""
                    if not is_missing(entry["rank_low"]):
                        interval = f"{int(entry['rank_low'])}–{int(entry['rank_high'])}"
                    cells += [
                        s.p(number(float(entry["score"]), lang, 1), s.cell_right),
                        s.p(str(int(entry["rank"])), s.cell_right),
                        s.p(interval, s.cell_centre),
                        coverage,
                    ]
                else:  # below the coverage needed: said, not scored
                    cells += [s.p(t("not_ranked", lang), s.cell), "", "", coverage]
            while len(cells) < len(head):
                cells.append("")
            rows.append(cells)
        name_width = 5.2 * CM
        extra = (3 * 1.9 + 2.4) * CM if with_scores else 0.0  # coverage: "Datu pārklājums"
        moves = sum(c in changed for c in chunk)
        room = width - name_width - extra - moves * CHANGE_WIDTH
        column = min(room / max(len(chunk), 1), 2.6 * CM)
        scored = [1.9 * CM] * 3 + [2.4 * CM] if with_scores else []
        widths = [name_width]
        for c in chunk:
            widths += [column, CHANGE_WIDTH] if c in changed else [column]
        widths += scored
        commands.append(("GRID", (1, 0), (-1, -1), 0.3, colors.white))
        story.append(table(rows, widths, styles=commands))
        story.append(Spacer(1, 8))
    if changed:
        story.append(s.p(t("ch_arrows", lang), s.note))
    note = page.no_data_note(without)
    if note is not None:
        story.append(note)
    return story


def _white(s: Styles) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("cell_white", parent=s.cell_right, textColor=colors.white)
