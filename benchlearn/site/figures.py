"""The site's charts: matplotlib figures written as inline SVG.

Why matplotlib: it is already how benchlearn draws its charts on paper,
it writes SVG with no browser, no JavaScript and nothing fetched from the
internet, and it costs no start-up outside the commands that draw. With
``svg.fonttype: none`` the labels stay text, so they are selectable, read by
screen readers and take the page's own font; coordinates are rounded to a
tenth of a pixel and the figures are kept sparse, which keeps a member's page
small (Vega-Lite would need a script bundle on every page, or a headless
renderer, for the same charts).

Every chart is paired on its page with a text alternative and the table of its
numbers (see :mod:`.pages`); here are only the drawings. The charts every member's page
has (the spine chart, the trend panels), each indicator's ranking and the network's index
are written by :mod:`.drawn` instead, each indicator's distribution by :mod:`.histogram`
and its funnel plot by :mod:`.funnel`: here are the counts of answers and levels and the
share answering yes over the years. Colours follow
:mod:`benchlearn.views`: the municipality a view is about in dark blue, the
others light, significance and quarters as in the workbook.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from benchlearn.charts import local_numbers
from benchlearn.charts import new_figure as figure_of
from benchlearn.messages import t
from benchlearn.views import FOCUS, NEUTRAL, OTHERS

#: Inches: a full-width chart.
WIDTH = 7.5
_NUMBER = re.compile(r"-?\d+\.\d{2,}")
_ATTRIBUTE = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|width|height|transform|points)=")([^"]*)(")')
_FONT = re.compile(r"font-family:[^;\"]*;?\s*")
_NO_ROTATION = re.compile(r'\stransform="rotate\(-?0 [^)]*\)"')
_REFERENCE = re.compile(r"#([A-Za-z_][\w.-]*)")
_ID = re.compile(r'\sid="([^"]*)"')
_GROUP = re.compile(r"(<g>|<g\s[^>]*>|</g>)")
_DIMENSIONS = re.compile(r'<svg([^>]*?)\swidth="([\d.]+)pt"\sheight="([\d.]+)pt"')


def inline_svg(figure: Any, salt: str, label: str) -> str:
    """A figure as an ``<svg>`` element for an HTML page.

    ``salt`` makes the ids inside unique on the page (matplotlib derives them
    from it); ``label`` is the text alternative, as ``aria-label``. The size
    becomes a ``viewBox`` and a maximum width, so the chart shrinks on a phone.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = _ATTRIBUTE.sub(lambda m: m.group(1) + _round(m.group(2)) + m.group(3), text)
    text = _compact(text)

    def sized(match: re.Match[str]) -> str:
        width = float(match.group(2))
        return (
            f'<svg{match.group(1)} role="img" aria-label="{_attribute(label)}" '
            f'style="max-width:{width:.0f}pt"'
        )

    return _DIMENSIONS.sub(sized, text, count=1)


def _compact(text: str) -> str:
    """Leave out what the drawing does not need: the font list on every label (the page's
    style sheet gives one), no-op rotations, unreferenced ids and the indentation."""
    text = _FONT.sub("", text)
    text = _NO_ROTATION.sub("", text)
    used = set(_REFERENCE.findall(text))
    text = _ID.sub(lambda m: m.group(0) if m.group(1) in used else "", text)
    text = re.sub(r"\s*\n\s*", " ", text)
    return _bare_groups(re.sub(r">\s+<", "><", text))


def _bare_groups(text: str) -> str:
    """Leave out the ``<g>`` wrappers that carry nothing (matplotlib writes one per artist)."""
    out: list[str] = []
    kept: list[bool] = []
    for part in _GROUP.split(text):
        if part == "<g>":
            kept.append(False)
        elif part == "</g>":
            if kept.pop():
                out.append(part)
        else:
            if part.startswith("<g "):
                kept.append(True)
            out.append(part)
    return "".join(out)


def _round(value: str) -> str:
    return _NUMBER.sub(lambda m: f"{float(m.group()):.1f}", value)


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def wrapped(text: str, width: int = 42) -> str:
    """A long label on several lines."""
    return "\n".join(textwrap.wrap(text, width)) or text


def _plain(axes: Any) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    axes.grid(True, axis="x", linewidth=0.3, alpha=0.6)


def counts_bars(labels: Sequence[str], counts: Sequence[int], lang: str, focus: int | None) -> Any:
    """How many members gave each answer (yes/no) or are at each level (ordinal); ``focus``:
    the bar of the answer the page's municipality gave."""
    figure = figure_of(WIDTH * 0.7, 0.45 * len(labels) + 1.0)
    axes = figure.add_subplot()
    y = list(range(len(labels)))[::-1]
    colours = [FOCUS if i == focus else OTHERS for i in range(len(labels))]
    bars = axes.barh(y, counts, color=colours, height=0.6)
    axes.bar_label(bars, fontsize=8, padding=2)
    axes.set_yticks(y, [wrapped(label, 30) for label in labels], fontsize=8)
    axes.set_xlabel(t("wb_members_count", lang), fontsize=8)
    local_numbers(axes, lang, x=True)
    _plain(axes)
    return figure


def share_trend(years: Sequence[int], shares: Sequence[float], lang: str) -> Any:
    """A yes/no indicator over the years: the share of members answering yes."""
    figure = figure_of(WIDTH * 0.7, 2.4)
    axes = figure.add_subplot()
    axes.plot(list(years), list(shares), color=FOCUS, marker="o", linewidth=2)
    axes.set_ylim(0, 100)
    axes.set_ylabel(t("wb_trend_yes", lang), fontsize=8)
    local_numbers(axes, lang, y=True)
    axes.set_xticks(list(years))
    axes.xaxis.set_major_formatter("{x:.0f}")
    _plain(axes)
    return figure


__all__ = [
    "NEUTRAL",
    "counts_bars",
    "inline_svg",
    "share_trend",
    "wrapped",
]
