"""The handout's plans page: a member's improvement plans, how far they got, whether they worked.

It follows the one-page handout for a member with a plan that is not dropped:
per plan its title, status and years, the partners it learned from, a bar per
target from the baseline to the target (the figures of ``plans progress``),
and for an active or finished plan the effect chart of each target's
indicator: the member's line and its synthetic twin's, beside them the gaps
with every placebo's in grey and the start marked (``benchlearn effect`` with
its defaults), under it the sentence ``effect`` prints. A study that refuses
to judge (too few years or donors, a poor fit) is shown as its sentence only.
Like the handout it is one page: what does not fit is drawn smaller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.charts import ProgressBar, effect_figure, progress_figure
from benchlearn.effect import PlanEffect, sentence
from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.report.document import frame_height, frame_width, image
from benchlearn.views import is_missing, value_text

if TYPE_CHECKING:
    from benchlearn.plans.model import Plan
    from benchlearn.report.sections import Page

#: Verdicts of a study that judged nothing: shown as their sentence, without a chart.
REFUSALS = frozenset({"few_fit_years", "few_donors", "poor_fit"})


def shown_plans(page: Page, municipality: str) -> list[Plan]:
    """The member's plans a handout shows: every one but a dropped one, by id."""
    return [p for p in page.data.plans if p.municipality == municipality and p.status != "dropped"]


def plans_page(page: Page, municipality: str) -> list[Any]:
    """A page break and the member's plans page (nothing for a member without plans)."""
    from reportlab.platypus import KeepInFrame, PageBreak

    plans = shown_plans(page, municipality)
    if not plans:
        return []
    lang, s = page.lang, page.styles
    content: list[Any] = [s.p(t("ho_plans", lang, name=page.name(municipality)), s.heading)]
    if any(progress_bars(page, p) for p in plans):
        content.append(s.p(t("ho_plan_progress", lang, year=page.data.year), s.body))
    for plan in plans:
        content += _plan_part(page, plan)
    return [PageBreak(), KeepInFrame(frame_width(), frame_height(), content, mode="shrink")]


def _plan_part(page: Page, plan: Plan) -> list[Any]:
    lang, data, s = page.lang, page.data, page.styles
    status = t(f"plan_status_{plan.status}", lang)
    head = t("ho_plan", lang, title=plan.label(lang), status=status, start=plan.start_year,
             end=plan.end_year)  # fmt: skip
    part: list[Any] = [s.p(head, s.subheading)]
    if plan.sources:
        partners = "; ".join(
            f"{page.name(x.municipality)}"
            + ("" if x.practice is None else f" ({t('wb_plan_practice', lang, id=x.practice)})")
            for x in plan.sources
        )
        part.append(s.p(t("plan_show_learned", lang, sources=partners), s.body))
    bars = progress_bars(page, plan)
    if bars:
        part.append(image(progress_figure(bars, width=7.0), frame_width()))
    for found in (e for e in data.effects if e.plan == plan.id):
        part += effect_part(page, found)
    return part


def progress_bars(page: Page, plan: Plan) -> list[ProgressBar]:
    """A bar per target of ``plan`` that the year follows (:attr:`MeetingData.plan_progress`),
    in the progress table's order."""
    lang, data = page.lang, page.data
    if data.plan_progress is None:
        return []
    bars = []
    for r in records(data.plan_progress[data.plan_progress["plan"] == plan.id]):
        ind = data.definitions.indicators[str(r.indicator)]
        has_value = not is_missing(r.value)
        latest = (
            f"{value_text(ind, r.value, None, lang)} ({int(r.year)})"
            if has_value
            else t("ho_plan_no_value", lang)
        )
        bars.append(
            ProgressBar(
                label=f"{ind.label(lang)}, {int(r.target_year)}",
                covered=None if is_missing(r.covered) else float(r.covered),
                expected=None if is_missing(r.expected) else float(r.expected),
                on_track=None if r.on_track is None else bool(r.on_track),
                baseline=f"{value_text(ind, r.baseline, None, lang)} ({int(r.baseline_year)})",
                latest=latest,
                target=f"{value_text(ind, r.target_value, None, lang)} ({int(r.target_year)})",
            )
        )
    return bars


def effect_part(page: Page, found: PlanEffect) -> list[Any]:
    """The effect chart and its sentence, or the sentence that says why there is none."""
    lang, s = page.lang, page.styles
    ind = page.data.definitions.indicators[found.indicator]
    part: list[Any] = [s.p(t("ho_effect_heading", lang, indicator=ind.label(lang)), s.subheading)]
    if found.study is None:
        assert found.refusal is not None
        return [*part, s.p(found.refusal.text(lang), s.body)]
    if found.study.result.verdict not in REFUSALS:
        part.append(image(effect_chart(page, found), frame_width()))
    return [*part, s.p(sentence(found.study, lang), s.body)]


def effect_chart(page: Page, found: PlanEffect) -> Any:
    """The study's two panels (:func:`benchlearn.charts.effect_figure`)."""
    lang, study = page.lang, found.study
    assert study is not None
    result = study.result
    ind = page.data.definitions.indicators[found.indicator]
    placebos = [] if result.placebo_gaps is None else result.placebo_gaps.T.tolist()
    labels = (
        page.name(study.municipality),
        t("ho_effect_twin", lang),
        ind.label_with_unit(lang),
        t("ho_effect_gaps", lang),
        t("ho_effect_start", lang, year=study.start),
    )
    return effect_figure(
        [int(y) for y in result.years],
        (result.actual.tolist(), result.synthetic.tolist()),
        result.gaps.tolist(),
        placebos,
        study.start,
        labels,
        lang,
    )
