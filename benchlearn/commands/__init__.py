"""The edge: one typed function per comparison command, each opening the database once.

As in alembic's ``command`` module, every command the CLI offers is a plain
function here, so the click layer only parses options and prints, and Python
users call the same functions. Each opens one connection, builds one
:class:`~benchlearn.compare.Context` and hands it to the library; this is the
only place where comparisons take an :class:`~sqlalchemy.Engine`.
"""

from __future__ import annotations

from benchlearn.commands.comparisons import (
    clusters,
    context,
    explain,
    funnel,
    index,
    partners,
    rank,
    ranking,
    ranking_pieces,
    shrink,
    similar,
)
from benchlearn.commands.dea import (
    efficiency,
    learn_efficiency_from,
)
from benchlearn.commands.documents import (
    meeting,
    municipality_names,
    position,
    position_and_workbook,
    site_data,
    write_position_workbook,
    write_report,
    write_site,
    write_workbook,
)

__all__ = [
    "clusters",
    "context",
    "efficiency",
    "explain",
    "funnel",
    "index",
    "learn_efficiency_from",
    "meeting",
    "municipality_names",
    "partners",
    "position",
    "position_and_workbook",
    "rank",
    "ranking",
    "ranking_pieces",
    "shrink",
    "similar",
    "site_data",
    "write_position_workbook",
    "write_report",
    "write_site",
    "write_workbook",
]
