"""Shrunk values as the documents show them (``--shrink``): the rows, the headings, the sentence.

The workbook, the PDF pack and the site each lay out the same thing: for every
indicator whose values have standard errors, each member's raw value with, beside
it, its empirical-Bayes estimate and robust interval (:mod:`benchlearn.shrinkage`)
and the share of the way to the peers' mean it moved. What they share is here, so
the three say the same in the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import alphabetical, number, percent, t
from benchlearn.views import places

if TYPE_CHECKING:
    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.meeting import MeetingData


def finer(ind: IndicatorDefinition) -> int:
    """The decimals of a standard error, an estimate and its interval: one more than the
    value's, since an estimate moved by 4 % of the way to the mean would otherwise often
    read as the value itself."""
    return places(ind) + 1


def estimate_text(ind: IndicatorDefinition, value: float, lang: str) -> str:
    """A standard error, estimate or interval limit as a reader writes it (:func:`finer`)."""
    return number(float(value), lang, finer(ind))


def level_text(data: MeetingData, lang: str) -> str:
    """The intervals' coverage as a reader writes it: 95%, 99,8 %."""
    confidence = data.confidence
    return percent(confidence, lang, 0 if confidence == int(confidence) else 1)


def shrunk_codes(data: MeetingData) -> list[str]:
    """The network's indicators that have shrunk values, in the network's order."""
    if data.shrunk is None or data.shrunk.empty:
        return []
    present = set(data.shrunk["indicator"])
    return [c for c in data.codes if c in present]


def shrunk_rows(data: MeetingData, code: str) -> list[Any]:
    """The members' shrunk values of ``code`` as records (:data:`benchlearn.shrinkage.COLUMNS`),
    in the order of their names."""
    if data.shrunk is None:
        return []
    rows = records(data.shrunk[data.shrunk["indicator"] == code])
    return sorted(rows, key=lambda r: alphabetical(data.names.get(r.municipality, r.municipality)))


def shrunk_header(data: MeetingData, lang: str) -> list[str]:
    """The columns' headings: municipality, value, standard error, estimate, interval, moved."""
    return [
        t("municipality", lang),
        t("value", lang),
        t("col_se", lang),
        t("shr_estimate", lang),
        t("shr_interval", lang, level=level_text(data, lang)),
        t("shr_moved", lang),
    ]


def shrunk_note(data: MeetingData, lang: str) -> str:
    """What shrinkage did, in one paragraph; or, with no standard errors, that nothing was."""
    if shrunk_codes(data):
        return t("shr_explained", lang, level=level_text(data, lang))
    return t("shr_nothing", lang, year=data.year)
