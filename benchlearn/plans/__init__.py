"""Improvement plans: what a municipality means to reach after learning, and how far it got.

One module per concept: :mod:`.model` (the frozen plan and its validation),
:mod:`.store` (the database), :mod:`.files` (CSV, XLSX and YAML plan files),
:mod:`.tables` (plans as the tables commands print) and :mod:`.progress` (each
target's progress in a year).
"""

from __future__ import annotations

from benchlearn.plans.model import STATUSES, Plan, PlanDraft, Source, Target
from benchlearn.plans.store import add_plans, plan, plans_for, set_status

__all__ = [
    "STATUSES",
    "Plan",
    "PlanDraft",
    "Source",
    "Target",
    "add_plans",
    "plan",
    "plans_for",
    "set_status",
]
