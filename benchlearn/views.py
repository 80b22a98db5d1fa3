"""What every reader-facing output draws, computed once from the meeting data.

The workbook, the static site and the PDF reports show the same things: each
indicator's members best to worst, each member's row by (municipality,
indicator), the members' median and middle half year by year, and a spine chart
per member. They are computed here, independent of the format, so the three
outputs cannot disagree; each output only decides how to draw them.

The colours are shared too: Fingertips' significance colours, the quarter
colours of the summary, and the one colour of the municipality a view is about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from benchlearn.access import PUBLIC
from benchlearn.definitions.matrix import Matrix, cell_words, matrix_of
from benchlearn.frames import records
from benchlearn.messages import number, t

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.statistics import Statistic
    from benchlearn.charts import SpineRow
    from benchlearn.compare import FunnelResult
    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.meeting import MeetingData

#: Colours that readers with any common colour-vision deficiency tell apart (ColorBrewer's
#: red–blue, which is colour-blind safe): blue is better, orange and red worse. Every
#: colour also has its words, a rank or a shape beside it, so colour is never the only signal.
QUARTILE_COLOURS = {1: "#67A9CF", 2: "#D1E5F0", 3: "#FDDBC7", 4: "#EF8A62"}
#: A comparison with the peers' pooled value, as Fingertips makes it: better, similar, worse;
#: higher and lower where no direction is better (purple, apart from better and worse).
SIGNIFICANCE_COLOURS = {
    "better": "#2166AC",
    "similar": "#FEE090",
    "worse": "#B2182B",
    "higher": "#542788",
    "lower": "#D8DAEB",
    "not compared": "#FFFFFF",
}
#: Text on the darker fills is white, so it keeps WCAG AA contrast.
LIGHT_TEXT = {"better", "worse", "higher"}
#: The municipality a view is about, wherever it is drawn among others.
FOCUS = "#1F4E78"
OTHERS = "#9DC3E6"
NEUTRAL = "#BFBFBF"
#: The change since the previous year: an arrow for its sign, coloured by its direction only
#: when it is significant (neutral indicators in the "higher" purple), grey otherwise.
ARROWS = {"up": "↑", "down": "↓", "same": "→"}
CHANGE_COLOURS = {"better": "#2166AC", "worse": "#B2182B", "up": "#542788", "down": "#542788"}
UNSURE = "#808080"
#: Spine markers: a shape for each verdict, so colour is never the only signal.
MARKERS = {"better": "^", "higher": "^", "worse": "v", "lower": "v", "similar": "o"}


def is_missing(value: Any) -> bool:
    """None, NaN, NA or NaT. Floats answer without pandas: this runs for every cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    import pandas as pd

    return bool(pd.isna(value))


def is_yes_no(ind: IndicatorDefinition) -> bool:
    """A yes/no indicator (:attr:`IndicatorDefinition.yes_no`): counted, never ranked."""
    return ind.yes_no


def is_ordinal(ind: IndicatorDefinition) -> bool:
    """An indicator on a scale of named levels other than yes/no: never ranked."""
    return ind.ordinal


@dataclass(frozen=True)
class Answers:
    """How many members gave each answer to a yes/no or ordinal indicator, and one
    member's own answer: what is shown instead of a rank."""

    values: tuple[float, ...]  # the answers, in the scale's order (yes before no)
    labels: tuple[str, ...]  # each answer in words: "2 – developing", "yes"
    counts: tuple[int, ...]  # members giving each answer
    blank: int  # members without a usable answer
    own: float | None  # the answer of the member a view is about, if any

    def text(self, lang: str) -> str:
        """The counts in one line: "0 – not started: 5 · 1 – initial: 10 … · no value: 1";
        a yes/no question as "yes: 23 of 43"."""
        answered = sum(self.counts)
        if self.values == (1.0, 0.0):
            return t("answers_yes", lang, yes=self.counts[0], answered=answered)
        parts = [f"{label}: {n}" for label, n in zip(self.labels, self.counts, strict=True)]
        if self.blank:
            parts.append(f"{t('wb_no_value', lang)}: {self.blank}")
        return " · ".join(parts)


