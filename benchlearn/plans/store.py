"""Plans in the database: stored at once with their baselines, read back as :class:`Plan`.

A plan's baseline is read when the plan is made, through the same reading as
every comparison (:func:`benchlearn.values.values`: derived indicators
computed, small counts suppressed), and only a value that may be shown counts:
a missing, not applicable or confidential value is never a baseline, so a plan
cannot reveal a hidden figure. It is kept with the target, so a later
correction of that year does not move the goalposts. Nothing is written when
any plan of a batch has a problem; every problem is named with its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.orm import Session

from benchlearn.definitions.model import freeze
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.models import Indicator, Municipality, Network, PlanSource, PlanTarget, Practice
from benchlearn.models import Plan as PlanRow
from benchlearn.plans.model import (
    STATUSES,
    Plan,
    PlanDraft,
    Source,
    Target,
    TargetDraft,
    draft_problems,
)
from benchlearn.values import values

if TYPE_CHECKING:
    import pandas as pd

#: What :func:`plans_for` reads from: an engine, a connection or an ORM session.
Readable = Engine | Connection | Session


def add_plans(
    engine: Engine, drafts: Sequence[PlanDraft], found: Sequence[Problem] = ()
) -> tuple[int, ...]:
    """Store ``drafts`` with their baselines in one transaction; return their new ids.

    Every problem of every plan is collected first (:func:`draft_problems`, then
    unknown codes, a practice of another municipality, a baseline that cannot be
    read) and raised together as a :class:`ValidationError`, writing nothing;
    ``found`` are the problems met while reading the drafts (a bad option), told first.
    """
    problems = [*found, *(p for draft in drafts for p in draft_problems(draft))]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        ids = _ids(connection, drafts)
        problems += _unknown(connection, drafts, ids)
        baselines = _baselines(connection, drafts, ids, problems)
        if problems:
            raise ValidationError(problems, key="plan_not_stored", values={"count": len(problems)})
        made = []
        for draft in drafts:
            plan_id = connection.execute(
                insert(PlanRow)
                .values(
                    municipality_id=ids["municipality"][draft.municipality],
                    network_id=ids["network"][draft.network],
                    title=dict(draft.title),
                    description=dict(draft.description),
                    start_year=draft.start,
                    end_year=draft.end,
                    status=draft.status,
                    created_at=now,
                    updated_at=now,
                )
                .returning(PlanRow.id)
            ).scalar_one()
            targets = [
                {
                    "plan_id": plan_id,
                    "indicator_id": ids["indicator"][t.indicator],
                    "baseline_year": baselines[id(t)][0],
                    "baseline_value": baselines[id(t)][1],
                    "target_value": t.value,
                    "target_year": draft.end if t.year is None else t.year,
                }
                for t in draft.targets
            ]
            if targets:
                connection.execute(insert(PlanTarget), targets)
            sources = [
                {
                    "plan_id": plan_id,
                    "municipality_id": ids["municipality"][s.municipality],
                    "practice_id": s.practice,
                }
                for s in draft.sources
            ]
            if sources:
                connection.execute(insert(PlanSource), sources)
            made.append(int(plan_id))
    return tuple(made)


def _ids(connection: Connection, drafts: Sequence[PlanDraft]) -> dict[str, dict[str, int]]:
    """Code → id of every municipality, network and indicator the drafts name (known ones)."""
    named: dict[str, set[str]] = {"municipality": set(), "network": set(), "indicator": set()}
    for draft in drafts:
        named["municipality"] |= {draft.municipality, *(s.municipality for s in draft.sources)}
        named["network"].add(draft.network)
        named["indicator"] |= {t.indicator for t in draft.targets}
    tables: dict[str, Any] = {
        "municipality": Municipality,
        "network": Network,
        "indicator": Indicator,
    }
    return {
        kind: {
            str(code): int(i)
            for code, i in connection.execute(
                select(model.code, model.id).where(model.code.in_(sorted(named[kind])))
            ).all()
        }
        for kind, model in tables.items()
    }


def _unknown(
    connection: Connection, drafts: Sequence[PlanDraft], ids: dict[str, dict[str, int]]
) -> list[Problem]:
    """Codes the database does not know, and practices that are not there or are another
    municipality's than the partner named with them."""
    wanted = sorted({s.practice for d in drafts for s in d.sources if s.practice is not None})
    owners = {
        int(i): str(code)
        for i, code in connection.execute(
            select(Practice.id, Municipality.code)
            .join(Municipality, Municipality.id == Practice.municipality_id)
            .where(Practice.id.in_(wanted))
        ).all()
    }
    problems = []
    values: dict[str, object]
    for draft in drafts:
        if draft.municipality not in ids["municipality"]:
            problems.append(
                draft.place("municipality").problem(
                    "imp_unknown_municipality", {"code": draft.municipality}
                )
            )
        if draft.network not in ids["network"]:
            problems.append(
                draft.place("network").problem("reg_unknown_network", {"code": draft.network})
            )
        problems += [
            t.place.problem("imp_unknown_indicator", {"code": t.indicator})
            for t in draft.targets
            if t.indicator not in ids["indicator"]
        ]
        for source in draft.sources:
            if source.municipality not in ids["municipality"]:
                values = {"code": source.municipality}
                problems.append(source.place.problem("imp_unknown_municipality", values))
            if source.practice is None:
                continue
            owner = owners.get(source.practice)
            if owner is None:
                problems.append(source.place.problem("reg_no_practice", {"id": source.practice}))
            elif owner != source.municipality:
                values = {"id": source.practice, "owner": owner, "code": source.municipality}
                problems.append(source.place.problem("plan_practice_of_other", values))
    return problems


