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

import functools
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from benchlearn.errors import BenchlearnError
from benchlearn.messages import general, number, t
from benchlearn.outputs import whole_file

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
    margins saves the layout's cost on every drawing). Every text on it is drawn as
    written (:func:`_plain_text_figure`): names come from users' files."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _plain_text_figure()(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(figure)
    return figure


@functools.cache
def _plain_text_figure() -> type:
    """A matplotlib ``Figure`` that draws every text as plain text, never as mathtext.

    matplotlib reads ``$...$`` in any label as TeX-like mathtext, so a municipality
    named ``$\\notacommand$`` stopped a whole site or report, and ``$x$`` or ``a_$b$``
    were drawn as formulas. No chart of benchlearn writes mathtext on purpose, so parsing
    is switched off here, in the one figure every chart is drawn on, rather than by
    escaping ``$`` at each of the dozens of places a name reaches a label, a title, a
    tick, a legend or an annotation (one missed place would crash again). Each drawing
    first marks every text already on the figure, then draws with ``text.parse_math``
    off so that the tick labels matplotlib makes while drawing are plain too; the
    setting is restored at once, so nothing outside the drawing changes.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    class PlainTextFigure(Figure):
        def draw(self, renderer: Any) -> None:
            with matplotlib.rc_context({"text.parse_math": False}):
                for text in self.findobj(Text):
                    text.set_parse_math(False)
                super().draw(renderer)

    return PlainTextFigure


#: The most characters of a name a chart writes beside a bar or a point; the rest is "…".
#: The longest real names (Norway's three-language ones, England's "…, City of") fit.
LABEL_LENGTH = 40


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """A name as a chart writes it: whole up to ``length`` characters, else its start and
    an ellipsis. A chart has no room to wrap a 200-character name beside a bar, and a
    label that long pushed the axes off the figure; the tables beside it name it whole."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def local_numbers(axes: Any, lang: str, *, x: bool = False, y: bool = False) -> None:
    """Tick labels written as ``lang`` writes numbers (1 234,5 in Latvian)."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: tick_text(float(value), lang))
    if x:
        axes.xaxis.set_major_formatter(formatter)
    if y:
        axes.yaxis.set_major_formatter(formatter)


def tick_text(value: float, lang: str) -> str:
    """A tick label: a whole number grouped as the reader groups thousands (1 000 in
    Latvian, 1,000 in English), any other number with up to six significant digits."""
    value = round(value, 10) + 0.0  # never "-0"
    if value == int(value) and abs(value) < 1e15:
        return number(value, lang, 0)
    return general(value, lang)


def save(figure: Any, out: str | Path) -> Path:
    """Write a figure as SVG or PNG, by the file's ending."""
    path = Path(out)
    if path.suffix.lower() not in FORMATS:
        raise BenchlearnError.of("cmp_chart_suffix", {"path": str(path)})
    with whole_file(path) as partial:
        figure.savefig(partial, format=path.suffix.lower().lstrip("."), metadata=_metadata(path))
    return path


def _metadata(path: Path) -> dict[str, Any]:
    # Reproducible files: no creation date in the SVG, no software stamp in the PNG.
    return {"Date": None} if path.suffix.lower() == ".svg" else {"Software": None}


