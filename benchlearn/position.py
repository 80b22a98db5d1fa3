"""Where a municipality stands: a compact table and sentences in the manner of Oflog's text.

The sentences follow the Office for Local Government's automated comparison
text: the value, how far it is from the peers' median (the robust z, said in
words rather than in median absolute deviations), and the median itself; where
the indicator has counts, whether it differs from the peers' pooled value by
more than chance; then the strongest and weakest indicators and whom to learn
from, with their good practice. Numbers are written as a reader of the language
writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchlearn.compare import PARTNER_COLUMNS
from benchlearn.frames import records
from benchlearn.meeting import MeetingData
from benchlearn.messages import number, percent, t
from benchlearn.views import (
    ChangeMark,
    answers,
    boundary_notes,
    change_mark,
    comparator_kind,
    is_missing,
    practice_note,
    value_text,
)

if TYPE_CHECKING:
    import pandas as pd

POSITION_SHEETS = ("cover", "position", "profiles", "indicators", "definitions")
TABLE_COLUMNS = ["indicator", "name", "value", "rank_of_n", "band", "change", "rank_change"]


@dataclass(frozen=True)
class Position:
    """A municipality's position among its peers."""

    municipality: str
    name: str
    table: pd.DataFrame  # TABLE_COLUMNS: the change with its arrow, the rank change signed
    sentences: list[str]
    strongest: list[str]
    weakest: list[str]
    partners: pd.DataFrame
    #: Where a new part of the text starts in ``sentences`` (the summary, whom to learn
    #: from): printed and written with a blank line before it.
    breaks: tuple[int, ...] = ()
    #: Each indicator's change since the previous year as drawn (its colour says whether
    #: it is significant); indicators without a change have none.
    marks: dict[str, ChangeMark] = field(default_factory=dict)
    #: The indicators worse than the comparator and significantly worse than last year.
    red_red: tuple[str, ...] = ()
    #: Its gaps to its clearly better similar municipalities (``learning.GAP_COLUMNS``).
    gaps: pd.DataFrame | None = None

    def with_gaps(self) -> pd.DataFrame:
        """:data:`TABLE_COLUMNS` and, per indicator, the gap to the clearly better similar
        municipalities: ``better_peers, better_median, gap, gap_amount, gap_of`` (empty
        where it is not behind or nobody similar does clearly better)."""
        from benchlearn.learning import GAP_COLUMNS

        extra = GAP_COLUMNS[3:]
        gaps = self.gaps
        if gaps is None or gaps.empty:
            return self.table.assign(**{c: None for c in extra})
        table = self.table.merge(gaps[["indicator", *extra]], on="indicator", how="left")
        return table.assign(better_peers=table["better_peers"].astype("Int64"))


def _format(value: float, decimals: int | None, unit: str, lang: str = "en") -> str:
    """A value with its unit, in the reader's number style (12.3% / 12,3 %; 1,234 persons)."""
    places = _places(decimals)
    if unit == "%":
        return percent(value, lang, places)
    return f"{number(value, lang, places)} {unit}"


def _basis(peers: str, lang: str) -> str:
    kind, _, name = peers.partition(":")
    if kind in {"group", "similar"}:
        return t("basis_group", lang)
    if kind == "attr":
        return t("basis_attr", lang, name=name)
    return t(f"basis_{kind}" if kind in {"network", "all"} else "basis_network", lang)


def _places(decimals: int | None) -> int:
    """An indicator's decimals, 2 where it declares none."""
    return 2 if decimals is None else decimals


def _in_sentence(label: str, lang: str) -> str:
    """An indicator's name inside an English sentence starts lower case; Latvian quotes it."""
    return label[0].lower() + label[1:] if lang == "en" and label else label


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:] if label else label


