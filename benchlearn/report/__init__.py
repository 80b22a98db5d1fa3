"""The PDF reports: the meeting pack, a municipality's report and a network's annual report.

Each takes the gathered meeting data (:mod:`benchlearn.meeting`) and writes one
PDF with reportlab; :mod:`.document` holds what every report shares (the font
that prints Latvian, styles, the page frame, tables and images),
:mod:`.sections` the parts several reports print, :mod:`.figures` the charts,
and each report has its module (:mod:`.pack`, :mod:`.member`, :mod:`.annual`, whose
network figures and publishable pages are :mod:`.annual_figures` and :mod:`.annual_pages`).
"""

from __future__ import annotations

from benchlearn.report.annual import AnnualData, annual_data, render_annual
from benchlearn.report.document import ReportSummary
from benchlearn.report.member import render_member
from benchlearn.report.pack import render_pack

__all__ = [
    "AnnualData",
    "ReportSummary",
    "annual_data",
    "render_annual",
    "render_member",
    "render_pack",
]
