"""Plans as the tables and records commands print: the listing, one plan's targets, JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from benchlearn.plans.model import Plan, Source

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :func:`plan_table`.
PLAN_COLUMNS = ["id", "municipality", "network", "title", "start", "end", "status", "targets",
                "learned_from"]  # fmt: skip
#: The columns of :func:`target_table`.
TARGET_COLUMNS = ["indicator", "baseline_year", "baseline", "target_value", "target_year"]


def source_text(source: Source) -> str:
    """A source as ``--learned-from`` writes it: ``CODE`` or ``CODE:PRACTICE_ID``."""
    return (
        source.municipality
        if source.practice is None
        else f"{source.municipality}:{source.practice}"
    )


def plan_table(plans: Sequence[Plan], lang: str = "en") -> pd.DataFrame:
    """One row per plan: :data:`PLAN_COLUMNS`, the title in ``lang``, the targets' indicators
    and the sources joined by spaces."""
    import pandas as pd

    return pd.DataFrame(
        [
            (
                p.id,
                p.municipality,
                p.network,
                p.label(lang),
                p.start_year,
                p.end_year,
                p.status,
                " ".join(dict.fromkeys(t.indicator for t in p.targets)),
                " ".join(source_text(s) for s in p.sources),
            )  # fmt: skip
            for p in plans
        ],
        columns=PLAN_COLUMNS,
    )


def in_words(progress: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``plans progress``' table for people: each target's ``method`` (``fisher``, ``poisson``,
    ``z``, ``noise``) in words of ``lang``; a file (CSV, JSON) keeps the codes, which a program
    reads."""
    from benchlearn.messages import t

    words = progress.copy()
    words["method"] = [
        t(f"plan_method_{code}", lang) if isinstance(code, str) and code else code
        for code in progress["method"]
    ]
    return words


def target_table(plan: Plan) -> pd.DataFrame:
    """One row per target of ``plan``: :data:`TARGET_COLUMNS`."""
    import pandas as pd

    return pd.DataFrame(
        [
            (t.indicator, t.baseline_year, t.baseline_value, t.target_value, t.target_year)
            for t in plan.targets
        ],  # fmt: skip
        columns=TARGET_COLUMNS,
    )


def plan_record(plan: Plan) -> dict[str, Any]:
    """The plan as JSON holds it: every field, times in ISO 8601 (UTC)."""
    return {
        "id": plan.id,
        "municipality": plan.municipality,
        "network": plan.network,
        "title": dict(plan.title),
        "description": dict(plan.description),
        "start": plan.start_year,
        "end": plan.end_year,
        "status": plan.status,
        "targets": [
            {
                "indicator": t.indicator,
                "baseline_year": t.baseline_year,
                "baseline": t.baseline_value,
                "target_value": t.target_value,
                "target_year": t.target_year,
            }
            for t in plan.targets
        ],
        "learned_from": [
            {"municipality": s.municipality, "practice": s.practice} for s in plan.sources
        ],
        "created": plan.created_at.isoformat(timespec="seconds"),
        "updated": plan.updated_at.isoformat(timespec="seconds"),
    }