def _significance_sentence(
    data: MeetingData, r: Any, judged: str, name: str, label: str, value: str, lang: str
) -> str:
    """The fair comparison in words: beyond chance from the comparator, or within it."""
    ind = data.definitions.indicators[str(r.indicator)]
    kind = comparator_kind(data, str(r.indicator))
    comparator = _format(r.comparator, ind.decimals, ind.unit_label(lang), lang)
    level = percent(data.confidence, lang, 0 if data.confidence == int(data.confidence) else 1)
    if judged == "similar":
        return t("sentence_within_chance", lang, name=name, indicator=label, value=value,
                 reference=t(f"ref_{kind}_to", lang), comparator=comparator,
                 level=level)  # fmt: skip
    return t("sentence_significant", lang, name=name, indicator=label, value=value,
             comparison=t(f"cmp_{judged}", lang), reference=t(f"ref_{kind}", lang),
             comparator=comparator, level=level)  # fmt: skip


def _partner_sentence(data: MeetingData, p: Any, lang: str) -> str:
    """One learning partner in words: who, how similar, the values, whom to write to and
    the good practice in full."""
    import pandas as pd

    partner_ind = data.definitions.indicators[p.indicator]
    unit, decimals = partner_ind.unit_label(lang), partner_ind.decimals
    similarity = (
        "" if pd.isna(p.similarity)
        else t("partner_similarity", lang, similarity=number(p.similarity, lang, 2))
    )  # fmt: skip
    text = t(
        "partner_sentence", lang, partner=data.names.get(p.partner, p.partner),
        similarity=similarity, indicator=_in_sentence(partner_ind.label(lang), lang),
        partner_value=_format(p.partner_value, decimals, unit, lang),
        own_value=_format(p.own_value, decimals, unit, lang),
    )  # fmt: skip
    if p.contact:
        text += t("partner_contact", lang, contact=p.contact)
    practice = practice_note(p)
    if practice:
        text += t("see_practice", lang, practice=practice)
    return text if text.endswith(".") else text + "."


def own_gaps(data: MeetingData, municipality: str) -> pd.DataFrame:
    """The rows of ``data.gaps`` of one municipality (none when the gaps were not gathered)."""
    import pandas as pd

    from benchlearn.learning import GAP_COLUMNS

    if data.gaps is None:
        return pd.DataFrame(columns=GAP_COLUMNS)
    return data.gaps[data.gaps["municipality"] == municipality].reset_index(drop=True)


def amount_text(value: float, decimals: int, unit: str, lang: str) -> str:
    """A signed amount with its unit: +159 persons; money in euro as each language writes
    it, EUR before the number in English (+EUR 140,000), after it in Latvian (+140 000 EUR)."""
    # Signed as the change marks are: + and the minus sign (−), in both languages.
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    size = abs(value)
    if unit == "EUR" and lang == "en":
        return f"{sign}EUR {number(size, lang, decimals)}"
    if unit == "%":
        return sign + percent(size, lang, decimals)
    return f"{sign}{number(size, lang, decimals)} {unit}".rstrip()


