"""What each page of the site says, in one language: the network, a member, an indicator.

A :class:`Pages` reads the meeting data once (the ranking tables, the trends and
each member's position) and hands the templates plain values: texts already in
the reader's language and number format, links as page keys, and each chart as
inline SVG with its text alternative and the rows of its table. Confidential
values (``..``) are shown as ``..`` in tables and never drawn.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, Any

from benchlearn.access import PUBLIC
from benchlearn.definitions import pick_text
from benchlearn.frames import records
from benchlearn.messages import alphabetical, date, number, percent, t
from benchlearn.position import describe, headline
from benchlearn.site import figures
from benchlearn.site.cells import (
    NO_VALUE,
    Cell,
    Chart,
    change_class,
    fill,
    funnel_key,
    indicator_key,
    member_key,
    num,
    significance_class,
    with_code,
)
from benchlearn.site.drawn import TrendSVG, rank_intervals_svg, ranked_bars_svg, spine_svg
from benchlearn.site.funnel import funnel_svg
from benchlearn.site.histogram import histogram_svg
from benchlearn.site.matrix import matrix_view
from benchlearn.site.plans import plans_part
from benchlearn.site.shrunk import shrunk_section
from benchlearn.views import (
    boundary_notes,
    change_mark,
    changed_indicators,
    comparator_label,
    comparator_text,
    funnel,
    has_rank_sets,
    is_missing,
    is_ordinal,
    is_yes_no,
    level_text,
    peer_basis_text,
    practice_note,
    rank_set_text,
    rank_sets_note,
    ranking_tables,
    significance_label,
    spine_rows,
    trends,
    value_text,
)

if TYPE_CHECKING:
    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.meeting import MeetingData


class Pages:
    """The contents of every page of one network's site, in one language."""

    def __init__(self, data: MeetingData, lang: str) -> None:
        self.data, self.lang = data, lang
        definitions = data.definitions.indicators
        directions = {c: i.direction for c, i in definitions.items()}
        self.tables = ranking_tables(data.ranked, directions)
        self.by_key = {(r.municipality, r.indicator): r for rs in self.tables.values() for r in rs}
        self.trends = trends(data)
        with_values = {
            r.municipality for rs in self.tables.values() for r in rs if not is_missing(r.value)
        }
        self.without_data = [m for m in data.members if m not in with_values]
        self._trend_figures: dict[tuple[str, ...], TrendSVG] = {}

    def prepare(self) -> None:
        """Compute now what every member's page reads (the trend panels, each member's rows
        and red-reds), so that processes forked afterwards share it rather than each
        computing it again; without this, the first page that needs each computes it."""
        self.data.member_records("")
        self.data.red_reds("")
        if self._trend_panels:
            self._panels(self._trend_panels)

    # --- shared ---------------------------------------------------------------------

    def name(self, code: str) -> str:
        return self.data.names.get(code, code)

    def indicator(self, code: str) -> IndicatorDefinition:
        return self.data.definitions.indicators[code]

    def value_text(self, ind: IndicatorDefinition, r: Any) -> str:
        """A member's value as a reader writes it (see :func:`benchlearn.views.value_text`);
        a dash where there is none."""
        if r is None:
            return NO_VALUE
        return value_text(ind, r.value, r.status, self.lang, levels=True) or NO_VALUE

    def format(self, ind: IndicatorDefinition, value: float) -> str:
        """A number of the indicator (a value, a median, a limit) as a reader writes it."""
        return value_text(ind, value, None, self.lang, levels=True) or NO_VALUE

    def colour_class(self, r: Any) -> tuple[str, str]:
        """A cell's colour class and its meaning in words (for the title and the legend)."""
        if r is None or r.status == ".." or is_missing(r.value):
            return "none", t("no_value", self.lang)
        if isinstance(r.significance, str) and r.significance != "not compared":
            return significance_class(r.significance), significance_label(r.significance, self.lang)
        if not is_missing(r.quartile):
            quartile = int(r.quartile)
            return f"q{quartile}", t(f"quarter_{quartile}", self.lang)
        return "neutral", t("neutral", self.lang)

    def common(self) -> dict[str, Any]:
        data, lang = self.data, self.lang
        return {
            "lang": lang,
            "network": data.network,
            "network_label": data.network.label(lang),
            # "KOSTRA: … (KOSTRA)" would say the code twice.
            "network_title": with_code(data.network.label(lang), data.network.code),
            "year": data.year,
            "peer_basis": peer_basis_text(data.peers, lang),
            "comparator": comparator_text(data, lang),
            "generated": date(dt.date.today(), lang),
            # Every page of an edition not for the public says for whom it is, at its top.
            "audience": "" if data.audience == PUBLIC else data.audience.label(lang, data.names),
            "t": lambda key, **values: t(key, lang, **values),
            "indicators": [(c, self.indicator(c).label(lang)) for c in data.codes],
            "models": [(v.model.code, v.model.label(lang)) for v in data.efficiency],
            "sources": sorted(
                {data.network.source_label(lang)}
                | {self.indicator(c).source_label(lang) for c in data.codes} - {""}
            ),
        }

    # --- the network ----------------------------------------------------------------

    def network_page(self) -> dict[str, Any]:
        data, lang = self.data, self.lang
        header = [t("municipality", lang)] + [self.indicator(c).label(lang) for c in data.codes]
        scores = data.index.set_index("municipality") if not data.index.empty else None
        if scores is not None:
            header.append(t("score", lang))
        rows: list[list[Cell]] = []
        changed = changed_indicators(data, self.by_key)
        order = self._members_by_score(scores)
        for m in order:
            row = [Cell(self.name(m), member_key(m), code=m)]
            for code in data.codes:
                r = self.by_key.get((m, code))
                css, meaning = self.colour_class(r)
                text = self.value_text(self.indicator(code), r)
                rank = "" if r is None or is_missing(r.rank) else f"{int(r.rank)}."
                mark = change_mark(self.indicator(code), r, lang) if code in changed else None
                arrow, title = "", meaning
                if mark is not None and mark.text:  # the arrow in the cell, the figure on hover
                    arrow = mark.text.split(" ")[0]
                    title = f"{meaning}; {t('wb_change', lang)}: {mark.text}"
                row.append(Cell(text, css=css, title=title, code=rank, numeric=True,
                                mark=arrow, mark_css=change_class(mark)))  # fmt: skip
            if scores is not None:
                score = scores["score"].get(m)
                row.append(
                    Cell(
                        NO_VALUE if is_missing(score) else number(num(score), lang, 1),
                        numeric=True,
                    )  # fmt: skip
                )
            rows.append(row)
        quartered = any(not is_missing(r.quartile) for r in self.by_key.values())
        legend = [(f"q{q}", t(f"quarter_{q}", lang)) for q in (1, 2, 3, 4) if quartered]
        if any(isinstance(r.significance, str) for r in self.by_key.values()):
            legend += [
                (significance_class(s), significance_label(s, lang))
                for s in ("better", "similar", "worse", "higher", "lower")
            ]
        legend += [("neutral", t("neutral", lang)), ("none", t("no_value", lang))]
        return {
            "overview_arrows": t("ch_arrows", lang) if changed else "",
            **self.common(),
            "title": t("title", lang, network=data.network.label(lang)),
            "description": pick_text(data.network.description, lang),
            "boundaries": (
                [t("boundaries_note", lang, year=data.boundaries), *boundary_notes(data, lang)]
                if data.boundaries is not None
                else []
            ),
            "overview_header": header,
            "overview": rows,
            "legend": legend,
            "without_data": [(m, self.name(m)) for m in self.without_data],
            "index_chart": self._index_chart(scores),
            "members": [
                (m, self.name(m), m in data.joined)
                for m in sorted(data.members, key=lambda m: alphabetical(self.name(m)))
            ],
            "members_left": ", ".join(f"{self.name(m)} ({m})" for m in data.left),
            "definitions": [self._definition(c) for c in data.codes],
            "levels": self._levels(),
            "levels_only": not any(self.indicator(c).ranked for c in data.codes),
        }

    def _levels(self, municipality: str | None = None) -> dict[str, Any] | None:
        """The self-assessment matrix (:mod:`benchlearn.site.matrix`); None without one."""
        name = None if municipality is None else self.name(municipality)
        return matrix_view(self.data, self.lang, name, municipality)

    def _members_by_score(self, scores: Any) -> list[str]:
        members = [m for m in self.data.members if m not in self.without_data]
        if scores is None:
            return sorted(members, key=lambda m: alphabetical(self.name(m)))

        def order(m: str) -> tuple[float, tuple[str, str]]:
            rank = scores["rank"].get(m)
            return (float("inf") if is_missing(rank) else float(rank), alphabetical(self.name(m)))

        return sorted(members, key=order)

    def _index_chart(self, scores: Any) -> Chart | None:
        if scores is None:
            return None
        lang = self.lang
        ranked = scores[scores["rank"].notna()].sort_values("rank")
        if ranked.empty:
            return None
        # Without Monte Carlo draws (draws=0) there are no intervals: each rank is its own.
        low = ranked["rank_low"].astype(float).fillna(ranked["rank"].astype(float))
        high = ranked["rank_high"].astype(float).fillna(ranked["rank"].astype(float))
        points = [
            (self.name(str(m)), float(r["rank"]), float(low[m]), float(high[m]))
            for m, r in ranked.iterrows()
        ]
        svg = rank_intervals_svg(points, lang, t("site_alt_index", lang))
        # Members below the coverage needed are listed after the ranked ones, not ranked.
        rows = [
            [
                Cell("" if is_missing(r["rank"]) else str(int(r["rank"])), numeric=True),
                Cell(self.name(str(m)), member_key(str(m)), code=str(m)),
                Cell(t("not_ranked", lang)) if is_missing(r["score"])
                else Cell(number(float(r["score"]), lang, 1), numeric=True),
                Cell("" if is_missing(r["rank_low"])
                     else f"{int(r['rank_low'])}–{int(r['rank_high'])}", numeric=True),
                Cell(percent(100 * float(r["coverage"]), lang, 0), numeric=True),
            ]
            for m, r in scores.sort_values("rank", na_position="last").iterrows()
        ]  # fmt: skip
        header = [t("rank", lang), t("municipality", lang), t("score", lang),
                  t("rank_interval", lang), t("coverage", lang)]  # fmt: skip
        return Chart(svg, t("site_alt_index", lang), t("site_index", lang), header, rows, "index")

    def _definition(self, code: str) -> dict[str, str]:
        ind, lang = self.indicator(code), self.lang
        return {
            "code": code,
            "name": ind.label(lang),
            "unit": ind.unit_label(lang),
            "direction": t(ind.direction, lang),
            "description": pick_text(ind.description, lang),
            "source": ind.source_label(lang),
            "formula": ind.formula or "",
        }

    # --- one member -----------------------------------------------------------------

    def member_page(self, municipality: str) -> dict[str, Any]:
        data, lang = self.data, self.lang
        name = self.name(municipality)
        position = describe(data, municipality, lang)
        paragraphs: list[list[str]] = [[]]
        for i, sentence in enumerate(position.sentences):
            if i in position.breaks and paragraphs[-1]:
                paragraphs.append([])
            paragraphs[-1].append(sentence)
        if position.red_red:  # the headline above names them already
            paragraphs[0] = paragraphs[0][1:]
        table = [
            [
                Cell(str(r.name), indicator_key(str(r.indicator)), code=str(r.indicator)),
                Cell(str(r.value), numeric=True),
                Cell(self._median_text(municipality, str(r.indicator)), numeric=True),
                Cell(str(r.rank_of_n), numeric=True),
                Cell(str(r.band), css=self.colour_class(
                    self.by_key.get((municipality, str(r.indicator))))[0]),
                Cell(str(r.change), numeric=True,
                     css=change_class(position.marks.get(str(r.indicator)))),
                Cell(str(r.rank_change), numeric=True),
            ]
            for r in records(position.table)
        ]  # fmt: skip
        header = [t("indicator", lang), t("value", lang), comparator_text(self.data, lang),
                  t("rank_of_n", lang), t("band", lang), t("wb_change", lang),
                  t("ch_rank_change", lang)]  # fmt: skip
        ranked = any(self.indicator(c).ranked for c in data.codes)
        if not ranked:  # levels: no ranks at all
            table, header = [row[:3] + row[4:6] for row in table], header[:3] + header[4:6]
        return {
            **self.common(),
            "title": f"{name} ({municipality})",
            "code": municipality,
            "name": name,
            "position_header": header,
            "position": table,
            "paragraphs": paragraphs,
            # The handout's three lines first; a self-assessment has no verdicts to count.
            "headline": headline(data, municipality, lang) if ranked else [],
            "spine": self._spine(municipality, name),
            "trend": self._member_trends(municipality, name),
            "partners": self._partners(municipality),  # (header, rows)
            "quality": self._quality(municipality),
            "levels": self._levels(municipality),
            # Learning partners need a better and a worse: none for a self-assessment.
            "show_partners": ranked,
            "plans": plans_part(data, municipality, lang),
        }

    def _median_text(self, municipality: str, code: str) -> str:
        r = self.by_key.get((municipality, code))
        if r is None or is_missing(r.comparator):
            return NO_VALUE
        return self.format(self.indicator(code), float(r.comparator))

    def _spine(self, municipality: str, name: str) -> Chart | None:
        lang = self.lang
        rows, legend = spine_rows(self.data, self.by_key, municipality, lang)
        if not rows:
            return None
        alt = t("site_alt_spine", lang, name=name)
        svg = spine_svg(rows, legend, figures.WIDTH, alt)
        table = []
        for code in self.data.codes:
            r = self.by_key.get((municipality, code))
            if r is None or is_missing(r.comparator):
                continue
            ind = self.indicator(code)
            css, meaning = self.colour_class(r)
            table.append([
                Cell(ind.label(lang), indicator_key(code), code=code),
                Cell(self.value_text(ind, r), numeric=True),
                *(Cell(self.format(ind, float(getattr(r, column))), numeric=True)
                  for column in ("peer_min", "peer_q1", "comparator", "peer_q3", "peer_max")),
                Cell(meaning, css=css),
            ])  # fmt: skip
        header = [t("indicator", lang), t("value", lang), t("col_peer_min", lang),
                  t("peer_q1", lang), comparator_text(self.data, lang), t("peer_q3", lang),
                  t("col_peer_max", lang), t("band", lang)]  # fmt: skip
        return Chart(svg, alt, t("site_spine", lang), header, table, "spine")

    def _member_trends(self, municipality: str, name: str) -> Chart | None:
        lang = self.lang
        panels = self._trend_panels
        if not panels:
            return None
        drawn = self._panels(panels)
        alt = t("site_alt_trends", lang, name=name)
        years = sorted({y for code, _ in panels for y in drawn.series[code].years})
        rows = []
        for code, label in panels:
            ind = self.indicator(code)
            series = drawn.series[code]
            own = dict(zip(series.years, series.own(municipality), strict=True))
            medians = dict(zip(series.years, series.median, strict=True))
            cells = [Cell(label, indicator_key(code), code=code)]
            for year in years:
                value, median = own.get(year), medians.get(year)
                text = NO_VALUE if is_missing(value) else self.format(ind, num(value))
                if not is_missing(median):
                    text += f" ({self.format(ind, num(median))})"
                cells.append(Cell(text, numeric=True))
            rows.append(cells)
        header = [t("indicator", lang), *(str(y) for y in years)]
        svg = drawn.svg(municipality, name, alt)
        note = t("site_trend_table", lang, name=name)
        return Chart(svg, alt, t("wb_trends", lang), header, rows, "trends", note)

    @cached_property
    def _trend_panels(self) -> list[tuple[str, str]]:
        """The indicators on every member's trend panels: those with two years or more,
        not yes/no answers or levels."""
        return [
            (code, self.indicator(code).label(self.lang))
            for code in self.data.codes
            if len(self.trends.years(code)) > 1 and not is_yes_no(self.indicator(code))
            and not is_ordinal(self.indicator(code))
        ]  # fmt: skip

    def _panels(self, panels: list[tuple[str, str]]) -> TrendSVG:
        """The members' trend panels, laid out once for every member's page."""
        key = tuple(code for code, _ in panels)
        if key not in self._trend_figures:
            self._trend_figures[key] = TrendSVG(panels, self.trends, self.lang)
        return self._trend_figures[key]

    def _partners(self, municipality: str) -> tuple[list[str], list[list[Cell]]]:
        """Whom to learn from, a row per partner and indicator; the similarity and practice
        columns only where some partner has one (peers from a list have no similarity)."""
        partners = self.data.partners.get(municipality)
        if partners is None or partners.empty:
            return [], []
        lang = self.lang
        keys = ("indicator", "partner", "site_partner_value", "site_own_value", "similarity",
                "practice", "contact")  # fmt: skip
        header = [t(key, lang) for key in keys]
        rows = []
        for p in records(partners):
            ind = self.indicator(str(p.indicator))
            rows.append([
                Cell(ind.label(lang), indicator_key(str(p.indicator)), code=str(p.indicator)),
                Cell(self.name(str(p.partner)), member_key(str(p.partner)), code=str(p.partner)),
                Cell(self.format(ind, num(p.partner_value)), numeric=True),
                Cell(self.format(ind, num(p.own_value)), numeric=True),
                Cell(NO_VALUE if is_missing(p.similarity) else number(num(p.similarity), lang, 2),
                     numeric=True),
                Cell(practice_note(p)),
                Cell(str(p.contact or "")),
            ])  # fmt: skip
        keep = [i for i in range(len(header))
                if i < 4 or any(row[i].text not in ("", NO_VALUE) for row in rows)]  # fmt: skip
        return [header[i] for i in keep], [[row[i] for i in keep] for row in rows]

    def _quality(self, municipality: str) -> list[str]:
        """Notes on this member's data for the year: what is missing or confidential."""
        lang = self.lang
        notes = []
        for code in self.data.codes:
            r = self.by_key.get((municipality, code))
            label = self.indicator(code).label(lang)
            if r is None or (is_missing(r.value) and r.status != ".."):
                notes.append(t("site_quality_missing", lang, indicator=label))
            elif r.status == "..":
                notes.append(t("site_quality_confidential", lang, indicator=label))
            elif isinstance(r.status, str) and r.status:
                notes.append(t("site_quality_status", lang, indicator=label, status=r.status))
        return notes + boundary_notes(self.data, lang, municipality)

    # --- one indicator --------------------------------------------------------------

    def indicator_page(self, code: str) -> dict[str, Any]:
        lang = self.lang
        ind = self.indicator(code)
        rows = self.tables.get(code, [])
        label = ind.label(lang)
        intervals = [self._interval(ind, r) for r in rows]
        # The change since the earlier year and the places moved, as on the member pages.
        marks = [change_mark(ind, r, lang) for r in rows]
        changed = any(mark.text for mark in marks)
        table = []
        for r, interval, mark in zip(rows, intervals, marks, strict=True):
            css, meaning = self.colour_class(r)
            table.append([
                Cell(rank_set_text(r), numeric=True),  # "3 (2–9)" where there is a rank set
                Cell(self.name(r.municipality), member_key(r.municipality), code=r.municipality),
                Cell(self.value_text(ind, r), numeric=True),
                Cell(meaning, css=css),
                *([Cell(interval, numeric=True)] if any(intervals) else []),
                *([Cell(mark.text, numeric=True, css=change_class(mark)),
                   Cell(mark.rank, numeric=True)] if changed else []),
            ])  # fmt: skip
        header = [t("rank", lang), t("municipality", lang), t("value", lang), t("band", lang)]
        if any(intervals):
            header.append(t("site_interval", lang))
        if changed:
            header += [t("wb_change", lang), t("ch_rank_change", lang)]
        title = t("site_ranking" if ind.ranked else "site_answers", lang, year=self.data.year)
        if not ind.ranked:  # levels and yes/no answers: each member's answer, no rank or band
            table, header = [row[1:3] for row in table], header[1:3]
        return {
            **self.common(),
            "title": f"{label} ({code})",
            "code": code,
            "definition": self._definition(code),
            "ranking_header": header,
            "ranking": table,
            "ranking_title": title,
            "shrunk": shrunk_section(self.data, code, lang),
            "ranking_note": (rank_sets_note(self.data.confidence, lang)
                             if ind.ranked and has_rank_sets(rows) else ""),
            "charts": [c for c in (self._ranking_chart(code), self._funnel(code),
                                   self._distribution(code), self._trend(code)) if c],
        }  # fmt: skip

    def _interval(self, ind: IndicatorDefinition, r: Any) -> str:
        if is_missing(r.ci95_low) or r.status == "..":
            return ""
        return f"{self.format(ind, float(r.ci95_low))} – {self.format(ind, float(r.ci95_high))}"

    def _shown(self, code: str) -> list[Any]:
        return [r for r in self.tables.get(code, [])
                if r.status != ".." and not is_missing(r.value)]  # fmt: skip

    def _ranking_chart(self, code: str) -> Chart | None:
        ind, lang = self.indicator(code), self.lang
        shown = self._shown(code)
        if not shown or is_yes_no(ind) or is_ordinal(ind):
            return None
        bars = []
        for r in shown:
            css, _ = self.colour_class(r)
            bars.append((self.name(r.municipality), float(r.value), fill(css)))
        lines = {round(float(r.comparator), 9) for r in shown if not is_missing(r.comparator)}
        line = lines.pop() if len(lines) == 1 else None  # the comparator the colours use
        alt = t("site_alt_ranking", lang, indicator=ind.label(lang), year=self.data.year)
        label = comparator_label(self.data, code, lang)
        svg = ranked_bars_svg(bars, ind, lang, line, alt, label)
        return Chart(svg, alt, t("chart_values", lang, indicator=ind.label(lang),
                                 year=self.data.year), [], [], "ranking")  # fmt: skip

    def _funnel(self, code: str) -> Chart | None:
        found = funnel(self.data, code)
        if found is None:
            return None
        lang, ind = self.lang, self.indicator(code)
        alt = t("site_alt_funnel", lang, indicator=ind.label(lang))
        svg = funnel_svg(found, lang, alt)
        rows = [
            [Cell(str(r.name), member_key(str(r.municipality)), code=str(r.municipality)),
             Cell(number(num(r.denominator), lang, 0), numeric=True),
             Cell(self.format(ind, num(r.value)), numeric=True),
             Cell(f"{self.format(ind, num(r.low95))} – {self.format(ind, num(r.high95))}",
                  numeric=True),
             Cell(t(funnel_key(str(r.funnel)), lang))]
            for r in records(found.table)
        ]  # fmt: skip
        header = [t("municipality", lang), t("col_denominator", lang), t("value", lang),
                  t("funnel_limit", lang, level="95"), t("site_funnel_place", lang)]  # fmt: skip
        caption = t("funnel_title", lang, indicator=ind.label(lang))
        return Chart(svg, alt, caption, header, rows, "funnel")

    def _distribution(self, code: str) -> Chart | None:
        ind, lang = self.indicator(code), self.lang
        shown = self._shown(code)
        if not shown:
            return None
        if is_yes_no(ind) or is_ordinal(ind):
            if is_ordinal(ind):
                levels = [(float(s.value), level_text(ind, float(s.value), lang))
                          for s in ind.scale]  # fmt: skip
            else:
                levels = [(1.0, t("wb_yes", lang)), (0.0, t("wb_no", lang))]
            counts = [sum(1 for r in shown if float(r.value) == v) for v, _ in levels]
            labels = [label for _, label in levels]
            figure = figures.counts_bars(labels, counts, lang, None)
            key = "wb_chart_levels" if is_ordinal(ind) else "wb_chart_answers"
            caption = t(key, lang, indicator=ind.label(lang), year=self.data.year)
            rows = [[Cell(label), Cell(str(n), numeric=True)]
                    for label, n in zip(labels, counts, strict=True)]  # fmt: skip
            header = [t("wb_level" if is_ordinal(ind) else "value", lang),
                      t("wb_members_count", lang)]  # fmt: skip
            svg = figures.inline_svg(figure, "counts", caption)
            return Chart(svg, caption, caption, header, rows, "counts")
        values = [float(r.value) for r in shown]
        median = float(sorted(values)[len(values) // 2]) if values else 0.0
        median = next((float(r.comparator) for r in shown if not is_missing(r.comparator)),
                      median)  # fmt: skip
        alt = t("site_alt_distribution", lang, indicator=ind.label(lang))
        label = comparator_label(self.data, code, lang)
        svg = histogram_svg(values, ind.unit_label(lang), t("wb_members_count", lang), median,
                            label or t("peer_median", lang), lang, alt)  # fmt: skip
        return Chart(svg, alt, t("site_distribution", lang), [], [], "distribution")

    def _trend(self, code: str) -> Chart | None:
        ind, lang = self.indicator(code), self.lang
        years = self.trends.years(code)
        if len(years) < 2:
            return None
        stats = self.trends.stats.loc[code]
        alt = t("chart_trend", lang, indicator=ind.label(lang))
        if is_yes_no(ind):
            shares = [100.0 * num(stats.loc[y, "mean"]) for y in years]
            svg = figures.inline_svg(figures.share_trend(years, shares, lang), "trend", alt)
            rows = [[Cell(str(y), numeric=True), Cell(percent(s, lang), numeric=True)]
                    for y, s in zip(years, shares, strict=True)]  # fmt: skip
            return Chart(svg, alt, alt, [t("year", lang), t("wb_trend_yes", lang)], rows, "trend")
        svg = TrendSVG([(code, ind.label(lang))], self.trends, lang, True).svg(None, "", alt)
        rows = [
            [Cell(str(y), numeric=True),
             Cell(self.format(ind, num(stats.loc[y, "q1"])), numeric=True),
             Cell(self.format(ind, num(stats.loc[y, "median"])), numeric=True),
             Cell(self.format(ind, num(stats.loc[y, "q3"])), numeric=True)]
            for y in years
        ]  # fmt: skip
        header = [t("year", lang), t("peer_q1", lang), t("wb_trend_median", lang),
                  t("peer_q3", lang)]  # fmt: skip
        return Chart(svg, alt, alt, header, rows, "trend")


__all__ = ["Cell", "Chart", "Pages"]
