"""The annual report's plans chapter: the network's improvement plans and how far they got.

A sentence counts the plans by status and the targets followed in the year
that are on track and that changed significantly; a table then gives each
target of each plan that is not dropped: the member, the plan, the
indicator, the baseline, the latest value, the target, the share of the way
and the two verdicts: the figures of ``plans progress`` for the report's
year, so the chapter says what the command prints. Nothing for a network
without plans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import general, percent, t
from benchlearn.plans.model import STATUSES
from benchlearn.report.document import CM, chapter, frame_width, table
from benchlearn.views import is_missing, value_text

if TYPE_CHECKING:
    from benchlearn.report.sections import Page


def plans_chapter(page: Page) -> list[Any]:
    """The chapter (nothing for a network without plans)."""
    from reportlab.platypus import Spacer

    lang, data, s = page.lang, page.data, page.styles
    if not data.plans:
        return []
    story: list[Any] = [chapter(t("an_plans", lang), s), s.p(plans_sentence(page))]
    progress = data.plan_progress
    if progress is None or progress.empty:
        return story
    who = f"{t('wb_plan_member', lang)}: {t('wb_plan_title', lang)}"
    head = [who, t("wb_plan_indicator", lang),
            t("wb_plan_baseline", lang), t("wb_plan_latest", lang), t("wb_plan_target", lang),
            t("wb_plan_covered", lang), t("wb_plan_on_track", lang),
            t("wb_plan_significant", lang)]  # fmt: skip
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    titles = {plan.id: plan.label(lang) for plan in data.plans}  # progress's are in English
    for r in records(progress):
        ind = data.definitions.indicators[str(r.indicator)]
        latest = "" if is_missing(r.value) else (
            f"{value_text(ind, r.value, None, lang)} ({int(r.year)})")  # fmt: skip
        covered = "" if is_missing(r.covered) else percent(100 * float(r.covered), lang, 0)
        rows.append([
            [s.named(page.name(str(r.municipality)), str(r.municipality)),
             s.p(titles.get(int(r.plan), str(r.title)), s.cell)],
            s.p(ind.label(lang), s.cell),
            s.p(f"{value_text(ind, r.baseline, None, lang)} ({int(r.baseline_year)})",
                s.cell_right),
            s.p(latest, s.cell_right),
            s.p(f"{value_text(ind, r.target_value, None, lang)} ({int(r.target_year)})",
                s.cell_right),
            s.p(covered, s.cell_right),
            s.p(_word(r.on_track, lang), s.cell_centre),
            s.p(_word(r.significant, lang), s.cell_centre),
        ])  # fmt: skip
    widths = [4.0 * CM, 0, 2.0 * CM, 2.0 * CM, 2.0 * CM, 1.8 * CM, 1.3 * CM, 2.1 * CM]
    widths[1] = frame_width() - sum(widths)
    story += [table(rows, widths), Spacer(1, 6)]
    story.append(s.p(t("wb_plans_note", lang, level=general(data.confidence, lang))))
    return story


def plans_sentence(page: Page) -> str:
    """How many plans by status, and how many targets followed in the year are on track and
    changed significantly."""
    lang, data = page.lang, page.data
    counts = {status: sum(p.status == status for p in data.plans) for status in STATUSES}
    by_status = "; ".join(
        f"{t(f'plan_status_{status}', lang)}: {count}" for status, count in counts.items() if count
    )
    progress = data.plan_progress
    followed = 0 if progress is None else len(progress)
    on_track = 0 if progress is None else sum(bool(x) for x in progress["on_track"])
    significant = 0 if progress is None else sum(bool(x) for x in progress["significant"])
    return t("an_plans_sentence", lang, plans=len(data.plans), statuses=by_status,
             year=data.year, targets=followed, on_track=on_track,
             significant=significant)  # fmt: skip


def _word(flag: object, lang: str) -> str:
    return "" if flag is None else t("wb_yes" if flag else "wb_no", lang)