def answers(data: MeetingData, code: str, lang: str, municipality: str | None = None) -> Answers:
    """How the members answered a yes/no or ordinal indicator in the year shown."""
    ind = data.definitions.indicators[code]
    if ind.yes_no:
        pairs = [(1.0, t("wb_yes", lang)), (0.0, t("wb_no", lang))]
    else:
        pairs = [(float(lv.value), level_text(ind, lv.value, lang)) for lv in ind.scale]
    rows = data.ranked[(data.ranked["indicator"] == code)
                       & data.ranked["municipality"].isin(data.members)]  # fmt: skip
    usable = rows[(rows["status"] != "..") & rows["value"].notna()]
    values = usable["value"].astype(float)
    if ind.yes_no:
        values = (values >= 0.5).astype(float)
    counts = tuple(int((values == v).sum()) for v, _ in pairs)
    own = None
    if municipality is not None:
        mine = values[usable["municipality"] == municipality]
        own = float(mine.iloc[0]) if len(mine) else None
    return Answers(
        tuple(v for v, _ in pairs),
        tuple(label for _, label in pairs),
        counts,
        len(data.members) - sum(counts),
        own,
    )


@dataclass(frozen=True)
class LevelMatrix:
    """A self-assessment as a grid: each cell's answers (how many members stand at each
    level, and the level of the member a view is about)."""

    matrix: Matrix
    cells: Mapping[str, Answers]  # indicator code → its answers
    words: Mapping[str, tuple[str, ...]]  # indicator code → its levels as a cell says them

    def cell(self, area: str, stage: str) -> Answers:
        """The answers of one cell of the grid."""
        return self.cells[self.matrix.codes[(area, stage)]]

    def table(self, lang: str) -> tuple[list[str], list[tuple[str, list[list[tuple[str, bool]]]]]]:
        """The grid as a table: its header (area, then the stages) and for each area its
        cells' :meth:`lines`."""
        stages = self.matrix.stages
        rows = [(a, [self.lines(a, s, lang) for s in stages]) for a in self.matrix.areas]
        return [t("wb_area", lang), *stages], rows

    def lines(self, area: str, stage: str, lang: str) -> list[tuple[str, bool]]:
        """What a cell says, line by line, as (text, whether it is the member's own level):
        "2 – developing: 12" for each level, then "no value: 1" where members have none."""
        found = self.cell(area, stage)
        words = self.words[self.matrix.codes[(area, stage)]]
        lines = [
            (f"{label}: {count}", value == found.own)
            for value, label, count in zip(found.values, words, found.counts, strict=True)
        ]
        if found.blank:
            lines.append((f"{t('wb_no_value', lang)}: {found.blank}", False))
        return lines

    def own_level(self, area: str, stage: str) -> int | None:
        """Where on the scale (0 for the lowest level) the member a view is about stands in
        one cell, None where it has no level: what the cell is coloured by."""
        found = self.cell(area, stage)
        own = found.own
        if own is None:
            return None
        return min(range(len(found.values)), key=lambda i: abs(found.values[i] - own))

    def largest(self) -> int:
        """The most members at one level in any cell: the height every cell's bars share,
        so that bars compare across the grid."""
        return max((max(a.counts, default=0) for a in self.cells.values()), default=0)


def level_matrix(
    data: MeetingData, lang: str, municipality: str | None = None
) -> LevelMatrix | None:
    """The network's self-assessment grid with every cell's answers; None without a grid."""
    matrix = matrix_of([data.definitions.indicators[c] for c in data.codes], lang)
    if matrix is None:
        return None
    codes = matrix.codes.values()
    return LevelMatrix(
        matrix,
        {code: answers(data, code, lang, municipality) for code in codes},
        {code: tuple(cell_words(data.definitions.indicators[code], lang)) for code in codes},
    )


