"""Charts drawn as files: the funnel plot and the spine chart, with matplotlib.

matplotlib writes SVG and PNG without a browser or a display, its SVG needs no
fonts or scripts from the internet, and it is the best-kept plotting library
in the Python data stack; only ``Figure`` and the Agg canvas are used, not
pyplot, so nothing global is touched and start-up stays short. The workbook's
own charts stay native Excel charts (they follow edits); these are for files,
images inside a workbook, and pages.

Colours come from the Okabe–Ito palette, which colour-blind readers tell
apart, and every colour has a shape or a label beside it, so colour is never
the only signal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from benchlearn.errors import BenchlearnError
from benchlearn.messages import general, t

if TYPE_CHECKING:
    from benchlearn.analysis.statistics import Statistic
    from benchlearn.compare import FunnelResult
    from benchlearn.definitions import IndicatorDefinition

#: Okabe–Ito: blue for better (or higher), vermillion for worse (or lower), grey for the rest.
BETTER = "#0072B2"
WORSE = "#D55E00"
SIMILAR = "#999999"
TARGET = "#000000"
LIMIT_95 = "#56B4E9"
LIMIT_998 = "#009E73"
FORMATS = (".svg", ".png")
#: At most this many names on a funnel plot: the points farthest outside their limits.
LABELS = 12


def new_figure(width: float, height: float, layout: Any = "constrained") -> Any:
    """A figure of ``width`` × ``height`` inches on its own Agg canvas (no pyplot state),
    laid out by matplotlib unless ``layout`` is None (a figure drawn many times with fixed
    margins saves the layout's cost on every drawing)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(figure)
    return figure


def local_numbers(axes: Any, lang: str, *, x: bool = False, y: bool = False) -> None:
    """Tick labels written as ``lang`` writes numbers (1 234,5 in Latvian)."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: general(round(float(value), 10), lang))
    if x:
        axes.xaxis.set_major_formatter(formatter)
    if y:
        axes.yaxis.set_major_formatter(formatter)


def save(figure: Any, out: str | Path) -> Path:
    """Write a figure as SVG or PNG, by the file's ending."""
    path = Path(out)
    if path.suffix.lower() not in FORMATS:
        raise BenchlearnError.of("cmp_chart_suffix", {"path": str(path)})
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=path.suffix.lower().lstrip("."), metadata=_metadata(path))
    return path


def _metadata(path: Path) -> dict[str, Any]:
    # Reproducible files: no creation date in the SVG, no software stamp in the PNG.
    return {"Date": None} if path.suffix.lower() == ".svg" else {"Software": None}


