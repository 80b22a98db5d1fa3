"""What every document draws of a member's plans, computed the same way for paper and web.

The handout's plans page (:mod:`benchlearn.report.plans`) and the site's member
page (:mod:`benchlearn.site.plans`) show the same bars and the same effect
chart; both are built here from :class:`~benchlearn.meeting.MeetingData`: the
bars from ``plan_progress`` (the figures of ``plans progress``), the chart from
a :class:`~benchlearn.effect.PlanEffect`'s study (the figures of ``effect``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.charts import ProgressBar, effect_figure
from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.views import is_missing, value_text

if TYPE_CHECKING:
    from benchlearn.effect import PlanEffect
    from benchlearn.meeting import MeetingData
    from benchlearn.plans.model import Plan

#: Verdicts of a study that judged nothing: shown as their sentence, without a chart.
REFUSALS = frozenset({"few_fit_years", "few_donors", "poor_fit"})


def shown_plans(data: MeetingData, municipality: str) -> list[Plan]:
    """The member's plans a document shows: every one but a dropped one, by id."""
    return [p for p in data.plans if p.municipality == municipality and p.status != "dropped"]


def practice_plans(data: MeetingData, practice: int, lang: str) -> str:
    """Which plans learned from the good practice ``practice`` (an id) and how they fare:
    each with its member, title, status and its targets on track in the year, in one
    sentence; empty when none did."""
    fared = []
    progress = data.plan_progress
    for plan in data.plans:
        if not plan.learned_from_practice(practice):
            continue
        mine = None if progress is None else progress[progress["plan"] == plan.id]
        followed = [] if mine is None else [v for v in mine["on_track"] if not is_missing(v)]
        status = t(f"plan_status_{plan.status}", lang)
        name = data.names.get(plan.municipality, plan.municipality)
        key = "an_practice_plan_followed" if followed else "an_practice_plan"
        fared.append(t(key, lang, name=name, title=plan.label(lang), status=status,
                       on_track=sum(bool(v) for v in followed), targets=len(followed)))  # fmt: skip
    return t("an_practice_plans", lang, plans="; ".join(fared)) if fared else ""


def plan_heading(plan: Plan, lang: str) -> str:
    """The plan's title with its status and years."""
    status = t(f"plan_status_{plan.status}", lang)
    return t("ho_plan", lang, title=plan.label(lang), status=status, start=plan.start_year,
             end=plan.end_year)  # fmt: skip


def learned_from(data: MeetingData, plan: Plan, lang: str) -> str:
    """The partners the plan learned from, in a sentence, with their good practices (empty
    without any)."""
    if not plan.sources:
        return ""
    partners = "; ".join(
        data.names.get(x.municipality, x.municipality)
        + ("" if x.practice is None else f" ({t('wb_plan_practice', lang, id=x.practice)})")
        for x in plan.sources
    )
    return t("plan_show_learned", lang, sources=partners)


def progress_bars(data: MeetingData, plan: Plan, lang: str) -> list[ProgressBar]:
    """A bar per target of ``plan`` that the year follows (:attr:`MeetingData.plan_progress`),
    in the progress table's order."""
    if data.plan_progress is None:
        return []
    bars = []
    for r in records(data.plan_progress[data.plan_progress["plan"] == plan.id]):
        ind = data.definitions.indicators[str(r.indicator)]
        latest = (
            f"{value_text(ind, r.value, None, lang)} ({int(r.year)})"
            if not is_missing(r.value)
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


def refusal_text(data: MeetingData, found: PlanEffect, lang: str) -> str:
    """Why a study could not be made, for a reader. A plan started before the member has
    the fit years a twin needs (:data:`benchlearn.analysis.synth.MIN_FIT_YEARS`) gets the
    effect command's own "too few years" sentence, not the command's error about the
    network's members in the year before the start; any other refusal is its sentence."""
    from benchlearn.analysis.synth import MIN_FIT_YEARS

    assert found.refusal is not None
    plan = next(p for p in data.plans if p.id == found.plan)
    history = data.history
    before = history[
        (history["municipality"] == plan.municipality)
        & (history["indicator"] == found.indicator)
        & (history["year"] < plan.start_year)
        & history["value"].notna()
        & history["status"].isna()
    ]
    years = before["year"].nunique()
    if years < MIN_FIT_YEARS:
        ind = data.definitions.indicators[found.indicator]
        name = data.names.get(plan.municipality, plan.municipality)
        values = {"name": name, "indicator": ind.label(lang), "years": years}
        return t("eff_refused_few_fit_years", lang, **values)
    return found.refusal.text(lang)


def effect_words(data: MeetingData, found: PlanEffect, lang: str) -> tuple[str, str, bool]:
    """An effect's heading and sentence, and whether its chart is drawn: a study that could
    not be made, or that judged nothing, is shown as its sentence alone."""
    from benchlearn.effect import sentence

    ind = data.definitions.indicators[found.indicator]
    heading = t("ho_effect_heading", lang, indicator=ind.label(lang))
    if found.study is None:
        return heading, refusal_text(data, found, lang), False
    return heading, sentence(found.study, lang), found.study.result.verdict not in REFUSALS


def effect_chart(data: MeetingData, found: PlanEffect, lang: str, width: float = 7.0) -> Any:
    """The study's two panels (:func:`benchlearn.charts.effect_figure`)."""
    study = found.study
    assert study is not None
    result = study.result
    ind = data.definitions.indicators[found.indicator]
    placebos = [] if result.placebo_gaps is None else result.placebo_gaps.T.tolist()
    labels = (
        data.names.get(study.municipality, study.municipality),
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
        width=width,
    )
