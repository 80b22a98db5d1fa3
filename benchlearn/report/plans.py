"""The handout's plans page: a member's improvement plans, how far they got, whether they worked.

It follows the one-page handout for a member with a plan that is not dropped:
per plan its title, status and years, the partners it learned from, a bar per
target from the baseline to the target (the figures of ``plans progress``),
and for an active or finished plan the effect chart of each target's
indicator: the member's line and its synthetic twin's, beside them the gaps
with every placebo's in grey and the start marked (``benchlearn effect`` with
its defaults), under it the sentence ``effect`` prints. A study that refuses
to judge (too few years or donors, a poor fit) is shown as its sentence only.
Like the handout it is one page: what does not fit is drawn smaller. What is
drawn is built by :mod:`benchlearn.plan_views`, as on the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.charts import progress_figure
from benchlearn.effect import PlanEffect
from benchlearn.messages import t
from benchlearn.plan_views import (
    effect_chart,
    effect_words,
    learned_from,
    plan_heading,
    progress_bars,
    shown_plans,
)
from benchlearn.report.document import frame_height, frame_width, image

if TYPE_CHECKING:
    from benchlearn.plans.model import Plan
    from benchlearn.report.sections import Page


def plans_page(page: Page, municipality: str) -> list[Any]:
    """A page break and the member's plans page (nothing for a member without plans)."""
    from reportlab.platypus import KeepInFrame, PageBreak

    lang, data, s = page.lang, page.data, page.styles
    plans = shown_plans(data, municipality)
    if not plans:
        return []
    content: list[Any] = [s.p(t("ho_plans", lang, name=page.name(municipality)), s.heading)]
    if any(progress_bars(data, p, lang) for p in plans):
        content.append(s.p(t("ho_plan_progress", lang, year=data.year), s.body))
    for plan in plans:
        content += _plan_part(page, plan)
    return [PageBreak(), KeepInFrame(frame_width(), frame_height(), content, mode="shrink")]


def _plan_part(page: Page, plan: Plan) -> list[Any]:
    lang, data, s = page.lang, page.data, page.styles
    part: list[Any] = [s.p(plan_heading(plan, lang), s.subheading)]
    partners = learned_from(data, plan, lang)
    if partners:
        part.append(s.p(partners, s.body))
    bars = progress_bars(data, plan, lang)
    if bars:
        part.append(image(progress_figure(bars, width=7.0), frame_width()))
    for found in (e for e in data.effects if e.plan == plan.id):
        part += effect_part(page, found)
    return part


def effect_part(page: Page, found: PlanEffect) -> list[Any]:
    """The effect chart and its sentence, or the sentence that says why there is none."""
    lang, s = page.lang, page.styles
    heading, said, drawn = effect_words(page.data, found, lang)
    part: list[Any] = [s.p(heading, s.subheading)]
    if drawn:
        part.append(image(effect_chart(page.data, found, lang), frame_width()))
    return [*part, s.p(said, s.body)]
