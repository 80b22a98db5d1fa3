"""The meeting workbook: what a network facilitator hands out before a benchlearning meeting.

Written with xlsxwriter, with native charts that stay live when someone edits a
value. This module only opens the workbook, runs the sheet writers asked for in
order (each sheet family is a module of its own, sharing a
:class:`~benchlearn.workbook.writer.SheetWriter`) and closes it with its
properties. Every text from data or definitions is written with
``write_string``, so a name starting with ``=`` stays text; a confidential
value is written as ``..`` and never reaches a cell or a chart.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchlearn.messages import t
from benchlearn.outputs import whole_file
from benchlearn.workbook.agenda import agenda_sheet
from benchlearn.workbook.efficiency import efficiency_sheets
from benchlearn.workbook.indicators import indicator_sheets
from benchlearn.workbook.levels import matrix_sheet
from benchlearn.workbook.overview import cover_sheet, position_sheets, summary_sheet
from benchlearn.workbook.plans import plans_sheet
from benchlearn.workbook.profiles import profile_sheets
from benchlearn.workbook.shrunk import shrunk_sheet
from benchlearn.workbook.tables import data_sheet, definitions_sheet, quality_sheet, similar_sheet
from benchlearn.workbook.writer import FONT, SheetWriter

if TYPE_CHECKING:
    from benchlearn.meeting import MeetingData

#: Each sheet kind and what writes it. ``position`` (a profiled municipality's position in
#: sentences) is for the position report; ``matrix`` writes nothing for a network whose
#: indicators form no grid of areas × stages, ``agenda`` nothing for data gathered without
#: the agenda summary (:func:`benchlearn.meeting.gather`'s ``with_agenda``), ``shrunk``
#: nothing for data gathered without ``with_shrinkage``, ``plans`` nothing for a network
#: without improvement plans, ``efficiency`` (a sheet per model) nothing for a network
#: without efficiency models.
SHEET_WRITERS: dict[str, Callable[[SheetWriter], None]] = {
    "cover": cover_sheet,
    "agenda": agenda_sheet,
    "position": position_sheets,
    "summary": summary_sheet,
    "matrix": matrix_sheet,
    "indicators": indicator_sheets,
    "shrunk": shrunk_sheet,
    "profiles": profile_sheets,
    "plans": plans_sheet,
    "efficiency": efficiency_sheets,
    "similar": similar_sheet,
    "definitions": definitions_sheet,
    "data": data_sheet,
    "quality": quality_sheet,
}
#: The meeting workbook's sheets, in order; ``shrunk`` joins them with ``--shrink``
#: (:func:`with_shrunk`).
SHEETS = tuple(kind for kind in SHEET_WRITERS if kind not in {"position", "shrunk"})


def with_shrunk(sheets: Sequence[str]) -> tuple[str, ...]:
    """``sheets`` with the shrunk values' sheet after the indicators' (last without them)."""
    chosen = [kind for kind in sheets if kind != "shrunk"]
    at = chosen.index("indicators") + 1 if "indicators" in chosen else len(chosen)
    return (*chosen[:at], "shrunk", *chosen[at:])


@dataclass(frozen=True)
class WorkbookSummary:
    """What was written where."""

    path: Path
    sheets: list[str]
    members: int
    indicators: int
    profiles: list[str]
    cells: int
    strings: int
    first_member: str


def render_workbook(
    data: MeetingData,
    out: str | Path,
    *,
    lang: str = "en",
    sheets: Sequence[str] = SHEETS,
    progress: Callable[[int, int], None] | None = None,
) -> WorkbookSummary:
    """Write an already gathered :class:`MeetingData` as a workbook.

    ``progress`` is told (sheet kinds written, sheet kinds asked for) after each kind
    (one kind, such as ``indicators``, may be many sheets), so a caller can show a bar.
    """
    import xlsxwriter

    path = Path(out)
    # zipped in memory and written whole in one go: a full disk fails that write alone
    buffer = io.BytesIO()
    with whole_file(path) as partial:
        book = xlsxwriter.Workbook(
            buffer,
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # Rows go to disk as they are finished (RowOrderedSheet keeps the sheets in order).
                "constant_memory": True,
                "default_format_properties": FONT,
            },
        )
        writer = SheetWriter(book, data, lang)
        try:
            if progress is not None:
                progress(0, len(sheets))
            for done, kind in enumerate(sheets, 1):  # in the order asked for
                write = SHEET_WRITERS.get(kind)
                if write is None:
                    raise ValueError(f"unknown sheet kind {kind!r}")
                write(writer)
                if progress is not None:
                    progress(done, len(sheets))
            writer.flush()
            network_name = data.network.label(lang)
            book.set_properties(
                {
                    "title": t("title", lang, network=network_name) + f" {data.year}",
                    "subject": network_name,
                    "author": "benchlearn",
                    "company": "benchlearn",
                    "created": dt.datetime.now(),
                }
            )
        finally:
            book.close()
        partial.write_bytes(buffer.getvalue())
    return WorkbookSummary(
        path,
        writer.sheet_names,
        len(data.members),
        len(data.codes),
        list(data.profiles),
        sum(writer.counts.values()),
        writer.counts["write_string"],
        data.members[0],
    )
