"""Paper and chart geometry for the workbook: pure numbers, no xlsxwriter.

How many lines a text takes in a column, what scale a sheet prints at, where
its pages break, where a line chart's axis ends. (Which indicators form a
matrix of areas × stages is :func:`benchlearn.definitions.matrix.matrix_of`.) The writer
(:mod:`benchlearn.workbook.writer`) applies them to the sheets.

The workbook is set in Arial 10: its digits are 7 pixels wide, as Calibri 11's
are, so xlsxwriter's pixel arithmetic holds, and LibreOffice draws it with
Liberation Sans, which has Arial's metrics. (Calibri's twin, Carlito, is often
missing where LibreOffice is installed, and its stand-in is a third wider, so a
sheet laid out for Calibri spills onto extra pages there.)
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

#: The body of an A4 page inside the writer's margins, in points (width, height), as
#: LibreOffice lays it out: it keeps a little more room for the footer than Excel does.
BODY = {False: (523.0, 730.0), True: (769.0, 476.0)}  # landscape → (width, height)
#: Printed points per pixel of column width: 0.75 in Excel; Liberation Sans is a little wider.
POINTS_PER_PIXEL = 0.8
#: Below this a printed sheet is too small to read: wider sheets print over several pages.
MIN_SCALE = 70
#: Every row is this tall (points) unless set: 20 pixels.
ROW = 15.0
#: One line of wrapped Arial 10, in points.
LINE = 12.75
#: Pixels between a chart or an image and the page break above it (row heights round a
#: little differently in every spreadsheet, so an object right on a break would show a sliver).
GAP = 6


def column_pixels(width: float) -> int:
    """A column's width in pixels, as xlsxwriter and Excel count it (0 when hidden)."""
    if width <= 0:
        return 0
    if width < 1:
        return int(width * 12 + 0.5)
    return int(width * 7 + 0.5) + 5


def column_breaks(widths: dict[int, int], room: float, joined: set[int], fixed: int) -> list[int]:
    """The columns pages across start at, when every page holds the ``fixed`` leading
    columns again and a column in ``joined`` stays on the page of the one before it (an
    indicator's value and its change): Excel's own breaks would cut such a pair."""
    repeat = sum(widths.get(c, 0) for c in range(fixed))
    breaks: list[int] = []
    used, col, last = 0.0, 0, max(widths, default=-1)
    while col <= last:
        end = col
        while end + 1 in joined:
            end += 1
        group = sum(widths.get(c, 0) for c in range(col, end + 1))
        if used + group > room and used > repeat:
            breaks.append(col)
            used = repeat
        used += group
        col = end + 1
    return breaks


def print_scale(pixels: Iterable[float], landscape: bool) -> int:
    """The print scale (%) at which the widest block of columns fits one page width.

    Never above 100 and never below :data:`MIN_SCALE`: a block wider than that
    prints over more than one page across.
    """
    widest = max(pixels, default=0.0)
    if widest <= 0:
        return 100
    fit = int(BODY[landscape][0] / (widest * POINTS_PER_PIXEL) * 100)
    return max(MIN_SCALE, min(100, fit))


