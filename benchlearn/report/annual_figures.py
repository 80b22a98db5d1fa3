"""The annual report's network figures: totals of what adds up, and each indicator's change.

A network's year is told in a few numbers: how many events the members held
between them, how many took part, what they spent, and whether each indicator
moved for the better since the year before. Both are computed here from the
values of the two years, each year over that year's members, as plain data
the pages write out (:mod:`benchlearn.report.annual_pages`).

A change since last year compares like with like: the members with a figure
in both years, so a member joining or a form not returned does not pass for a
change. A rate with counts behind it (events per 1,000 inhabitants) is the
network's pooled rate, the sum of the numerators over the sum of the
denominators, and its change is tested with the exact conditional test for
two Poisson rates (the count of the later year out of both years' counts is
binomial, with the later year's share of the population as its chance); a
proportion's with Fisher's exact test. A yes/no indicator is the share of
members answering yes, any other the members' median; for those there are no
counts to test on, so the report gives the size of the change and calls it
nothing more. (The meeting documents' "change since last year" is per
member; this is the network's, written here until the two share one helper.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchlearn.analysis.change import proportion_change_p, rate_change_p
from benchlearn.frames import records
from benchlearn.rules import own_indicators
from benchlearn.views import is_missing

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions import Definitions, IndicatorDefinition, NetworkDefinition


@dataclass(frozen=True)
class FormCounts:
    """The forms of a year as the annual report counts them, from the forms status.

    ``on_time``: first received by the deadline (a later correction leaves it on
    time); ``complete``: every own indicator answered (``filled == total``, a "-"
    being no answer); ``corrected``: members whose figures were imported again
    after the form was first received, with the day of the latest correction.
    """

    members: int
    returned: int
    on_time: int
    complete: int
    missing: tuple[str, ...]  # members without a form
    corrected: tuple[tuple[str, dt.date], ...]


def form_counts(status: pd.DataFrame, deadline: dt.date) -> FormCounts:
    """Count the forms of ``status`` (:data:`benchlearn.importing.status.COLUMNS`)."""
    rows = list(records(status))
    returned = [r for r in rows if r.returned]
    return FormCounts(
        members=len(rows),
        returned=len(returned),
        on_time=sum(1 for r in returned if (day := day_of(r.received)) and day <= deadline),
        complete=sum(1 for r in returned if r.filled == r.total),
        missing=tuple(str(r.municipality) for r in rows if not r.returned),
        corrected=tuple(
            (str(r.municipality), last)
            for r in returned
            if (last := day_of(r.last_import)) is not None
            and (first := day_of(r.received)) is not None
            and last > first
        ),
    )


def day_of(when: Any) -> dt.date | None:
    """The day of a stored time, None when there is none."""
    return None if when is None or is_missing(when) else when.date()


#: The tests named in the report, by what they compare.
POISSON = "poisson"
FISHER = "fisher"


def summed_codes(definitions: Definitions, network: NetworkDefinition) -> list[str]:
    """The network's own form figures that add up across members (``aggregation: sum``), in
    form order: events, participants, budget. Shared ones (the population) are left out."""
    return [
        code
        for code in own_indicators(definitions, network)
        if definitions.indicators[code].aggregation == "sum"
    ]


@dataclass(frozen=True)
class Total:
    """One figure summed over the members: this year (``now``, over ``members_now`` members
    with a figure) and last year (``before``, over ``members_before``); ``same`` members
    have a figure in both, summing to ``same_now`` and ``same_before``."""

    indicator: str
    now: float | None
    members_now: int
    before: float | None
    members_before: int
    same: int
    same_now: float
    same_before: float

    @property
    def change(self) -> float | None:
        """The same members' total now less last year's (None when no member has both)."""
        return self.same_now - self.same_before if self.same else None

    @property
    def relative(self) -> float | None:
        """The same members' change in percent of last year's total (None: nothing to divide)."""
        if not self.same or not self.same_before:
            return None
        return 100.0 * (self.same_now - self.same_before) / self.same_before


def _usable(values: pd.DataFrame | None, code: str) -> pd.Series:
    """Municipality → value of ``code``: numbers only (confidential and missing left out)."""
    import pandas as pd

    if values is None or values.empty:
        return pd.Series(dtype=float)
    rows = values[(values["indicator"] == code) & values["value"].notna()]
    rows = rows[rows["status"].isna() | (rows["status"] == "")]
    return rows.set_index("municipality")["value"].astype(float)


def totals(codes: list[str], now: pd.DataFrame, before: pd.DataFrame | None) -> list[Total]:
    """Each of ``codes`` summed over the members with a figure, in each year.

    ``now`` and ``before``: the values (:data:`benchlearn.values.COLUMNS`) of this
    year's members this year and of last year's members last year.
    """
    found = []
    for code in codes:
        this, last = _usable(now, code), _usable(before, code)
        both = this.index.intersection(last.index)
        found.append(
            Total(
                indicator=code,
                now=float(this.sum()) if len(this) else None,
                members_now=len(this),
                before=float(last.sum()) if len(last) else None,
                members_before=len(last),
                same=len(both),
                same_now=float(this[both].sum()),
                same_before=float(last[both].sum()),
            )
        )
    return found


@dataclass(frozen=True)
class Change:
    """An indicator across the network, this year against last, over the ``members`` with a
    figure in both years.

    ``kind``: ``pooled`` (a rate or proportion from the summed counts), ``share`` (yes/no:
    the share answering yes, 0–100) or ``median``; ``test`` names the test behind
    ``p_value`` (:data:`POISSON`, :data:`FISHER`), None when there are no counts to test;
    ``verdict``: ``improved``, ``declined``, ``unchanged`` (no difference, or none the test
    finds) or ``changed`` (an indicator without a better direction).
    """

    indicator: str
    kind: str
    now: float
    before: float
    members: int
    p_value: float | None
    test: str | None
    verdict: str

    @property
    def change(self) -> float:
        """Now less last year (percentage points for a share)."""
        return self.now - self.before

    @property
    def relative(self) -> float | None:
        """The change in percent of last year's figure (None for a share, or from zero)."""
        if self.kind == "share" or not self.before:
            return None
        return 100.0 * self.change / self.before


