"""The meeting workbook: what a network facilitator hands out before a benchlearning meeting."""

from benchlearn.workbook.book import (
    SHEETS,
    WorkbookSummary,
    ranking_tables,
    render_workbook,
    sheet_title,
    write_workbook,
)

__all__ = [
    "SHEETS",
    "WorkbookSummary",
    "ranking_tables",
    "render_workbook",
    "sheet_title",
    "write_workbook",
]