def png(figure: Any) -> bytes:
    """A figure as PNG bytes, for an image inside a workbook."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def side_colours(ind: IndicatorDefinition) -> tuple[str, str]:
    """The colour above and below the limits: better/worse by direction, or higher/lower."""
    if ind.direction == "lower":
        return WORSE, BETTER
    return BETTER, WORSE


def funnel_figure(
    result: FunnelResult,
    lang: str = "en",
    *,
    size: tuple[float, float] = (8.0, 5.0),
    title: bool = True,
    ylabel: str | None = None,
) -> Any:
    """The funnel plot: every member by denominator, the target, both pairs of limits.

    With one target (one peer set) the limits are drawn as curves over the
    denominators; with several (each municipality its own peers) each point
    gets its own limits as a bar. Only points outside the limits are named, each
    where its name overprints no other name, point or the legend
    (:func:`place_labels`); the axes count in the reader's numbers (1 000) and
    the denominator is named by its definition. ``size`` (inches), ``title`` and
    ``ylabel`` (default: the indicator's name and unit) are settled here, not
    changed afterwards, because the names are placed for the final layout.
    """
    import textwrap

    import numpy as np

    from benchlearn.analysis.statistics import funnel_limits

    ind = result.definition
    table = result.table
    figure = new_figure(*size)
    axes = figure.add_subplot()
    above, below = side_colours(ind)
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
    if float(table["denominator"].max()) > 20 * max(float(table["denominator"].min()), 1.0):
        from matplotlib.ticker import LogLocator, NullFormatter

        axes.set_xscale("log")
        # 1 000, 2 000, 5 000, 10 000 … as numbers, not 10³ and unlabelled minor ticks.
        axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axes.xaxis.set_minor_formatter(NullFormatter())
    local_numbers(axes, lang, x=True, y=True)
    axes.set_xlabel(denominator_title(result, lang))
    # Wrapped to the axes' height, so a long name is not cut off at both ends.
    fits = max(20, int((size[1] - 1.3) * 72 / 6.2))
    axes.set_ylabel(textwrap.fill(ylabel or ind.label_with_unit(lang), fits))
    if title:
        heading = t("funnel_title", lang, indicator=ind.label(lang))
        if result.adjusted:
            heading += " · " + t("funnel_adjusted", lang, phi=f"{result.phi:.2f}")
        axes.set_title(textwrap.fill(heading, int(size[0] * 72 / 6.5)), fontsize=11)
    axes.grid(True, linewidth=0.3, alpha=0.5)
    legend = axes.legend(fontsize=7, loc="best")
    named = most_unusual(table, LABELS)
    place_labels(
        axes,
        [
            (short_label(str(r.name)), float(r.denominator), float(r.value))
            for r in named.itertuples()
        ],  # fmt: skip
        list(zip(table["denominator"].astype(float), table["value"].astype(float), strict=True)),
        [legend],
    )
    return figure


def denominator_title(result: FunnelResult, lang: str) -> str:
    """The funnel's x-axis title: the denominator's name ("Iedzīvotāji vecumā 65 gadi un
    vairāk"), or "Denominator (CODE)" where its definition is not at hand."""
    if result.denominator is not None:
        return result.denominator.label(lang)
    return t("funnel_denominator", lang, code=result.definition.denominator or "")


#: Where a name may stand around its point, nearest first (in points): beside it to the
#: right, then left, above, below and the corners; then the same farther out, with a line.
_RINGS = (5.0, 14.0, 26.0, 40.0)
_SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def place_labels(
    axes: Any,
    labels: Sequence[tuple[str, float, float]],
    points: Sequence[tuple[float, float]],
    avoid: Sequence[Any] = (),
    fontsize: float = 7.0,
) -> list[Any]:
    """Name points without overprinting: each of ``labels`` (text, x, y in data units) in the
    first place around its point, nearest first, where its box meets no name already
    placed, no marker of ``points``, none of the artists in ``avoid`` (the legend) and
    stays inside the axes; a name placed away from its point gets a thin line to it. A
    name with no free place is left out (the table beside the chart names everyone).

    A greedy search over a few dozen places, measured with the figure's own renderer
    after its layout: the names are few (the points outside the limits, at most
    :data:`LABELS`) and a deterministic result is easy to test. adjustText would move
    names iteratively and add a dependency for what this does in forty lines. Returns
    the annotations drawn.
    """
    import numpy as np
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import Bbox

    figure = axes.figure
    figure.draw_without_rendering()  # the final layout: display positions are now settled
    renderer = figure.canvas.get_renderer()
    scale = figure.dpi / 72.0
    frame = axes.get_window_extent(renderer)
    marker = 3.5 * scale  # half a marker's size, in pixels
    taken = [a.get_window_extent(renderer) for a in avoid]
    for x, y in axes.transData.transform(list(points)) if points else []:
        taken.append(Bbox.from_extents(x - marker, y - marker, x + marker, y + marker))
    # Every box taken as a row of its extents (left, bottom, right, top), so that a place is
    # checked against all of them at once rather than by a call per box (thousands a plot).
    extents = np.array([[min(b.x0, b.x1), min(b.y0, b.y1), max(b.x0, b.x1), max(b.y0, b.y1)]
                        for b in taken], dtype=float).reshape(-1, 4)  # fmt: skip
    font = FontProperties(size=fontsize)
    drawn = []
    for text, x, y in labels:
        width, height, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
        px, py = axes.transData.transform((x, y))
        place = _free_place(px, py, width, height, scale, frame, extents)
        if place is None:
            continue
        (dx, dy), box = place
        extents = np.vstack([extents, [box.x0, box.y0, box.x1, box.y1]])
        ha = {1: "left", -1: "right", 0: "center"}[(dx > 0) - (dx < 0)]
        va = {1: "bottom", -1: "top", 0: "center"}[(dy > 0) - (dy < 0)]
        far = max(abs(dx), abs(dy)) > _RINGS[0]
        arrow = {"arrowstyle": "-", "color": "#595959", "linewidth": 0.5, "shrinkA": 1,
                 "shrinkB": 3} if far else None  # fmt: skip
        annotation = axes.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                   fontsize=fontsize, ha=ha, va=va, arrowprops=arrow)  # fmt: skip
        annotation.set_in_layout(False)  # the layout was settled for the places
        drawn.append(annotation)
    return drawn


def _free_place(
    px: float, py: float, width: float, height: float, scale: float, frame: Any, taken: Any
) -> tuple[tuple[float, float], Any] | None:
    """The first offset (in points) around a point at ``px``, ``py`` (pixels) where a box
    of ``width`` × ``height`` pixels fits inside ``frame`` and meets none of ``taken`` (rows
    of left, bottom, right, top; touching counts as meeting, as in ``Bbox.overlaps``)."""
    from matplotlib.transforms import Bbox

    pad = 1.0 * scale
    for ring in _RINGS:
        for sx, sy in _SIDES:
            dx, dy = sx * ring, sy * ring
            ax, ay = px + dx * scale, py + dy * scale
            x0 = ax if sx > 0 else ax - width if sx < 0 else ax - width / 2
            y0 = ay if sy > 0 else ay - height if sy < 0 else ay - height / 2
            box = Bbox.from_extents(x0 - pad, y0 - pad, x0 + width + pad, y0 + height + pad)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
            if inside and box.y1 <= frame.y1 and not _meets(box, taken):
                return (dx, dy), box
    return None


def _meets(box: Any, taken: Any) -> bool:
    """Whether ``box`` meets any row of ``taken``, as ``Bbox.overlaps`` answers for each."""
    if not len(taken):
        return False
    apart = (
        (taken[:, 2] < box.x0) | (taken[:, 3] < box.y0) | (taken[:, 0] > box.x1)
        | (taken[:, 1] > box.y1)
    )  # fmt: skip
    return not bool(apart.all())


def most_unusual(table: Any, count: int) -> Any:
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
    #: The value as written beside its marker (empty: the marker alone).
    text: str = ""


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
            if row.text:  # beside the marker, towards the middle so it stays on the chart
                right = row.value > 0.5
                axes.annotate(row.text, (row.value, y), xytext=(-7 if right else 7, 0),
                              textcoords="offset points", ha="right" if right else "left",
                              va="center", fontsize=7, zorder=4)  # fmt: skip
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


@dataclass(frozen=True)
class ProgressBar:
    """One target's way from its baseline (0) to its target (1): the share ``covered`` by the
    latest value (None without one), the share ``expected`` by then on a straight line, and
    the three values as the reader writes them."""

    label: str
    covered: float | None
    expected: float | None
    on_track: bool | None
    baseline: str
    latest: str
    target: str


#: The bar's colours: on track, behind (Okabe–Ito blue and vermillion), the way still to go.
ON_TRACK, BEHIND, TO_GO = BETTER, WORSE, "#E5E5E5"


def progress_figure(bars: Sequence[ProgressBar], width: float = 7.0) -> Any:
    """A bar per target: the way from the baseline (left) to the target (right) in light grey,
    the part covered in blue when on track and orange (vermillion) when behind (going the wrong way
    shows left of the baseline), a black tick where a straight line would stand, the
    baseline, latest and target values written under and over the bar."""
    height = 0.62 * len(bars) + 0.2
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    for y, bar in enumerate(reversed(bars)):
        axes.barh(y, 1.0, left=0.0, height=0.34, color=TO_GO)
        if bar.covered is not None:
            shown = min(max(bar.covered, -0.3), 1.3)  # far beyond either end: drawn to the edge
            colour = ON_TRACK if bar.on_track else BEHIND
            axes.barh(y, shown, left=0.0, height=0.34, color=colour)
            axes.text(shown, y + 0.24, bar.latest, ha="center", va="bottom", fontsize=7,
                      color=colour, fontweight="bold")  # fmt: skip
        if bar.expected is not None:
            axes.plot([bar.expected] * 2, [y - 0.24, y + 0.24], color=TARGET, linewidth=1.2)
        axes.text(0.0, y - 0.22, bar.baseline, ha="center", va="top", fontsize=7)
        axes.text(1.0, y - 0.22, bar.target, ha="center", va="top", fontsize=7)
    axes.set_yticks(range(len(bars)), [bar.label for bar in reversed(bars)], fontsize=8)
    axes.set_xlim(-0.35, 1.35)
    axes.set_ylim(-0.7, len(bars) - 0.3)
    axes.set_xticks([])
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(left=False)
    return figure


def effect_figure(
    years: Sequence[int],
    lines: tuple[Sequence[float], Sequence[float]],
    gaps: Sequence[float],
    placebo_gaps: Sequence[Sequence[float]],
    start: int,
    labels: tuple[str, str, str, str, str],
    lang: str,
    width: float = 7.0,
) -> Any:
    """The synthetic control in two panels: left the municipality's line and its twin's
    (``lines``: actual, synthetic), right the gaps (actual − twin) with each placebo's
    gap in grey under the municipality's; the start marked in both by a dotted line.
    ``labels``: the municipality's name, the twin's, the left and the right panel's title,
    and the words written at the start's line."""
    figure = new_figure(width, 2.6)
    level, gap = figure.subplots(1, 2)
    name, twin, left, right, started = labels
    actual, synthetic = lines
    level.plot(years, actual, color=FOCUS_LINE, linewidth=2.0, marker="o", markersize=3,
               label=name)  # fmt: skip
    level.plot(years, synthetic, color=FOCUS_LINE, linewidth=1.5, linestyle="--", label=twin)
    for placebo in placebo_gaps:
        gap.plot(years, placebo, color=SIMILAR, linewidth=0.7, alpha=0.7)
    gap.plot(years, gaps, color=FOCUS_LINE, linewidth=2.0, marker="o", markersize=3)
    gap.axhline(0.0, color=TARGET, linewidth=0.6)
    for axes, title in ((level, left), (gap, right)):
        axes.axvline(start - 0.5, color=TARGET, linewidth=0.9, linestyle=":")
        # above the plot, over the line: inside it the words lay under the lines that rise there
        axes.annotate(started, (start - 0.5, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                      fontsize=7)  # fmt: skip
        # wrapped to its panel: a long indicator name with its unit ran into the other title
        axes.set_title(textwrap.fill(title, max(20, round(width * EFFECT_TITLE_CHARS))),
                       fontsize=8, pad=12)  # fmt: skip
        axes.tick_params(labelsize=7)
        local_numbers(axes, lang, y=True)
        axes.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    level.legend(fontsize=7, frameon=False)
    return figure


#: Characters of an effect chart's panel title per inch of the figure's width (two panels,
#: 8-point type): a longer title is wrapped.
EFFECT_TITLE_CHARS = 6.5
#: The municipality's own lines on the effect chart: the dark blue the views use for it.
FOCUS_LINE = "#1F4E78"