def gap_sentences(data: MeetingData, gaps: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per row of ``gaps`` (one municipality's): the clearly better similar
    municipalities' median, the gap to it in the indicator's units and, where it is counted
    over a denominator, in the numerator's own units (people, money)."""
    defs = data.definitions.indicators
    sentences = []
    for g in records(gaps):
        ind = defs[g.indicator]
        unit, places = ind.unit_label(lang), _places(ind.decimals)
        amount = ""
        if not is_missing(g.gap_amount) and g.gap_of in defs:
            counted = defs[g.gap_of]
            amount = t(
                # After a semicolon, lower case in both languages (Latvian does not quote it).
                "rk_gap_amount", lang, numerator=_lower_first(counted.label(lang)),
                amount=amount_text(float(g.gap_amount), _places(counted.decimals or 0),
                                   counted.unit_label(lang), lang),
            )  # fmt: skip
        sentences.append(
            t(
                "rk_gap",
                lang,
                indicator=_in_sentence(ind.label(lang), lang),
                count=int(g.better_peers),
                target=amount_text(float(g.better_median), places, unit, lang).lstrip("+"),
                gap=amount_text(float(g.gap), places, unit, lang),
                amount=amount,
            )  # fmt: skip
        )
    return sentences


def describe(data: MeetingData, municipality: str, lang: str = "en") -> Position:
    """Build the table and sentences from gathered meeting data."""
    import pandas as pd

    name = data.names.get(municipality, municipality)
    mine = {str(r.indicator): r for r in data.member_records(municipality)}
    with_changes = "value_change" in data.ranked.columns
    rows = []
    sentences = []
    counted = False  # any indicator shown by its answers rather than ranked
    scored: list[tuple[float, str, bool]] = []
    marks: dict[str, ChangeMark] = {}
    basis = _basis(data.peers, lang)
    for code in data.codes:
        ind = data.definitions.indicators[code]
        if not ind.ranked:  # a level or a yes/no answer: the answer and how many gave each
            found = answers(data, code, lang, municipality)
            own = ""
            if code in mine:
                own = value_text(ind, mine[code].value, mine[code].status, lang, levels=True)
            rows.append((code, ind.label(lang), own, "", found.text(lang), "", ""))
            counted = True
            continue
        if code not in mine:
            rows.append((code, ind.label(lang), "", "", "", "", ""))
            continue
        r = mine[code]
        confidential = r.status == ".."
        has_value = not confidential and not is_missing(r.value)
        value = (
            ".."
            if confidential
            else (_format(r.value, ind.decimals, ind.unit_label(lang), lang) if has_value else "")
        )
        rank_text = "" if is_missing(r.rank) else f"{int(r.rank)} / {int(r.n)}"
        judged = r.significance if isinstance(r.significance, str) else None
        band = "" if is_missing(r.band) else t(str(r.band), lang)
        if judged is not None:  # counts behind it: the fair comparison is the verdict
            band = t(f"sig_{judged.replace(' ', '_')}", lang)
        mark = change_mark(ind, r, lang) if with_changes else None
        if mark is not None and has_value and mark.text:
            marks[code] = mark
        change = mark.text if mark is not None and has_value else ""
        moved = mark.rank if mark is not None and has_value else ""
        rows.append((code, ind.label(lang), value, rank_text, band, change, moved))
        label = _in_sentence(ind.label(lang), lang)
        if has_value and judged is not None and judged != "not compared":
            sentences.append(_significance_sentence(data, r, judged, name, label, value, lang))
        elif has_value and band and not is_missing(r.comparator) and judged is None:
            # The band is measured from the comparator: the members' median, or all units'.
            everyone = comparator_kind(data, code) == "all"
            median = _format(r.comparator, ind.decimals, ind.unit_label(lang), lang)
            similar = r.band == "broadly similar"
            distance = "" if similar else t(f"distance_{r.band}", lang)
            sentences.append(
                t(
                    "sentence_similar" if similar else "sentence",
                    lang,
                    name=name,
                    indicator=label,
                    value=value,
                    distance=distance,
                    basis=t("basis_all", lang) if everyone else basis,
                    median=median,
                )
            )
        # Strongest and weakest: the indicators where the verdict itself says better or worse
        # (significance where the counts are there, else the band), most distant first.
        verdict = judged if judged not in (None, "not compared") else str(r.band)
        if has_value and verdict.endswith(("better", "worse")):
            z = 0.0 if is_missing(r.robust_z) else float(r.robust_z)
            scored.append((z, code, verdict.endswith("better")))
    if counted:  # said of a table's counts and of a matrix's cells alike
        sentences.append(t("answers_not_ranked", lang))
    scored.sort()
    strongest = [c for _, c, better in reversed(scored) if better][:3]
    weakest = [c for _, c, better in scored if not better][:3]
    labels = {c: data.definitions.indicators[c].label(lang) for c in data.codes}
    breaks = [len(sentences)] if strongest or weakest else []
    if strongest:
        sentences.append(t("strongest", lang, items="; ".join(labels[c] for c in strongest)))
    if weakest:
        sentences.append(t("weakest", lang, items="; ".join(labels[c] for c in weakest)))
    partners = data.partners.get(municipality)
    breaks.append(len(sentences))
    ranked_any = any(data.definitions.indicators[c].ranked for c in data.codes)
    if partners is None or partners.empty:
        if ranked_any:  # a self-assessment has no "clearly better": nothing to say
            unsimilar = municipality in data.unsimilar
            sentences.append(
                t("partners_no_similarity", lang, name=name)
                if unsimilar
                else t("no_partners", lang)
            )
        partners = pd.DataFrame(columns=PARTNER_COLUMNS)
    else:
        # Every partner the table lists, in its order: the sentences and the tables agree.
        sentences.append(t("partners_intro", lang))
        if not data.network.structural:
            sentences.append(t("partners_by_peers", lang))
        for p in records(partners):
            sentences.append(_partner_sentence(data, p, lang))
    gaps = own_gaps(data, municipality)
    if len(gaps):
        breaks.append(len(sentences))
        sentences += [t("rk_gaps_intro", lang), *gap_sentences(data, gaps, lang)]
    notes = boundary_notes(data, lang, municipality)
    if notes:  # on reformed boundaries, why earlier figures are missing
        breaks.append(len(sentences))
        sentences += [note + "." for note in notes]
    # Worse than the comparator and getting worse ("red-red") is said first.
    reds = data.red_reds(municipality)
    if reds:
        items = "; ".join(data.definitions.indicators[c].label(lang) for c in reds)
        since = min(data.since.get(c, data.year - 1) for c in reds)
        sentences.insert(0, t("ch_red_red", lang, year=since, items=items))
        breaks = [1, *(b + 1 for b in breaks)]
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return Position(
        municipality, name, table, sentences, strongest, weakest, partners, tuple(breaks),
        marks, reds, gaps,
    )  # fmt: skip


def headline(data: MeetingData, municipality: str, lang: str = "en") -> list[str]:
    """Where a member stands, in three sentences a council reads first: how many indicators
    are better (slightly or more), similar and worse than the comparator; the red-reds
    named (or that there are none); the largest significant improvement since the previous
    year (by its change in its own standard errors, as the agenda ranks them) or none.

    The handout's top and the site's member page say the same three lines."""
    name = data.names.get(municipality, municipality)
    ranked_codes = {c for c in data.codes if data.definitions.indicators[c].ranked}
    mine = [r for r in data.member_records(municipality) if r.status != ".."
            and not is_missing(r.value) and r.indicator in ranked_codes]  # fmt: skip
    # Slightly better or worse counts on its side, as the strongest and weakest do; higher
    # and lower (no better end) are not verdicts and are not counted.
    judged = [str(r.band if is_missing(r.significance) else r.significance) for r in mine
              if not (is_missing(r.significance) and is_missing(r.band))]  # fmt: skip
    better = sum(1 for verdict in judged if verdict.endswith("better"))
    worse = sum(1 for verdict in judged if verdict.endswith("worse"))
    similar = sum(1 for verdict in judged if verdict in ("similar", "broadly similar"))
    lines = [
        t(
            "hl_standing",
            lang,
            name=name,
            year=data.year,
            better=better,
            compared=better + similar + worse,
            similar=similar,
            worse=worse,
        )
    ]
    before = data.year - 1
    reds = data.red_reds(municipality)
    if reds:
        items = "; ".join(data.definitions.indicators[c].label(lang) for c in reds)
        since = min(data.since.get(c, before) for c in reds)
        lines.append(t("ch_red_red", lang, year=since, items=items))
    else:
        lines.append(t("hl_no_red_red", lang, year=before))
    moved = [r for r in mine if "change_significant" in data.ranked.columns
             and not is_missing(r.change_significant) and bool(r.change_significant)
             and r.change_direction == "better"]  # fmt: skip
    if not moved:
        lines.append(t("hl_no_improvement", lang, year=before))
        return lines
    best = max(moved, key=lambda r: abs(float(r.change_z)))
    ind = data.definitions.indicators[str(best.indicator)]
    unit = ind.unit_label(lang)
    lines.append(
        t(
            "hl_improvement",
            lang,
            year=data.since.get(ind.code, before),
            now=data.year,
            indicator=ind.label(lang),
            before=_format(best.value_since, ind.decimals, unit, lang),
            value=_format(best.value, ind.decimals, unit, lang),
        )
    )
    return lines