def places(ind: IndicatorDefinition) -> int:
    """The decimals an indicator is shown with (2 where it declares none)."""
    return 2 if ind.decimals is None else ind.decimals


def level_text(ind: IndicatorDefinition, value: float, lang: str) -> str:
    """A value of an ordinal indicator as its level and the scale's label for it: "level 2 —
    developing", in Latvian "2. līmenis — attīstībā" (an ordinal number, as Latvian writes a
    level); a value between levels (a median) as a number."""
    import math

    from benchlearn.definitions import pick_text

    for level in ind.scale:
        if math.isclose(float(level.value), float(value)):
            return t(
                "level_named",
                lang,
                level=number(float(level.value), lang, 0),
                label=pick_text(level.label, lang),
            )
    return number(float(value), lang, places(ind))


def value_text(
    ind: IndicatorDefinition, value: Any, status: Any, lang: str, *, levels: bool = False
) -> str:
    """A value as a reader of ``lang`` writes it: ``..`` when confidential, empty when there
    is none, a yes/no answer as the word, with ``levels`` an ordinal one as its level."""
    if status == "..":
        return ".."
    if is_missing(value):
        return ""
    if is_yes_no(ind):
        return t("wb_yes" if float(value) >= 0.5 else "wb_no", lang)
    if levels and is_ordinal(ind):
        return level_text(ind, float(value), lang)
    return number(float(value), lang, places(ind))


def rank_set_text(r: Any) -> str:
    """A member's rank as a ranking table shows it: "3 (2–9)" with its rank set (Klein,
    Wright & Wieczorek's, from values with a standard error), "3" without one, empty
    when not ranked; the same text ``rank`` prints (:func:`~benchlearn.analysis.rank_sets.
    ranks_with_sets`)."""
    rank: Any = getattr(r, "rank", None)
    if is_missing(rank):
        return ""
    low: Any = getattr(r, "rank_low", None)
    high: Any = getattr(r, "rank_high", None)
    if is_missing(low) or is_missing(high):
        return str(int(rank))
    return f"{int(rank)} ({int(low)}\u2013{int(high)})"


def has_rank_sets(rows: Sequence[Any]) -> bool:
    """Whether any row of a ranking table has a rank set: only then do its ranks carry one
    and the note that explains it (values without uncertainty never get invented ones)."""
    return any(not is_missing(getattr(r, "rank_low", None)) for r in rows)


def rank_sets_note(confidence: float, lang: str) -> str:
    """The one sentence under a ranking table with rank sets, at the documents'
    ``--confidence``, as ``rank`` prints it."""
    from benchlearn.messages import percent

    level = percent(confidence, lang, 0 if confidence == int(confidence) else 1)
    return t("unc_rank_note", lang, level=level)


def ranking_tables(ranked: pd.DataFrame, directions: Mapping[str, str]) -> dict[str, list[Any]]:
    """Each indicator's rows best to worst, as records, from one sort of the whole table.

    Ranked rows first by rank; unranked (neutral or missing) after them by value,
    largest first unless the indicator is ``lower``; missing values last; ties by code.
    """
    import numpy as np

    sign = np.where(ranked["indicator"].map(directions).to_numpy() == "lower", 1.0, -1.0)
    ordered = ranked.assign(
        _order=ranked["rank"].astype(float).fillna(np.inf).to_numpy(),
        _value=ranked["value"].astype(float).to_numpy() * sign,
    ).sort_values(["indicator", "_order", "_value", "municipality"], na_position="last")
    tables: dict[str, list[Any]] = {}
    for r in records(ordered.drop(columns=["_order", "_value"])):
        tables.setdefault(r.indicator, []).append(r)
    return tables


def peer_basis_text(peers: str, lang: str) -> str:
    """What ``--peers`` means, in words: "the network's members", "its peers" …"""
    kind, _, name = peers.partition(":")
    if kind in {"network", "all"}:
        return t(f"peers_{kind}", lang)
    return t(f"peers_{kind}", lang, name=name)


