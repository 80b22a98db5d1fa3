"""The meeting pack's pages of shrunk values (``--shrink``): each raw value with its estimate.

After the indicator pages, for every indicator whose values have standard errors, a
table of the members by name: the value as measured, its standard error, the
empirical-Bayes estimate, its robust interval and the share of the way to the peers'
mean it moved (:mod:`benchlearn.shrinkage`). The indicator pages keep the raw values.
"""

from __future__ import annotations

from typing import Any

from benchlearn.messages import percent, t
from benchlearn.report.document import CM, frame_width, table
from benchlearn.report.sections import Page
from benchlearn.shrunk_views import (
    estimate_text,
    shrunk_codes,
    shrunk_header,
    shrunk_note,
    shrunk_rows,
)
from benchlearn.views import value_text


def shrunk_pages(page: Page) -> list[Any]:
    """The pages (nothing when the pack was made without ``--shrink``)."""
    from reportlab.platypus import CondPageBreak, PageBreak

    lang, data, s = page.lang, page.data, page.styles
    if data.shrunk is None:
        return []
    story: list[Any] = [PageBreak(), s.p(t("shr_title", lang), s.heading)]
    story.append(s.p(shrunk_note(data, lang), s.body))
    head = [s.p(label, s.head) for label in shrunk_header(data, lang)]
    width = frame_width()
    numbers = [2.0 * CM, 2.0 * CM, 2.3 * CM, 3.4 * CM, 2.3 * CM]
    widths = [width - sum(numbers), *numbers]
    for code in shrunk_codes(data):
        ind = data.definitions.indicators[code]
        rows: list[list[Any]] = [head]
        for r in shrunk_rows(data, code):
            shown = [value_text(ind, r.value, None, lang)]
            shown += [estimate_text(ind, v, lang) for v in (r.se, r.estimate)]
            low, high = (estimate_text(ind, v, lang) for v in (r.ci_low, r.ci_high))
            rows.append([
                s.named(page.name(r.municipality), r.municipality),
                *(s.p(text, s.cell_right) for text in shown),
                s.p(f"{low} – {high}", s.cell_right),
                s.p(percent(100 * float(r.shrinkage), lang, 0), s.cell_right),
            ])  # fmt: skip
        story += [CondPageBreak(4 * CM), s.named(ind.label_with_unit(lang), code, s.subheading)]
        story.append(table(rows, widths))
    return story