def _baselines(
    connection: Connection,
    drafts: Sequence[PlanDraft],
    ids: dict[str, dict[str, int]],
    problems: list[Problem],
) -> dict[int, tuple[int, float]]:
    """Each target's baseline (year, value), by the target's ``id()``: the value of its
    baseline year, else the latest at or before the plan's start; a problem for each
    target that has no value that may be shown there (unknown codes are told apart)."""
    targets = [
        (d, t)
        for d in drafts
        if d.municipality in ids["municipality"]
        for t in d.targets
        if t.indicator in ids["indicator"]
    ]
    if not targets:
        return {}
    definitions = stored_definitions(connection)
    codes = sorted({t.indicator for _, t in targets if t.indicator in definitions.indicators})
    places = sorted({d.municipality for d, _ in targets})
    found = values(connection, definitions, codes, None, places) if codes else None
    series: dict[tuple[str, str], pd.Series] = {}
    if found is not None:
        shown = found[found["status"].isna() & found["value"].notna()]
        for (code, indicator), group in shown.groupby(["municipality", "indicator"]):
            series[(str(code), str(indicator))] = group.set_index("year")["value"].sort_index()
    chosen: dict[int, tuple[int, float]] = {}
    for draft, target in targets:
        held = series.get((draft.municipality, target.indicator))
        pick = _baseline(held, draft.start, target)
        if pick is None:
            problems.append(_no_baseline(draft, target))
        else:
            chosen[id(target)] = pick
    return chosen


def _baseline(held: pd.Series | None, start: int, target: TargetDraft) -> tuple[int, float] | None:
    """(year, value) of a target's baseline from the municipality's shown values by year."""
    if held is None:
        return None
    if target.baseline_year is not None:
        if target.baseline_year not in held.index:
            return None
        return target.baseline_year, float(held.loc[target.baseline_year])
    earlier = held[held.index <= start]
    if earlier.empty:
        return None
    return int(earlier.index[-1]), float(earlier.iloc[-1])


def _no_baseline(draft: PlanDraft, target: TargetDraft) -> Problem:
    values = {"indicator": target.indicator, "municipality": draft.municipality}
    if target.baseline_year is not None:
        return target.place.problem("plan_no_baseline_in", {**values, "year": target.baseline_year})
    return target.place.problem("plan_no_baseline", {**values, "year": draft.start})


@contextmanager
def _reading(source: Readable) -> Iterator[Connection]:
    """A connection to read through, from an engine (opened and closed here), a connection or
    an ORM session (their own, left open)."""
    if isinstance(source, Engine):
        with source.connect() as connection:
            yield connection
    elif isinstance(source, Session):
        yield source.connection()
    else:
        yield source


