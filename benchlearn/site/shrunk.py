"""The site's section of shrunk values (``--shrink``) on an indicator's page.

Below the ranking, for an indicator whose values have standard errors: each member's
value as measured and, beside it, its empirical-Bayes estimate, its robust interval
and the share of the way to the peers' mean it moved (:mod:`benchlearn.shrinkage`),
with the sentence that says what shrinkage did. The ranking above keeps the raw values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.messages import percent, t
from benchlearn.shrunk_views import (
    estimate_text,
    shrunk_codes,
    shrunk_header,
    shrunk_note,
    shrunk_rows,
)
from benchlearn.site.cells import Cell, member_key
from benchlearn.views import value_text

if TYPE_CHECKING:
    from benchlearn.meeting import MeetingData


def shrunk_section(data: MeetingData, code: str, lang: str) -> dict[str, Any] | None:
    """The section's title, sentence, header and rows; None without ``--shrink``; with it but
    no standard errors for this indicator, only the sentence saying so."""
    if data.shrunk is None:
        return None
    title = t("shr_title", lang)
    if code not in shrunk_codes(data):
        note = shrunk_note(data, lang) if not shrunk_codes(data) else ""
        return {"title": title, "note": note, "header": [], "rows": []} if note else None
    ind = data.definitions.indicators[code]
    rows = []
    for r in shrunk_rows(data, code):
        low, high = (estimate_text(ind, v, lang) for v in (r.ci_low, r.ci_high))
        rows.append([
            Cell(data.names.get(r.municipality, r.municipality), member_key(r.municipality),
                 code=r.municipality),
            Cell(value_text(ind, r.value, None, lang), numeric=True),
            *(Cell(estimate_text(ind, v, lang), numeric=True) for v in (r.se, r.estimate)),
            Cell(f"{low} – {high}", numeric=True),
            Cell(percent(100 * float(r.shrinkage), lang, 0), numeric=True),
        ])  # fmt: skip
    return {"title": title, "note": shrunk_note(data, lang),
            "header": shrunk_header(data, lang), "rows": rows}  # fmt: skip