#: Arial's advance widths in thousandths of an em, by character (Latvian letters with their
#: base letter's width); anything else is taken as wide as a capital.
_ARIAL = {
    **dict.fromkeys("iljīļĮį'|!.,:;", 222),
    **dict.fromkeys(" ftI/\\[]", 278),
    **dict.fromkeys('r-()"*', 333),
    **dict.fromkeys("ckszvxyJčķšž", 500),
    **dict.fromkeys("abdeghnopqu0123456789āēģņūL_$#?", 556),
    **dict.fromkeys("+<>=~^", 584),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXYĀĒĶŠ&", 667),
    **dict.fromkeys("CDHNRUwČŅŪ%", 722),
    **dict.fromkeys("GOQĢ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "@": 1015,
}


def text_pixels(text: str, *, bold: bool = False, size: float = 10.0) -> float:
    """The width of ``text`` set in Arial, in pixels (bold is about 8 % wider)."""
    units = sum(_ARIAL.get(c, 700) for c in text)
    return units / 1000 * size * 96 / 72 * (1.08 if bold else 1.0)


def fitting_width(texts: Iterable[str], *, size: float = 10.0) -> float:
    """The narrowest column width (in characters) that shows each of ``texts`` on one line.

    For codes such as T2_SOCIAL_ASSISTANCE_PER_INH, which a spreadsheet would
    otherwise break mid-word: they have no spaces to wrap at.
    """
    # A tenth to spare: small type at a print scale below 100 % comes out a little wider.
    widest = max((text_pixels(text, size=size) for text in texts), default=0.0) * 1.1
    return float(math.ceil((widest + 6 - 5) / 7 + 0.5))


@functools.lru_cache(maxsize=4096)  # the same names wrap in the same columns on every sheet
def text_lines(text: str, width: float, *, bold: bool = False, size: float = 10.0) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide, word by word.

    Measured with Arial's character widths, with a few pixels to spare on each
    line: a row a line too tall is better than a text cut off.
    """
    room = column_pixels(width) - 6
    space = text_pixels(" ", bold=bold, size=size)
    lines = 0
    for paragraph in str(text).split("\n"):
        count, used = 1, 0.0
        for word in paragraph.split():
            length = text_pixels(word, bold=bold, size=size)
            if used and used + space + length <= room:
                used += space + length
                continue
            if used:
                count += 1
            extra = int(length // room) if length > room else 0  # a long word breaks
            count += extra
            used = length - extra * room
        lines += count
    return max(1, lines)


def row_height(lines: int, size: float = 10.0) -> float:
    """Points for a row of ``lines`` wrapped lines (at least one ordinary row)."""
    return max(ROW, math.ceil(lines * LINE * size / 10.0 + 3))


def page_starts(heights: Sequence[float], body: float, repeat: float = 0.0) -> list[int]:
    """The row each printed page starts at, rows of ``heights`` points on pages ``body`` tall.

    Every page after the first begins with ``repeat`` points of repeated header
    rows. A row taller than a page gets a page of its own.
    """
    starts = [0]
    used = 0.0
    for row, height in enumerate(heights):
        room = body - (repeat if len(starts) > 1 else 0.0)
        if used and used + height > room:
            starts.append(row)
            used = 0.0
        used += height
    return starts


def axis_bounds(values: Iterable[float]) -> tuple[float, float] | None:
    """Round ends for a line chart's value axis fitted to the data (not from 0).

    Ten per cent of the range is added on each side and the ends are rounded to
    a step of 1, 2 or 5 times a power of ten. ``None`` when there is nothing finite.
    """
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    span = high - low or abs(high) * 0.1 or 1.0
    low, high = low - span * 0.1, high + span * 0.1
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    if min(finite) >= 0 > bottom:
        bottom = 0.0  # a count or a share never goes below 0
    return bottom, top


class Paper:
    """How a sheet is laid out on paper and on screen: widths, wrapped rows, print scale,
    page breaks, and charts kept whole on their pages. :class:`~benchlearn.workbook.writer.
    SheetWriter` builds on it."""

    book: Any
    f_wrap: Any
    f_bold_wrap: Any
    f_title_wrap: Any
    f_header: Any

    def widths(
        self, ws: Any, widths: Sequence[float | None], *, first: int = 0, fmt: Any = None
    ) -> None:
        """Column widths left to right from column ``first`` (``None`` leaves one as it is).

        Spreadsheets do not fit columns to their text, so every sheet sets them;
        the print scale is worked out from them.
        """
        for col, width in enumerate(widths, start=first):
            if width is not None:
                ws.set_column(col, col, width, fmt)
                ws.widths[col] = width

    def hide(self, ws: Any, first: int, last: int) -> None:
        """Hidden helper columns (chart data): never printed, no width on paper."""
        ws.set_column(first, last, None, None, {"hidden": True})
        for col in range(first, last + 1):
            ws.widths[col] = 0.0
            ws.hidden.add(col)

    def text(self, ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        """Text from data or definitions: always a string cell, never a formula."""
        ws.write_string(row, col, "" if value is None else str(value), fmt)

    def paragraph(
        self,
        ws: Any,
        row: int,
        col: int,
        text: str,
        last: int | None = None,
        fmt: Any = None,
        *,
        size: float = 10.0,
    ) -> None:
        """Wrapped text across columns ``col`` to ``last`` (merged), in a row tall enough
        for all of it (spreadsheets do not fit a row to wrapped text)."""
        last = col if last is None else last
        fmt = fmt or self.f_wrap
        if last > col:
            ws.merge_row(row, col, last, fmt)
        self.text(ws, row, col, text, fmt)
        bold = fmt in (self.f_bold_wrap, self.f_title_wrap)
        lines = text_lines(text, self.span(ws, col, last), bold=bold, size=size)
        self.tall(ws, row, lines, size)

    def span(self, ws: Any, first: int, last: int) -> float:
        """The width of columns ``first`` to ``last`` in characters, as one wrapped cell."""
        return sum(ws.widths.get(c, 8.43) + 0.7 for c in range(first, last + 1)) - 0.7

    def tall(self, ws: Any, row: int, lines: int, size: float = 10.0) -> None:
        """Make ``row`` tall enough for ``lines`` lines (it never shrinks)."""
        height = row_height(lines, size)
        if height > ws.heights.get(row, ROW):
            ws.set_row(row, height)

    def fit_row(self, ws: Any, row: int, cells: Sequence[tuple[int, str]]) -> None:
        """Make ``row`` tall enough for each (column, text) wrapped in its column."""
        lines = max((text_lines(s, ws.widths.get(c, 8.43)) for c, s in cells), default=1)
        self.tall(ws, row, lines)

    def header(self, ws: Any, row: int, labels: Sequence[str], col: int = 0) -> None:
        """A table's header row from ``col`` on, wrapped in a row tall enough for every label."""
        for i, label in enumerate(labels):
            ws.write_string(row, col + i, label, self.f_header)
        lines = max(
            (text_lines(s, ws.widths.get(col + i, 8.43), bold=True) for i, s in enumerate(labels)),
            default=1,
        )
        self.tall(ws, row, lines)

    def scale(self, ws: Any) -> int:
        """The sheet's print scale: its widest column block fits one page width (≥ 70 %).

        Worked out once, from the widths set so far: set them first.
        """
        if ws.scale is None:
            cols = sorted(ws.widths)
            bounds = [*ws.blocks[1:], (cols[-1] + 1 if cols else 0)]
            blocks = [
                sum(column_pixels(ws.widths[c]) for c in cols if start <= c < end)
                for start, end in zip(ws.blocks, bounds, strict=True)
            ]
            ws.scale = print_scale(blocks, ws.landscape)
        return int(ws.scale)

    def page_columns(self, ws: Any, last: int) -> int:
        """The last column up to ``last`` that still prints on the first page across: a note
        merged over the columns up to it is never cut."""
        room = BODY[ws.landscape][0] * 100 / self.scale(ws) / POINTS_PER_PIXEL
        used = 0.0
        for col in range(last + 1):
            used += column_pixels(ws.widths.get(col, 8.43))
            if used > room:
                return max(col - 1, 0)
        return last

    def tighten(self, ws: Any, rows: int) -> None:
        """Print the sheet's first ``rows`` rows on fewer pages down if a scale a little
        smaller (down to 15 points less, never below 70 %) does it: a table one row too
        long for its page does not take a page of its own."""
        widest = self.scale(ws)
        best, fewest = widest, len(self.pages(ws, rows))
        for scale in range(widest - 1, max(MIN_SCALE, widest - 15) - 1, -1) if fewest > 1 else ():
            ws.scale = scale
            count = len(self.pages(ws, rows))
            if count < fewest:
                best, fewest = scale, count
        ws.scale = best

    def pages(self, ws: Any, rows: int) -> list[int]:
        """The rows the sheet's pages start at, over its first ``rows`` rows, at its scale."""
        body = BODY[ws.landscape][1] * 100 / self.scale(ws)
        repeat = ws.heights.get(ws.repeated, ROW) if ws.repeated is not None else 0.0
        heights = [ws.heights.get(r, ROW) for r in range(rows)]
        return page_starts(heights, body, repeat)

    def place(self, ws: Any, row: int, height: float) -> int:
        """The first row from ``row`` where an object ``height`` pixels tall fits on one page.

        The sheet's page breaks are then set where this reckoned them, so the
        object is never cut.
        """
        points = (height + 2 * GAP) * 0.75
        need = row + int(points // ROW) + 2
        starts = self.pages(ws, need + 200)
        for start, end in zip(starts, [*starts[1:], need + 200], strict=True):
            if end <= row:
                continue
            first = max(row, start)
            room = sum(ws.heights.get(r, ROW) for r in range(first, end))
            if room >= points or first == start:
                ws.paginate = True
                return first
        return row

    def insert(
        self, ws: Any, row: int, col: int, chart: Any, size: tuple[int, int], x_offset: int = 0
    ) -> int:
        """Insert a native chart ``size`` (width, height) pixels at the first row from ``row``
        where it fits on one page; returns the first row below it."""
        width, height = size
        chart.set_size({"width": width, "height": height})
        at = self.place(ws, row, height)
        ws.insert_chart(at, col, chart, self.anchor(x_offset))
        return self.below(ws, at, height)

    def anchor(self, x_offset: int = 0) -> dict[str, int]:
        """Where an object sits in its first cell: a little below the row's top, and fixed
        in size however the rows and columns change."""
        return {"x_offset": x_offset, "y_offset": GAP, "object_position": 3}

    def below(self, ws: Any, row: int, height: float) -> int:
        """The first row below an object ``height`` pixels tall at ``row``; the sheet's
        print area reaches down to it."""
        points, end = (height + GAP) * 0.75, row
        while points > 0:
            points -= ws.heights.get(end, ROW)
            end += 1
        ws.extent = max(ws.extent, end)
        return end + 1

    def finish(self, ws: Any) -> None:
        """The sheet's paper: print scale, print area and page breaks.

        The print area holds the printed columns (hidden helper columns print
        nothing) down to the last row with a cell or an object in them; where
        charts or images were placed, the page breaks are set where
        :meth:`place` reckoned them.
        """
        if ws.print_range is not None:  # a note in place of a sheet not meant for paper
            ws.print_area(*ws.print_range)
            return
        hidden = ws.hidden
        shown = next(
            (
                r
                for r in sorted(ws.rows, reverse=True)
                if any(c[0] not in hidden for c in ws.rows[r])
            ),
            0,
        )  # the last row with a cell on paper
        last_row = max([ws.extent, shown, *ws.heights], default=0)
        if not ws.paginate:  # nothing placed on the pages yet: the scale may still change
            self.tighten(ws, last_row + 1)
        ws.set_print_scale(self.scale(ws))
        last_col = max([c for c, w in ws.widths.items() if w > 0], default=0)
        if ws.paginate:
            starts = self.pages(ws, last_row + 1)
            ws.set_h_pagebreaks(starts[1:])
        if len(ws.blocks) > 1:
            ws.set_v_pagebreaks(ws.blocks[1:])
        elif ws.joined:  # pages across break between column groups, never inside one
            room = BODY[ws.landscape][0] * 100 / self.scale(ws) / POINTS_PER_PIXEL
            widths = {c: column_pixels(ws.widths.get(c, 8.43)) for c in range(last_col + 1)}
            breaks = column_breaks(widths, room, ws.joined, ws.fixed)
            if breaks:
                ws.set_v_pagebreaks(breaks)
        ws.print_area(0, 0, last_row, last_col)


class RowOrderedSheet:
    """A worksheet whose cells may be written in any order, and what its paper needs.

    xlsxwriter's constant_memory mode writes each row to disk when the next
    one starts, so cells, merges and row heights are buffered here and
    replayed row by row; everything else (columns, charts, print setup) goes
    straight through. Long sequential tables write to :attr:`direct` instead.
    The sheet also keeps its column widths, hidden columns, column blocks and
    the rows its charts reach, from which the writer sets its paper.
    """

    CELL_CALLS = ("write_string", "write_number", "write_blank")

    def __init__(self, worksheet: Any, counts: Counter[str], landscape: bool = True) -> None:
        self.direct = worksheet
        self.counts = counts
        self.rows: dict[int, list[tuple[int, str, tuple[Any, ...]]]] = {}
        self.heights: dict[int, float] = {}
        self.landscape = landscape
        self.widths: dict[int, float] = {}  # column → width in characters (0: hidden)
        self.hidden: set[int] = set()
        self.blocks = [0]  # first columns of blocks that print on pages of their own
        self.joined: set[int] = set()  # columns never printed apart from the one before them
        self.fixed = 0  # the leading columns repeated on every page across
        self.repeated: int | None = None  # the header row repeated on every page
        self.extent = -1  # the last row a chart or an image reaches
        self.scale: int | None = None
        self.paginate = False  # objects placed: page breaks go where they were reckoned
        self.print_range: tuple[int, int, int, int] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.direct, name)

    def write_string(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_string", args))

    def write_number(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_number", args))

    def write_blank(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_blank", args))

    def merge_row(self, row: int, first: int, last: int, fmt: Any) -> None:
        """Merge columns ``first`` to ``last`` of ``row`` (blank; write the first cell after)."""
        self.rows.setdefault(row, []).append((first, "merge", (last, fmt)))

    def set_row(self, row: int, height: float) -> None:
        """Buffered with the row's cells: in constant_memory mode a row's height goes with it."""
        self.heights[row] = height

    def flush(self) -> None:
        """Replay the buffered rows in order, each row's cells left to right, and count them."""
        calls = {name: getattr(self.direct, name) for name in self.CELL_CALLS}
        merge = self.direct.merge_range
        for row in sorted(self.rows.keys() | self.heights.keys()):
            if row in self.heights:
                self.direct.set_row(row, self.heights[row])
            cells = self.rows.get(row, [])
            cells.sort(key=_first)  # stable: a merge stays before the text written into it
            for col, name, args in cells:
                if name == "merge":
                    merge(row, col, row, args[0], None, args[1])
                else:
                    calls[name](row, col, *args)
            self.counts.update(name for _, name, _ in cells if name != "merge")
        self.rows, self.heights = {}, {}


def _first(cell: tuple[int, str, tuple[Any, ...]]) -> int:
    return cell[0]