def plans_for(
    source: Readable,
    network: str | None = None,
    municipality: str | None = None,
    indicator: str | None = None,
    *,
    ids: Sequence[int] | None = None,
) -> list[Plan]:
    """Stored plans, by id, each with all its targets and sources.

    ``network``, ``municipality``: only that network's or municipality's plans;
    ``indicator``: only plans with a target on it (their other targets kept, so
    a caller sees the whole plan); ``ids``: only these plans. ``source`` is an
    engine, a connection or an ORM session.
    """
    with _reading(source) as connection:
        query = (
            select(
                PlanRow.id,
                Municipality.code,
                Network.code,
                PlanRow.title,
                PlanRow.description,
                PlanRow.start_year,
                PlanRow.end_year,
                PlanRow.status,
                PlanRow.created_at,
                PlanRow.updated_at,
            )
            .join(Municipality, Municipality.id == PlanRow.municipality_id)
            .join(Network, Network.id == PlanRow.network_id)
            .order_by(PlanRow.id)
        )
        if network is not None:
            query = query.where(Network.code == network)
        if municipality is not None:
            query = query.where(Municipality.code == municipality)
        if ids is not None:
            query = query.where(PlanRow.id.in_(list(ids)))
        if indicator is not None:
            query = query.where(
                PlanRow.id.in_(
                    select(PlanTarget.plan_id)
                    .join(Indicator, Indicator.id == PlanTarget.indicator_id)
                    .where(Indicator.code == indicator)
                )
            )
        rows = connection.execute(query).all()
        chosen = [int(r[0]) for r in rows]
        targets: dict[int, list[Target]] = {i: [] for i in chosen}
        sources: dict[int, list[Source]] = {i: [] for i in chosen}
        if chosen:
            for plan_id, code, *numbers in connection.execute(
                select(
                    PlanTarget.plan_id,
                    Indicator.code,
                    PlanTarget.baseline_year,
                    PlanTarget.baseline_value,
                    PlanTarget.target_value,
                    PlanTarget.target_year,
                )
                .join(Indicator, Indicator.id == PlanTarget.indicator_id)
                .where(PlanTarget.plan_id.in_(chosen))
                .order_by(PlanTarget.plan_id, Indicator.code, PlanTarget.target_year)
            ).all():
                base_year, base, aim, year = numbers
                targets[int(plan_id)].append(
                    Target(str(code), int(base_year), float(base), float(aim), int(year))
                )
            for plan_id, code, practice in connection.execute(
                select(PlanSource.plan_id, Municipality.code, PlanSource.practice_id)
                .join(Municipality, Municipality.id == PlanSource.municipality_id)
                .where(PlanSource.plan_id.in_(chosen))
                .order_by(PlanSource.plan_id, PlanSource.id)
            ).all():
                sources[int(plan_id)].append(
                    Source(str(code), None if practice is None else int(practice))
                )
    return [
        Plan(
            id=int(r[0]),
            municipality=str(r[1]),
            network=str(r[2]),
            title=freeze(dict(r[3] or {})),
            description=freeze(dict(r[4] or {})),
            start_year=int(r[5]),
            end_year=int(r[6]),
            status=str(r[7]),
            targets=tuple(targets[int(r[0])]),
            sources=tuple(sources[int(r[0])]),
            created_at=r[8],
            updated_at=r[9],
        )
        for r in rows
    ]


def plan(source: Readable, plan_id: int) -> Plan:
    """The stored plan ``plan_id``, or an error that names how to find the ids."""
    found = plans_for(source, ids=[plan_id])
    if not found:
        raise BenchlearnError.of("plan_unknown", {"id": plan_id})
    return found[0]


def set_status(engine: Engine, plan_id: int, status: str) -> Plan:
    """Change a plan's status (one of :data:`STATUSES`) and its time of change; the plan as
    it is now."""
    if status not in STATUSES:
        raise BenchlearnError.of(
            "plan_bad_status", {"status": status, "choices": ", ".join(STATUSES)}
        )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        changed = connection.execute(
            update(PlanRow).where(PlanRow.id == plan_id).values(status=status, updated_at=now)
        ).rowcount
        if not changed:
            raise BenchlearnError.of("plan_unknown", {"id": plan_id})
        return plan(connection, plan_id)
