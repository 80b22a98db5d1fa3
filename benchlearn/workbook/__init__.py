"""The meeting workbook: what a network facilitator hands out before a benchlearning meeting.

:func:`render_workbook` writes gathered :class:`~benchlearn.meeting.MeetingData`;
``benchlearn.commands.write_workbook`` gathers and writes in one call.
"""

from benchlearn.workbook.book import SHEETS, WorkbookSummary, render_workbook, with_shrunk
from benchlearn.workbook.writer import ranking_tables, sheet_title

__all__ = [
    "SHEETS",
    "WorkbookSummary",
    "ranking_tables",
    "render_workbook",
    "sheet_title",
    "with_shrunk",
]