def comparator_kind(data: MeetingData, code: str) -> str:
    """What an indicator's values are judged and drawn against: ``median``, ``pooled``, ``all``."""
    return data.definitions.indicators[code].comparator_for(data.comparator)


def comparator_label(data: MeetingData, code: str, lang: str) -> str:
    """The name of an indicator's reference line and legend entry: the comparator used."""
    return t(f"comparator_{comparator_kind(data, code)}", lang)


def comparator_text(data: MeetingData, lang: str) -> str:
    """The comparator in words, for a cover: one name, or "per indicator" when they differ."""
    kinds = {comparator_kind(data, code) for code in data.codes} or {"median"}
    if len(kinds) == 1:
        return t(f"comparator_{kinds.pop()}", lang)
    return t("comparator_mixed", lang)


def practice_note(partner: Any) -> str:
    """A learning partner's good practice in full, as every output prints it: the title,
    then the text and the link, ``Title: text (https://…)``; empty when it has none."""
    title = str(getattr(partner, "practice", "") or "")
    text = str(getattr(partner, "practice_text", "") or "").strip().rstrip(".")
    url = str(getattr(partner, "practice_url", "") or "")
    note = f"{title}: {text}" if title and text else title or text
    return f"{note} ({url})" if note and url else note or url


def facts(
    data: MeetingData, lang: str, extra: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """What a cover says before anything else, as (label, text) rows: network, year, peer
    basis, ``extra`` rows, the date; then, unlabelled, the boundaries and what they leave
    out, and the network's description. The workbook and the PDFs print the same rows."""
    import datetime as dt

    from benchlearn.definitions import pick_text
    from benchlearn.messages import date

    # A self-assessment is never judged against anything: no reference value to name.
    judged = any(data.definitions.indicators[c].ranked for c in data.codes)
    rows = [
        (t("network", lang), f"{data.network.code}: {data.network.label(lang)}"),
        (t("year", lang), str(data.year)),
        # A document for anyone but the public says so before anything it shows.
        *(
            [(t("aud_audience", lang), data.audience.label(lang, data.names))]
            if data.audience != PUBLIC
            else []
        ),  # fmt: skip
        (t("peer_basis", lang), peer_basis_text(data.peers, lang)),
        *([(t("comparator_basis", lang), comparator_text(data, lang))] if judged else []),
        *extra,
        (t("generated", lang), date(dt.date.today(), lang)),
    ]
    if data.boundaries is not None:
        rows.append(("", t("boundaries_note", lang, year=data.boundaries)))
        rows += [("", note) for note in boundary_notes(data, lang)]
    description = pick_text(data.network.description, lang)
    if description:
        rows.append(("", description))
    return rows


def boundary_notes(data: MeetingData, lang: str, municipality: str | None = None) -> list[str]:
    """What a reader is told instead of a guessed sum: one sentence per unit (or only for
    ``municipality``) whose figures before a reform are left missing on these boundaries."""
    from benchlearn.messages import say

    def named(code: str) -> str:
        return f"{data.names.get(code, code)} ({code})"

    return [
        say("reg_not_apportioned", lang,
            {"new": named(new), "old": ", ".join(named(c) for c in old), "year": year})
        for new, old, year in data.unapportioned
        if municipality is None or new == municipality
    ]  # fmt: skip


@dataclass(frozen=True)
class ChangeMark:
    """How a change since the previous year is shown: ``↑ +1,2`` in its colour, and the
    rank change as ``+2``; empty texts where there is no change to show."""

    text: str
    colour: str
    significant: bool
    rank: str
    direction: str = ""  # better, worse, up, down, same; empty without a change


def change_mark(ind: IndicatorDefinition, r: Any, lang: str) -> ChangeMark:
    """The change of row ``r`` (:data:`benchlearn.analysis.change.COLUMNS`) as people read it:
    the arrow of its sign, the signed change in the indicator's decimals, the colour of its
    direction when significant (grey otherwise) and the signed rank change."""
    change: Any = getattr(r, "value_change", None)
    moved: Any = getattr(r, "rank_change", None)
    rank = "" if is_missing(moved) else f"{int(moved):+d}".replace("-", "−").replace("+0", "0")
    if is_missing(change) or getattr(r, "status", None) == "..":
        return ChangeMark("", UNSURE, False, rank)
    change = float(change)
    arrow = ARROWS["up" if change > 0 else "down" if change < 0 else "same"]
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    text = f"{arrow} {sign}{number(abs(change), lang, places(ind))}"
    flag = getattr(r, "change_significant", None)
    significant = not is_missing(flag) and bool(flag)
    direction = getattr(r, "change_direction", None)
    colour = CHANGE_COLOURS.get(str(direction), UNSURE) if significant else UNSURE
    words = "" if is_missing(direction) else str(direction)
    return ChangeMark(text, colour, significant, rank, words)


def changed_indicators(data: MeetingData, by_key: Mapping[tuple[str, str], Any]) -> set[str]:
    """The ranked indicators with a change since an earlier year for some member: those the
    summary grids give a change beside (a self-assessed level's or a yes/no answer's change
    is a new statement, not a measured one: the levels' own tables show last year's)."""
    return {
        code
        for (_, code), r in by_key.items()
        if data.definitions.indicators[code].ranked
        and not is_missing(getattr(r, "value_change", None))
    }


def significance_label(significance: str, lang: str) -> str:
    """A significance verdict in words: ``better``, ``similar`` … in ``lang``."""
    return t(f"sig_{significance.replace(' ', '_')}", lang)


@dataclass(frozen=True)
class Trends:
    """Year by year, up to the year shown: each member's usable value, and the members'
    quartiles, median and mean (for a yes/no indicator, the share answering yes)."""

    values: pd.DataFrame  # index (indicator, year), a column per municipality
    stats: pd.DataFrame  # index (indicator, year): q1, median, q3, mean

    @property
    def codes(self) -> set[str]:
        """The indicators with at least one usable value."""
        return set(self.values.index.get_level_values(0))

    def years(self, code: str) -> list[int]:
        """The years the indicator has usable values in (empty when it has none)."""
        if code not in self.codes:
            return []
        return [int(y) for y in self.stats.loc[code].index]


def trends(data: MeetingData) -> Trends:
    """The year-by-year values and statistics of every indicator, computed once."""
    import pandas as pd

    history = data.history
    usable = history[
        history["status"].isna() & history["value"].notna() & (history["year"] <= data.year)
    ]
    values = usable.pivot_table(
        index=["indicator", "year"], columns="municipality", values="value", aggfunc="first"
    )
    grouped = usable.groupby(["indicator", "year"])["value"]
    stats = pd.DataFrame(
        {
            "q1": grouped.quantile(0.25),
            "median": grouped.median(),
            "q3": grouped.quantile(0.75),
            "mean": grouped.mean(),
        }
    )
    return Trends(values, stats)


def marker(r: Any) -> tuple[str, str, str]:
    """Colour, shape and legend key of a municipality's marker on a spine chart: its
    significance where the indicator has counts, else its quarter (a diamond)."""
    if isinstance(r.significance, str):
        return (
            SIGNIFICANCE_COLOURS[r.significance],
            MARKERS.get(r.significance, "s"),
            (r.significance),
        )
    if not is_missing(r.quartile):
        quartile = int(r.quartile)
        return QUARTILE_COLOURS[quartile], "D", f"quarter_{quartile}"
    return NEUTRAL, "D", "neutral"


def marker_label(key: str, lang: str) -> str:
    """The legend text of a marker key from :func:`marker`."""
    if key.startswith("quarter_"):
        return t("spine_quarter", lang, quarter=t(key, lang))
    if key == "neutral":
        return t("neutral", lang)
    return significance_label(key, lang)


def spine_rows(
    data: MeetingData, by_key: Mapping[tuple[str, str], Any], municipality: str, lang: str
) -> tuple[list[SpineRow], list[tuple[str, str, str]]]:
    """The rows of a municipality's spine chart and the legend of the markers used.

    Each row is scaled so the comparator (the reference the marker's colour is
    judged against) is in the middle and the farther of the peers' extremes at
    the edge; an indicator where lower is better is
    turned round, so the better end is always on the right. An indicator with
    no spread among the peers, or no peers, has no row.
    """
    from benchlearn.charts import SpineRow

    rows: list[SpineRow] = []
    legend: dict[str, tuple[str, str, str]] = {}
    for code in data.codes:
        ind = data.definitions.indicators[code]
        r = by_key.get((municipality, code))
        if not ind.ranked:  # levels and yes/no answers are counted, not placed on a scale
            continue
        if r is None or is_missing(r.comparator) or is_missing(r.peer_min):
            continue
        median = float(r.comparator)
        half = max(median - float(r.peer_min), float(r.peer_max) - median)
        if not half > 0:
            continue
        sign = -1.0 if ind.direction == "lower" else 1.0

        def at(x: Any, median: float = median, half: float = half, sign: float = sign) -> float:
            return sign * (float(x) - median) / half

        ends = sorted((at(r.peer_min), at(r.peer_max)))
        quarters = sorted((at(r.peer_q1), at(r.peer_q3)))
        shown = r.status != ".." and not is_missing(r.value)
        colour, shape, key = marker(r)
        if shown and key not in legend:
            legend[key] = (marker_label(key, lang), colour, shape)
        rows.append(
            SpineRow(
                ind.label(lang),
                at(r.value) if shown else None,
                ends[0],
                quarters[0],
                0.0,
                quarters[1],
                ends[1],
                colour,
                shape,
                value_text(ind, r.value, r.status, lang) if shown else "",
            )
        )
    shown = [legend[key] for key in sorted(legend, key=_legend_order)]
    if rows:  # the centre line: the comparator the colours are judged against
        from benchlearn.charts import TARGET

        shown.append((comparator_text(data, lang), TARGET, "|"))
    return rows, shown


def _legend_order(key: str) -> int:
    """Legend entries best first: the verdicts, then the quarters, then the context."""
    order = ["better", "higher", "similar", "lower", "worse", "not compared"]
    order += [f"quarter_{q}" for q in (1, 2, 3, 4)] + ["neutral"]
    return order.index(key) if key in order else len(order)


def funnel(data: MeetingData, code: str) -> FunnelResult | None:
    """The funnel plot of an indicator with counts, from the rows already ranked, around
    the comparator the colours use: None without counts, with fewer than three members
    with counts, or when members are compared with different values (each with its own
    peers: the intervals on the ranking say it then)."""
    from benchlearn.analysis.significance import Counted
    from benchlearn.analysis.significance import funnel as funnel_table
    from benchlearn.compare import FunnelResult

    ind = data.definitions.indicators[code]
    if ind.statistic is None:
        return None
    ranked = data.ranked[data.ranked["indicator"] == code]
    usable = ranked[
        ranked["numerator"].notna()
        & ranked["value"].notna()
        & (ranked["denominator"] > 0)
        & ranked["comparator"].notna()
        & (ranked["status"] != "..")
    ]
    if len(usable) < 3 or usable["comparator"].round(12).nunique() != 1:
        return None
    counted = Counted(cast("Statistic", ind.statistic), ind.multiplier or 1.0, ind.direction)
    found = funnel_table(usable.rename(columns={"comparator": "target"}), counted)
    table = found.table
    table.insert(1, "name", table["municipality"].map(lambda m: data.names.get(m, m)))
    left_out = sorted(set(data.members) - set(table["municipality"]))
    reference = comparator_kind(data, code)
    below = data.definitions.indicators.get(ind.denominator or "")
    return FunnelResult(ind, table, found.phi, found.tau2, False, left_out, reference, below)