def png(figure: Any) -> bytes:
    """A figure as PNG bytes, for an image inside a workbook."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def _side_colours(ind: IndicatorDefinition) -> tuple[str, str]:
    """The colour above and below the limits: better/worse by direction, or higher/lower."""
    if ind.direction == "lower":
        return WORSE, BETTER
    return BETTER, WORSE


def funnel_figure(result: FunnelResult, lang: str = "en") -> Any:
    """The funnel plot: every member by denominator, the target, both pairs of limits.

    With one target (one peer set) the limits are drawn as curves over the
    denominators; with several (each municipality its own peers) each point
    gets its own limits as a bar. Points outside the limits are labelled.
    """
    import numpy as np

    from benchlearn.analysis.statistics import funnel_limits

    ind = result.definition
    table = result.table
    figure = new_figure(8.0, 5.0)
    axes = figure.add_subplot()
    above, below = _side_colours(ind)
    targets = table["target"].dropna().unique()
    statistic = cast("Statistic", ind.statistic)
    multiplier = ind.multiplier or 1.0
    spread = result.tau2 if result.adjusted else 0.0
    if len(targets) == 1 and len(table) > 1:
        low_n = max(float(table["denominator"].min()) * 0.8, 1.0)
        high_n = float(table["denominator"].max()) * 1.1
        grid = np.geomspace(low_n, high_n, 200)
        target = np.full(len(grid), float(targets[0]))
        for level, colour, style in ((95.0, LIMIT_95, "--"), (99.8, LIMIT_998, ":")):
            low, high = funnel_limits(statistic, target, grid, multiplier, level, spread)
            label = t("funnel_limit", lang, level=general(level, lang))
            axes.plot(grid, low, color=colour, linestyle=style, linewidth=1.2, label=label)
            axes.plot(grid, high, color=colour, linestyle=style, linewidth=1.2)
        reference = t(f"comparator_{result.reference}", lang)
        axes.axhline(float(targets[0]), color=TARGET, linewidth=1, label=reference)
    else:
        axes.vlines(table["denominator"], table["low998"], table["high998"], color=LIMIT_998,
                    linewidth=0.8, label=t("funnel_limit", lang, level="99.8"))  # fmt: skip
        axes.scatter(table["denominator"], table["target"], marker="_", color=TARGET,
                     label=t(f"comparator_{result.reference}", lang))  # fmt: skip
    groups = (
        (table["funnel"].isin(["above 95%", "above 99.8%"]), above, "^", "funnel_above"),
        (table["funnel"].isin(["below 95%", "below 99.8%"]), below, "v", "funnel_below"),
        (table["funnel"] == "within", SIMILAR, "o", "funnel_within"),
    )
    for mask, colour, marker, key in groups:
        if mask.any():
            part = table[mask]
            axes.scatter(
                part["denominator"], part["value"], color=colour, marker=marker, s=28,
                edgecolors="black", linewidths=0.4, label=t(key, lang), zorder=3,
            )  # fmt: skip
    for row in _most_unusual(table, LABELS).itertuples(index=False):
        axes.annotate(str(row.name), (row.denominator, row.value), fontsize=7,
                      xytext=(4, 3), textcoords="offset points")  # fmt: skip
    if float(table["denominator"].max()) > 20 * max(float(table["denominator"].min()), 1.0):
        axes.set_xscale("log")
    local_numbers(axes, lang, y=True)
    if axes.get_xscale() == "linear":
        local_numbers(axes, lang, x=True)
    axes.set_xlabel(t("funnel_denominator", lang, code=ind.denominator or ""))
    axes.set_ylabel(f"{ind.label(lang)} ({ind.unit_label(lang)})")
    title = t("funnel_title", lang, indicator=ind.label(lang))
    if result.adjusted:
        title += " · " + t("funnel_adjusted", lang, phi=f"{result.phi:.2f}")
    axes.set_title(title, fontsize=11)
    axes.grid(True, linewidth=0.3, alpha=0.5)
    axes.legend(fontsize=7, loc="best")
    return figure


def _most_unusual(table: Any, count: int) -> Any:
    """Up to ``count`` points outside the limits, farthest first (in widths of their 95 % band)."""
    import numpy as np

    outside = table[table["funnel"] != "within"]
    width = (outside["high95"] - outside["low95"]).replace(0, np.nan)
    beyond = np.maximum(outside["value"] - outside["high95"], outside["low95"] - outside["value"])
    return outside.assign(_far=beyond / width).nlargest(count, "_far")


@dataclass(frozen=True)
class SpineRow:
    """One indicator on a spine chart, on its own scale, best to the right."""

    label: str
    value: float | None  # None: no comparable value
    low: float  # the peers' worst, median-centred scale ends
    q_low: float
    median: float
    q_high: float
    high: float
    colour: str
    marker: str


def spine_figure(
    rows: Sequence[SpineRow],
    legend: Sequence[tuple[str, str, str]],
    width: float = 8.0,
) -> Any:
    """A spine chart: per indicator the peer range, the interquartile band, the median, and
    the municipality as a marker; each row scaled so the median is in the middle and the
    better end on the right. ``legend``: (label, colour, marker) for the markers used;
    ``width`` in inches (a page of the workbook holds about 6.4 at a readable size).

    Names longer than a third of the width wrap onto a second line. The site writes the
    same chart as SVG itself (:func:`benchlearn.site.drawn.spine_svg`), once per member."""
    import textwrap

    height = 0.45 * len(rows) + 1.2
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    for y, row in enumerate(reversed(rows)):
        axes.barh(y, row.high - row.low, left=row.low, height=0.5, color="#E5E5E5")
        axes.barh(y, row.q_high - row.q_low, left=row.q_low, height=0.5, color="#BDBDBD")
        axes.plot([row.median, row.median], [y - 0.3, y + 0.3], color=TARGET, linewidth=1.2)
        if row.value is not None:
            axes.scatter([row.value], [y], color=row.colour, marker=row.marker, s=55,
                         edgecolors="black", linewidths=0.5, zorder=3)  # fmt: skip
    characters = max(20, int(width * 5.5))  # a third of the width at 8 points
    labels = [textwrap.fill(row.label, characters) for row in reversed(rows)]
    axes.set_yticks(range(len(rows)), labels, fontsize=8)
    axes.set_xlim(-1.05, 1.05)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [], [], color=colour, marker=marker, linestyle="", markeredgecolor="black", label=label
        )  # fmt: skip
        for label, colour, marker in legend
    ]
    if handles:
        # Under the whole figure, not the axes: long indicator names push the axes right,
        # and a legend centred on them would run off the figure's edge.
        longest = max(len(label) for label, _, _ in legend)
        columns = max(1, min(4, len(handles), int(width / (0.06 * longest + 0.5))))
        figure.legend(handles=handles, fontsize=7, ncol=columns, frameon=False,
                      loc="outside lower center")  # fmt: skip
    return figure