def changes(
    definitions: Definitions,
    network: NetworkDefinition,
    now: pd.DataFrame,
    before: pd.DataFrame | None,
    confidence: float = 95.0,
) -> list[Change]:
    """Each network indicator's change since last year, judged at ``confidence`` percent
    where it has counts; indicators without a member with figures in both years are left
    out. ``now`` and ``before`` as for :func:`totals`, with the indicators and components."""
    found = []
    for code in network.indicator_codes:
        ind = definitions.indicators[code]
        change = _change(ind, now, before, 1 - confidence / 100)
        if change is not None:
            found.append(change)
    return found


def _change(
    ind: IndicatorDefinition, now: pd.DataFrame, before: pd.DataFrame | None, alpha: float
) -> Change | None:
    if ind.statistic is not None and ind.numerator and ind.denominator:
        return _pooled(ind, now, before, alpha)
    this, last = _usable(now, ind.code), _usable(before, ind.code)
    both = this.index.intersection(last.index)
    if not len(both):
        return None
    if ind.yes_no:
        a = 100.0 * float((this[both] >= 0.5).mean())
        b = 100.0 * float((last[both] >= 0.5).mean())
        return Change(ind.code, "share", a, b, len(both), None, None, _verdict(ind, a - b, True))
    a, b = float(this[both].median()), float(last[both].median())
    return Change(ind.code, "median", a, b, len(both), None, None, _verdict(ind, a - b, True))


def _pooled(
    ind: IndicatorDefinition, now: pd.DataFrame, before: pd.DataFrame | None, alpha: float
) -> Change | None:
    """A rate or proportion over the members with both counts in both years, and its test."""
    assert ind.numerator is not None and ind.denominator is not None
    parts = [
        _usable(frame, code) for frame in (now, before) for code in (ind.numerator, ind.denominator)
    ]
    both = parts[0].index
    for part in parts[1:]:
        both = both.intersection(part.index)
    if not len(both):
        return None
    x1, n1, x0, n0 = (float(part[both].sum()) for part in parts)
    if not n1 or not n0:
        return None
    multiplier = ind.multiplier or 1.0
    a, b = multiplier * x1 / n1, multiplier * x0 / n0
    if ind.statistic == "rate":
        test, p = POISSON, rate_change_p(x1, n1, x0, n0)
    else:
        test, p = FISHER, proportion_change_p(x1, n1, x0, n0)
    verdict = _verdict(ind, a - b, p < alpha)
    return Change(ind.code, "pooled", a, b, len(both), float(p), test, verdict)


def _verdict(ind: IndicatorDefinition, difference: float, significant: bool) -> str:
    """Improved or declined by the indicator's better direction, when the change counts."""
    if not difference or not significant:
        return "unchanged"
    if ind.direction == "neutral":
        return "changed"
    better = difference > 0 if ind.direction == "higher" else difference < 0
    return "improved" if better else "declined"
