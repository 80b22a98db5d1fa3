"""The pieces a site page is made of: cells, charts, page keys and colours.

Kept apart from :mod:`benchlearn.site.pages` (what each page says) so that the
pages module holds the pages only; nothing here reads meeting data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchlearn.views import OTHERS, QUARTILE_COLOURS, SIGNIFICANCE_COLOURS, ChangeMark

#: What a missing value shows as in a table.
NO_VALUE = "–"


@dataclass
class Chart:
    """A chart on a page: its SVG, its text alternative, and the table of its numbers."""

    svg: str
    alt: str
    caption: str
    header: list[str]
    rows: list[list[Any]]
    key: str = ""
    note: str = ""  # the table's caption, when it needs more than the text alternative


@dataclass
class Cell:
    """A table cell: its text, an optional link (a page key), a colour class and a title."""

    text: str
    link: str | None = None
    css: str = ""
    title: str = ""
    code: str = ""  # shown small beside the text
    numeric: bool = False
    mark: str = ""  # a change's arrow after the text, on white in its ``mark_css`` colour
    mark_css: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def row_html(row: Sequence[Cell], link: Callable[[str], str], first_is_header: bool = False) -> Any:
    """A table row's cells as the pages write them: each a ``td`` (the first a row's ``th``
    with ``first_is_header``) with its colour class, ``num`` for a number, its title, its
    text (a link to its page key through ``link``), its code in small type and its
    change's mark; every text escaped.

    Written here rather than by a template macro per cell: a site's pages hold some
    70,000 cells, and calling a macro for each was a tenth of a site's time."""
    from markupsafe import Markup, escape

    parts = []
    for i, c in enumerate(row):
        header = first_is_header and i == 0
        parts.append('<th scope="row"' if header else "<td")
        if c.css or c.numeric:
            parts.append(f' class="{escape(c.css)}{" num" if c.numeric else ""}"')
        if c.title:
            parts.append(f' title="{escape(c.title)}"')
        text = escape(c.text)
        parts.append(f'><a href="{escape(link(c.link))}">{text}</a>' if c.link else f">{text}")
        if c.code:
            parts.append(f' <span class="code">{escape(c.code)}</span>')
        if c.mark:
            parts.append(f' <span class="mark {escape(c.mark_css)}">{escape(c.mark)}</span>')
    return Markup("".join(parts))


def num(value: Any) -> float:
    """A number from a table cell (pandas types them loosely)."""
    return float(value)


def member_key(code: str) -> str:
    """The page key of a member's page."""
    return f"members/{code}"


def indicator_key(code: str) -> str:
    """The page key of an indicator's page."""
    return f"indicators/{code}"


def change_class(mark: ChangeMark | None) -> str:
    """The CSS class of a change's arrow: ``ch-better``, ``ch-worse``, ``ch-up`` or
    ``ch-down`` when significant, ``ch-unsure`` (grey) otherwise, none without a change."""
    if mark is None or not mark.text:
        return ""
    if not mark.significant:
        return "ch-unsure"
    return "ch-" + mark.direction


def significance_class(significance: str) -> str:
    """The CSS class of a significance verdict."""
    return "sig-" + significance.replace(" ", "-")


def fill(css: str) -> str:
    """The colour a CSS class stands for, for charts drawn outside the style sheet."""
    if css.startswith("q"):
        return QUARTILE_COLOURS[int(css[1])]
    if css.startswith("sig-"):
        return SIGNIFICANCE_COLOURS[css[4:].replace("-", " ")]
    return OTHERS


def with_code(label: str, code: str) -> str:
    """A label with its code beside it, unless the label already says it."""
    return label if code in label else f"{label} ({code})"


def funnel_key(place: str) -> str:
    """The catalogue key of a funnel place (above, below or within the limits)."""
    if place.startswith("above"):
        return "funnel_above"
    if place.startswith("below"):
        return "funnel_below"
    return "funnel_within"
