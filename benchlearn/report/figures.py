"""The reports' charts, drawn with matplotlib (``Figure`` and Agg only, never pyplot).

Each chart is drawn for the page it goes on: the values with their names
best to worst (a large network's without names, its ends named in a table
instead), how many members gave each answer, trends against the members'
median and middle half as small multiples. The funnel plot and the spine chart
are :mod:`benchlearn.charts`' own. Numbers on the axes are written as a reader
of the language writes them (a decimal comma in Latvian), and a confidential
value never reaches a chart: only ``..`` beside a name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from benchlearn import views
from benchlearn.charts import local_numbers, new_figure, short_label
from benchlearn.messages import t
from benchlearn.views import (
    FOCUS,
    NEUTRAL,
    OTHERS,
    QUARTILE_COLOURS,
    SIGNIFICANCE_COLOURS,
    is_missing,
    is_yes_no,
    level_text,
    value_text,
)

if TYPE_CHECKING:
    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.meeting import MeetingData
    from benchlearn.views import Trends

#: Up to this many members the bars carry their names; beyond, they would only smear.
NAMED_BARS = 55
MEDIAN = "#C00000"
FONT_SIZE = 8


def shown(r: Any) -> bool:
    """A row with a value that may be shown: not confidential, not missing."""
    return r.status != ".." and not is_missing(r.value)


def bar_colour(ind: IndicatorDefinition, r: Any) -> str:
    """A bar's fill: its significance where the indicator has counts, else its quarter where
    a direction is better, else the plain colour."""
    if ind.statistic is not None and isinstance(r.significance, str):
        return SIGNIFICANCE_COLOURS[r.significance]
    if ind.direction != "neutral" and not is_missing(r.quartile):
        return QUARTILE_COLOURS[int(r.quartile)]
    return OTHERS


def ranked_bars(
    ind: IndicatorDefinition,
    rows: Sequence[Any],
    names: Mapping[str, str],
    lang: str,
    *,
    confidence: float = 95.0,
    focus: str | None = None,
    width: float = 7.0,
    height: float | None = None,
    reference: str = "median",
) -> Any:
    """Each member's value best to worst, with the comparator as a line (``reference`` names
    it: ``median``, ``pooled`` or ``all``) and, with counts, every value's interval; named
    bars up to :data:`NAMED_BARS` members.

    Confidential values stay in their place as ``..`` with no bar; members without
    a value are left out (the page names them).
    """
    listed = [r for r in rows if shown(r) or r.status == ".."]
    counted = ind.statistic is not None
    if len(listed) > NAMED_BARS:
        return _unnamed_bars(
            ind, listed, names, lang, focus=focus, width=width, reference=reference
        )
    height = height or bars_height(len(listed))
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    ys = list(range(len(listed)))[::-1]  # the best at the top
    values = [float(r.value) if shown(r) else 0.0 for r in listed]
    colours = [bar_colour(ind, r) if shown(r) else "none" for r in listed]
    edges = ["black" if r.municipality == focus else "none" for r in listed]
    if focus is not None and not counted:
        colours = [FOCUS if r.municipality == focus else OTHERS for r in listed]
    axes.barh(ys, values, height=0.78, color=colours, edgecolor=edges, linewidth=1.2)
    low_key, high_key = (
        ("ci998_low", "ci998_high") if confidence == 99.8 else ("ci95_low", "ci95_high")
    )
    ends = [0.0, *values]
    if counted:
        for y, r in zip(ys, listed, strict=True):
            low: Any = getattr(r, low_key, None)
            high: Any = getattr(r, high_key, None)
            if shown(r) and not is_missing(low) and not is_missing(high):
                axes.plot([float(low), float(high)], [y, y], color="#404040", linewidth=0.7)
                ends += [float(low), float(high)]
    lines = {round(float(r.comparator), 9) for r in listed if not is_missing(r.comparator)}
    if len(lines) == 1:
        axes.axvline(
            lines.pop(), color=MEDIAN, linestyle="--", linewidth=1.2,
            label=t(f"comparator_{reference}", lang),
        )  # fmt: skip
        # Above the bars, so it never hides the last of them.
        axes.legend(
            fontsize=FONT_SIZE - 1,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            borderaxespad=0.2,
        )
    # The values in a column of their own right of the chart: never on a bar or an interval.
    from matplotlib.transforms import blended_transform_factory

    column = blended_transform_factory(axes.transAxes, axes.transData)
    texts = [value_text(ind, r.value, r.status, lang) for r in listed]
    # Rank sets, where values have a standard error, in a column of their own after the values.
    sets = views.has_rank_sets(listed)
    offset = 4.3 * max((len(text) for text in texts), default=0) + 8  # points
    for y, r, text in zip(ys, listed, texts, strict=True):
        mine = r.municipality == focus
        style = {"va": "center", "fontsize": FONT_SIZE - 1, "color": "#262626",
                 "fontweight": "bold" if mine else "normal"}  # fmt: skip
        axes.text(1.01, y, text, transform=column, **style)
        if sets:
            axes.annotate(views.rank_set_text(r), (1.01, y), xycoords=column,
                          xytext=(offset, 0), textcoords="offset points", **style)  # fmt: skip
    labels = [short_label(names.get(r.municipality, r.municipality)) for r in listed]
    axes.set_yticks(ys, labels, fontsize=FONT_SIZE - 1)
    axes.tick_params(axis="y", length=0, pad=2)
    for label, r in zip(axes.get_yticklabels(), listed, strict=True):
        if r.municipality == focus:
            label.set_fontweight("bold")
    axes.set_ylim(-0.6, len(listed) - 0.4)
    low_end, high_end = min(ends), max(ends)
    axes.set_xlim(low_end * 1.02 if low_end < 0 else 0.0, (high_end * 1.02) or 1.0)
    axes.tick_params(axis="x", labelsize=FONT_SIZE - 1)
    local_numbers(axes, lang, x=True)
    axes.set_xlabel(ind.unit_label(lang), fontsize=FONT_SIZE)
    axes.grid(axis="x", linewidth=0.3, alpha=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _unnamed_bars(
    ind: IndicatorDefinition,
    listed: Sequence[Any],
    names: Mapping[str, str],
    lang: str,
    *,
    focus: str | None,
    width: float,
    reference: str,
) -> Any:
    """A large network's values as thin columns best to worst, the comparator across them;
    the municipality a view is about named on its column."""
    figure = new_figure(width, 2.8)
    axes = figure.add_subplot()
    values = [float(r.value) if shown(r) else 0.0 for r in listed]
    colours = [bar_colour(ind, r) if shown(r) else "none" for r in listed]
    if focus is not None:
        colours = [
            FOCUS if r.municipality == focus else c for r, c in zip(listed, colours, strict=True)
        ]
    xs = list(range(1, len(listed) + 1))
    axes.bar(xs, values, width=1.0, color=colours, edgecolor="white", linewidth=0.2)
    lines = {round(float(r.comparator), 9) for r in listed if not is_missing(r.comparator)}
    if len(lines) == 1:
        axes.axhline(
            lines.pop(), color=MEDIAN, linestyle="--", linewidth=1.2,
            label=t(f"comparator_{reference}", lang),
        )  # fmt: skip
        axes.legend(fontsize=FONT_SIZE - 1, loc="upper right", framealpha=0.9)
    for x, r, v in zip(xs, listed, values, strict=True):
        if r.municipality == focus:
            axes.annotate(
                short_label(names.get(r.municipality, r.municipality)),
                (x, v),
                fontsize=FONT_SIZE,
                fontweight="bold",
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
            )
    axes.set_xlim(0.5, len(listed) + 0.5)
    axes.set_xlabel(t("rp_bars_axis", lang, count=len(listed)), fontsize=FONT_SIZE)
    axes.set_ylabel(ind.unit_label(lang), fontsize=FONT_SIZE)
    axes.tick_params(labelsize=FONT_SIZE - 1)
    local_numbers(axes, lang, y=True)
    axes.grid(axis="y", linewidth=0.3, alpha=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def bars_height(count: int) -> float:
    """The height in inches of named bars for ``count`` members: each name readable."""
    return max(2.0, 0.155 * count + 0.8)


def answers(
    ind: IndicatorDefinition, rows: Sequence[Any], lang: str, *, focus: str | None = None
) -> tuple[list[tuple[str, int, bool]], int]:
    """How many members gave each answer (yes/no) or stand at each level (ordinal): (label,
    count, whether it is the answer of ``focus``) per answer, and how many have none."""
    if is_yes_no(ind):
        levels = [(1.0, t("wb_yes", lang)), (0.0, t("wb_no", lang))]
    else:
        levels = [(float(lv.value), level_text(ind, lv.value, lang)) for lv in ind.scale]
    counts = dict.fromkeys([v for v, _ in levels], 0)
    blank = 0
    mine = None
    for r in rows:
        if shown(r) and float(r.value) in counts:
            counts[float(r.value)] += 1
            mine = float(r.value) if r.municipality == focus else mine
        else:
            blank += 1
    return [(label, counts[v], v == mine) for v, label in levels], blank


def distribution(
    ind: IndicatorDefinition,
    rows: Sequence[Any],
    lang: str,
    *,
    focus: str | None = None,
    width: float = 7.0,
) -> Any:
    """Columns: how many members gave each answer or stand at each level, and how many have
    no value; the answer of ``focus`` in dark blue."""
    found, blank = answers(ind, rows, lang, focus=focus)
    labels = [label for label, _, _ in found] + [t("wb_no_value", lang)]
    counts = [count for _, count, _ in found] + [blank]
    colours = [FOCUS if mine else OTHERS for _, _, mine in found] + [NEUTRAL]
    figure = new_figure(width, 2.8)
    axes = figure.add_subplot()
    xs = list(range(len(labels)))
    axes.bar(xs, counts, color=colours, width=0.6)
    for x, count in zip(xs, counts, strict=True):
        axes.text(x, count, str(count), ha="center", va="bottom", fontsize=FONT_SIZE)
    import textwrap

    axes.set_xticks(xs, [textwrap.fill(label, 22) for label in labels], fontsize=FONT_SIZE - 1)
    axes.set_ylabel(t("wb_members_count", lang), fontsize=FONT_SIZE)
    axes.set_ylim(0, max(counts + [1]) * 1.18)
    axes.tick_params(axis="y", labelsize=FONT_SIZE - 1)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def trend_grid(
    codes: Sequence[str],
    indicators: Mapping[str, IndicatorDefinition],
    found: Trends,
    lang: str,
    *,
    focus: str | None = None,
    focus_name: str = "",
    columns: int = 3,
    width: float = 7.0,
) -> Any | None:
    """Small multiples: per indicator, the members' middle half as a band and their median
    year by year, and ``focus``'s own line (a yes/no indicator: the share answering yes).

    Only indicators with two years or more; ``None`` when none has.
    """
    chosen = [c for c in codes if len(found.years(c)) >= 2]
    if not chosen:
        return None
    import textwrap

    rows = -(-len(chosen) // columns)
    figure = new_figure(width, 1.95 * rows + 0.45)
    grid = figure.subplots(rows, columns, squeeze=False)
    for i, axes in enumerate(grid.flat):
        if i >= len(chosen):
            axes.set_visible(False)
            continue
        code = chosen[i]
        ind = indicators[code]
        stats = found.stats.loc[code]
        years = [int(y) for y in stats.index]
        if is_yes_no(ind):
            axes.plot(
                years,
                (100.0 * stats["mean"]).tolist(),
                color=FOCUS,
                marker="o",
                markersize=3,
                linewidth=1.6,
            )
            axes.set_ylim(0, 105)
            title = f"{ind.label(lang)} ({t('rp_share_yes', lang)})"
        else:
            axes.fill_between(
                years, stats["q1"].tolist(), stats["q3"].tolist(), color="#BDD7EE", linewidth=0
            )
            axes.plot(
                years, stats["median"].tolist(), color="#7F7F7F", linestyle="--", linewidth=1.2
            )
            values = found.values.loc[code]
            if focus is not None and focus in values.columns:
                own = values[focus].reindex(years)
                axes.plot(years, own.tolist(), color=FOCUS, marker="o", markersize=3, linewidth=1.8)
            title = ind.label_with_unit(lang)
        axes.set_title(textwrap.fill(title, 34), fontsize=FONT_SIZE - 1, loc="left")
        axes.set_xticks(years, [str(y) for y in years])
        axes.tick_params(labelsize=FONT_SIZE - 2)
        local_numbers(axes, lang, y=True)
        axes.grid(linewidth=0.3, alpha=0.6)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color="#BDD7EE", label=t("wb_trend_band", lang)),
        Line2D([], [], color="#7F7F7F", linestyle="--", label=t("wb_trend_median", lang)),
    ]
    if focus is not None:
        handles.append(Line2D([], [], color=FOCUS, marker="o", markersize=3, label=focus_name))
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncol=len(handles),
        fontsize=FONT_SIZE - 1,
        frameon=False,
    )
    return figure


def funnel(data: MeetingData, code: str, lang: str) -> tuple[Any, dict[str, list[str]]] | None:
    """:func:`benchlearn.charts.funnel_figure` of the members with usable counts (see
    :func:`benchlearn.views.funnel`), sized for a page, and who lies above and below the
    limits (``funnel_above``, ``funnel_below``: names); ``None`` where there is no funnel."""
    from benchlearn.charts import funnel_figure

    found = views.funnel(data, code)
    if found is None:
        return None
    outside: dict[str, list[str]] = {}
    for name, where in zip(found.table["name"], found.table["funnel"], strict=True):
        if where != "within":
            key = "funnel_above" if str(where).startswith("above") else "funnel_below"
            outside.setdefault(key, []).append(str(name))
    # No title and the unit alone on the y-axis: the page's title names the indicator.
    unit = found.definition.unit_label(lang)
    return funnel_figure(found, lang, size=(7.0, 4.8), title=False, ylabel=unit), outside
