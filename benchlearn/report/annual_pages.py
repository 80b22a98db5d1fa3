"""The annual report's publishable pages: the title page, the key findings, the network's
totals, the members with their join years, and an annex page per member.

What a reader of a published report looks for first is said in sentences on
one page (participation, the totals, what improved and what declined), each
with its size and, where the indicator has counts, the test that found it
significant; the tables follow. The figures come from
:mod:`benchlearn.report.annual_figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import alphabetical, date, number, percent, t
from benchlearn.report.annual_figures import Change, Total, changes, form_counts, totals
from benchlearn.report.document import CM, chapter, escape, frame_width, share_text, table
from benchlearn.views import is_missing, is_yes_no, places, value_text

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.report.sections import Page


@dataclass(frozen=True)
class Returns:
    """A year's forms as the key findings count them: members, returned, returned on time."""

    year: int
    members: int
    returned: int
    on_time: int
    deadline: dt.date


@dataclass(frozen=True)
class Year:
    """What the annual report reads of the year before: its members' values (with the
    components), their forms status and its deadline, and its members."""

    values: pd.DataFrame
    status: pd.DataFrame
    deadline: dt.date
    members: tuple[str, ...]


def labelled(page: Page, code: str) -> str:
    """An indicator's name with its unit in brackets, unless the name already says it
    ("events per 1,000 inhabitants") or the unit is a yes/no answer's coding."""
    ind = page.data.definitions.indicators[code]
    name, unit = page.label(code), ind.unit_label(page.lang)
    if is_yes_no(ind) or not unit or unit.casefold() in name.casefold():
        return name
    return f"{name} ({unit})"


def glued(text: str) -> str:
    """A figure whose spaces never break a line: 171 146, 98 %, +3 procentpunkti."""
    return text.replace(" ", "\u00a0")


def signed(value: float, lang: str, decimals: int) -> str:
    """A change with its sign: +1 234, -5,2; nought (also when rounded to it) without one."""
    if round(value, decimals) == 0:
        return number(0.0, lang, decimals)
    text = number(value, lang, decimals)
    return f"+{text}" if value > 0 else text


def signed_percent(value: float, lang: str) -> str:
    """A relative change with its sign, to one decimal: +4.5%, in Latvian +4,5 %."""
    return signed(value, lang, 1) + (" %" if lang == "lv" else "%")


def _quantity(ind: IndicatorDefinition, value: float, lang: str, kind: str = "") -> str:
    if kind == "share":
        return percent(value, lang, 0)
    return number(value, lang, places(ind))


def _points(value: float, lang: str) -> str:
    """Percentage points, whole, with the noun's number as ``lang`` needs it."""
    whole = abs(round(value))
    one = whole == 1 if lang != "lv" else whole % 10 == 1 and whole % 100 != 11
    return t(
        "an_points_one" if one else "an_points_many", lang, points=signed(round(value), lang, 0)
    )


def _p(value: float, lang: str) -> str:
    return f"p < {number(0.001, lang, 3)}" if value < 0.001 else f"p = {number(value, lang, 3)}"


def change_sentence(page: Page, change: Change, previous: int) -> str:
    """One indicator's network-wide change as a sentence, with its test where it has one."""
    lang, year = page.lang, page.data.year
    ind = page.data.definitions.indicators[change.indicator]
    size = (
        _points(change.change, lang)
        if change.kind == "share"
        else signed(change.change, lang, places(ind))
    )
    if change.relative is not None and not ind.ordinal:  # a level's percent means nothing
        size += f"; {signed_percent(change.relative, lang)}"
    text = t(
        f"an_change_{change.kind}",
        lang,
        name=page.label(change.indicator),
        year=year,
        previous=previous,
        now=glued(_quantity(ind, change.now, lang, change.kind)),
        before=glued(_quantity(ind, change.before, lang, change.kind)),
        size=glued(size),
        count=change.members,
    )
    if change.test is not None and change.p_value is not None:
        test = t(f"an_test_{change.test}", lang)
        key = "an_significant" if change.verdict != "unchanged" else "an_not_significant"
        if change.change == 0:
            key = "an_no_change"
        text += " " + t(key, lang, test=test, p=glued(_p(change.p_value, lang)))
    return text


def total_sentence(page: Page, total: Total, previous: int) -> str:
    """A total of this year against last year's, and the same members' change."""
    lang = page.lang
    ind = page.data.definitions.indicators[total.indicator]
    decimals = places(ind)
    text = t(
        "an_total",
        lang,
        name=labelled(page, total.indicator),
        now="" if total.now is None else glued(number(total.now, lang, decimals)),
        previous=previous,
        before="–" if total.before is None else glued(number(total.before, lang, decimals)),
    )
    if total.change is not None and total.relative is not None:
        text += " " + t(
            "an_total_same",
            lang,
            count=total.same,
            relative=glued(signed_percent(total.relative, lang)),
        )
    return text


def returns_of(status: pd.DataFrame, deadline: dt.date, year: int) -> Returns:
    """The forms of a year counted by first receipt, as the participation table counts them."""
    counts = form_counts(status, deadline)
    return Returns(year, counts.members, counts.returned, counts.on_time, deadline)


def _bullets(page: Page, lines: Sequence[str]) -> list[Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    s = page.styles
    style = ParagraphStyle("bullet", parent=s.body, leftIndent=12, bulletIndent=2)
    return [Paragraph(escape(line), style, bulletText="•") for line in lines]


def key_findings(
    page: Page,
    now: Returns,
    before: Returns | None,
    found: Sequence[Change],
    summed: Sequence[Total],
) -> list[Any]:
    """The key findings: participation and its change, the totals, then what improved,
    what declined and what did not change, network-wide, each in a sentence."""
    lang, data, s = page.lang, page.data, page.styles
    previous = data.year - 1
    story: list[Any] = [chapter(t("an_key_findings", lang), s)]
    story.append(s.p(t("an_participation", lang), s.subheading))
    lines = [t("an_members", lang, year=data.year, count=now.members)]
    if before is not None:
        lines[0] += " " + t("an_members_before", lang, previous=previous, count=before.members)
    lines[0] += "."

    def named(codes: Sequence[str]) -> str:
        return ", ".join(f"{page.name(c)} ({c})" for c in codes)

    lines.append(
        t("members_joined", lang, year=data.year, names=named(data.joined))
        if data.joined
        else t("members_joined_none", lang, year=data.year)
    )
    if data.left:
        lines.append(t("members_left", lang, year=data.year, names=named(data.left)))
    for key, part in (("an_returned", "returned"), ("an_on_time", "on_time")):
        text = t(
            key,
            lang,
            year=data.year,
            count=getattr(now, part),
            members=now.members,
            share=glued(share_text(getattr(now, part), now.members, lang)),
            deadline=date(now.deadline, lang),
        )
        if before is not None:
            text += t(
                f"{key}_before",
                lang,
                previous=previous,
                count=getattr(before, part),
                members=before.members,
                share=glued(share_text(getattr(before, part), before.members, lang)),
                deadline=date(before.deadline, lang),
            )
        lines.append(text + ".")
    story += _bullets(page, lines)
    if summed:
        story.append(s.p(t("an_totals_short", lang, year=data.year), s.subheading))
        story += _bullets(page, [total_sentence(page, x, previous) for x in summed])
    if not found:
        story.append(s.p(t("an_no_changes", lang, previous=previous)))
        return story
    for verdict in ("improved", "declined", "changed", "unchanged"):
        chosen = [c for c in found if c.verdict == verdict]
        chosen.sort(key=lambda c: -abs(c.relative if c.relative is not None else c.change))
        # Indicators without any change are named together, not a sentence each.
        same = [c for c in chosen if c.change == 0 and c.test is None]
        lines = [change_sentence(page, c, previous) for c in chosen if c not in same]
        if same:
            names = "; ".join(page.label(c.indicator) for c in same)
            lines.append(t("an_same", lang, count=len(same), names=names))
        if lines:
            story.append(s.p(t(f"an_{verdict}", lang, previous=previous), s.subheading))
            story += _bullets(page, lines)
    level = percent(data.confidence, lang, 0 if data.confidence == int(data.confidence) else 1)
    story.append(s.p(t("an_findings_note", lang, level=level), s.note))
    return story


def totals_table(page: Page, summed: Sequence[Total]) -> list[Any]:
    """The network's totals: each summed figure last year and this year (with the members
    behind it), and the change of the members with both."""
    from reportlab.platypus import Paragraph

    lang, data, s = page.lang, page.data, page.styles
    previous = data.year - 1
    head = [
        t("indicator", lang),
        str(previous),
        str(data.year),
        t("an_change_same", lang),
    ]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for x in summed:
        ind = data.definitions.indicators[x.indicator]
        d = places(ind)

        def cell(value: float | None, count: int, d: int = d) -> Any:
            shown = "" if value is None else escape(number(value, lang, d))
            return Paragraph(f"{shown}<br/>n = {count}", s.cell_right)

        change = ""
        if x.change is not None:
            change = signed(x.change, lang, d)
            if x.relative is not None:
                change += f" ({signed_percent(x.relative, lang)})"
        rows.append(
            [
                s.named(labelled(page, x.indicator), x.indicator),
                cell(x.before, x.members_before),
                cell(x.now, x.members_now),
                Paragraph(f"{escape(change)}<br/>n = {x.same}", s.cell_right),
            ]
        )
    width = frame_width()
    return [
        chapter(t("an_totals", lang, year=data.year), s),
        s.p(t("an_totals_intro", lang, year=data.year, previous=previous)),
        table(rows, [width - 12.0 * CM, 3.6 * CM, 3.6 * CM, 4.8 * CM]),
        s.p(t("an_totals_note", lang), s.note),
    ]


def member_list(page: Page, membership: pd.DataFrame | None) -> list[Any]:
    """The members in three columns, each with the year it joined; this year's new ones
    marked; who left named below."""
    from reportlab.platypus import Paragraph, Spacer

    lang, data, s = page.lang, page.data, page.styles
    joined: dict[str, Any] = {}
    if membership is not None:
        joined = {str(r.municipality): r.joined for r in records(membership)}
    story: list[Any] = [chapter(t("an_member_list", lang, count=len(data.members)), s)]
    order = sorted(data.members, key=lambda c: alphabetical(page.name(c)))
    columns = 3
    down = -(-len(order) // columns)
    cells: list[list[Any]] = [["", ""] * columns for _ in range(down)]
    for i, code in enumerate(order):
        year = joined.get(code)
        since = t("an_since_start", lang) if year is None or is_missing(year) else str(int(year))
        name = s.named(page.name(code), code)
        if code in data.joined:
            mark = escape(f"{page.name(code)} ({t('members_new_mark', lang)})")
            name = Paragraph(
                f'<b>{mark}</b> <font size="6.5" color="#595959">{code}</font>', s.cell
            )
        row, column = i % down, i // down
        cells[row][2 * column] = name
        cells[row][2 * column + 1] = s.p(since, s.cell_right)
    head = [t("municipality", lang), t("an_joined", lang)] * columns
    part = frame_width() / columns
    widths = [part - 1.2 * CM, 1.2 * CM] * columns
    story += [table([[s.p(h, s.head) for h in head], *cells], widths), Spacer(1, 6)]
    if data.left:
        names = ", ".join(f"{page.name(c)} ({c})" for c in data.left)
        story.append(s.p(t("members_left", lang, year=data.year, names=names)))
    return story


def annex(
    page: Page,
    codes: Sequence[str],
    now: pd.DataFrame,
    status: pd.DataFrame,
    deadline: dt.date,
    membership: pd.DataFrame | None,
    before: Year | None,
    practices: pd.DataFrame | None = None,
) -> list[Any]:
    """A page per member, by name: when it joined, its forms of both years (received on time
    or not), its figures of both years beside the network's median, and its good practice
    (``practices``: :data:`benchlearn.registry.practices.COLUMNS`)."""
    from reportlab.platypus import PageBreak

    lang, data, s = page.lang, page.data, page.styles
    joined: dict[str, Any] = {}
    if membership is not None:
        joined = {str(r.municipality): r.joined for r in records(membership)}
    forms = {str(r.municipality): r for r in records(status)}
    forms_before = (
        {} if before is None else {str(r.municipality): r for r in records(before.status)}
    )
    medians = _medians(now)
    story: list[Any] = [chapter(t("an_annex", lang), s), s.p(t("an_annex_intro", lang))]
    order = sorted(data.members, key=lambda c: alphabetical(page.name(c)))
    for i, code in enumerate(order):
        if i:  # the first member shares the page with the annex's title
            story.append(PageBreak())
        story.append(s.p(f"{page.name(code)} ({code})", s.heading))
        year = joined.get(code)
        if code in data.joined:
            lines = [t("an_member_new", lang, year=data.year)]
        elif year is None or is_missing(year):
            lines = [t("an_member_always", lang)]
        else:
            lines = [t("an_member_since", lang, year=int(year))]
        lines.append(_form_line(page, forms.get(code), data.year, deadline))
        if before is not None and code in before.members:
            lines.append(_form_line(page, forms_before.get(code), data.year - 1, before.deadline))
        story += [s.p(line) for line in lines]
        story.append(_member_table(page, code, codes, now, before, medians))
        shared = (
            [] if practices is None else list(records(practices[practices["municipality"] == code]))
        )
        if shared:
            story.append(s.p(t("rp_practices", lang), s.subheading))
            story += _bullets(page, [practice_line(p) for p in shared])
    return story


def practice_line(p: Any) -> str:
    """A good practice as one line: its title, its text and where to read more."""
    text = str(p.title)
    if isinstance(p.text, str) and p.text:
        text += f" — {p.text}"
    if isinstance(p.url, str) and p.url:
        text += f" ({p.url})"
    return text


def _medians(values: pd.DataFrame) -> dict[str, float]:
    usable = values[values["value"].notna() & (values["status"].isna() | (values["status"] == ""))]
    return {str(k): float(v) for k, v in usable.groupby("indicator")["value"].median().items()}


def _form_line(page: Page, form: Any, year: int, deadline: dt.date) -> str:
    """Whether the year's form came, when first, and whether by the deadline."""
    lang = page.lang
    if form is None or not form.returned:
        return t("an_form_missing", lang, year=year)
    received = None if is_missing(form.received) else form.received.date()
    if received is None:
        return t("an_form_undated", lang, year=year, filled=int(form.filled), total=int(form.total))
    key = "an_form_on_time" if received <= deadline else "an_form_late"
    return t(
        key,
        lang,
        year=year,
        received=date(received, lang),
        deadline=date(deadline, lang),
        filled=int(form.filled),
        total=int(form.total),
    )


def _member_table(
    page: Page,
    code: str,
    codes: Sequence[str],
    now: pd.DataFrame,
    before: Year | None,
    medians: dict[str, float],
) -> Any:
    lang, data, s = page.lang, page.data, page.styles
    previous = data.year - 1
    mine = now[now["municipality"] == code].set_index("indicator")
    earlier = None
    if before is not None:
        found = before.values
        earlier = found[found["municipality"] == code].set_index("indicator")
    head = [
        t("indicator", lang),
        str(previous),
        str(data.year),
        t("an_change", lang),
        t("an_median", lang, year=data.year),
    ]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for indicator in codes:
        ind = data.definitions.indicators[indicator]
        this = _cell(mine, indicator)
        last = _cell(earlier, indicator)
        change = ""
        if this[0] is not None and last[0] is not None:
            if is_yes_no(ind):
                if this[0] != last[0]:
                    was, now_is = (value_text(ind, v, None, lang) for v in (last[0], this[0]))
                    change = f"{was} → {now_is}"
            else:
                change = signed(this[0] - last[0], lang, places(ind))
        median = medians.get(indicator)
        typical = ""
        if median is not None:
            typical = (
                t("rp_yes_share", lang, share=percent(100.0 * _share(now, indicator), lang, 0))
                if is_yes_no(ind)
                else number(median, lang, places(ind))
            )
        rows.append(
            [
                s.named(labelled(page, indicator), indicator),
                s.p(value_text(ind, last[0], last[1], lang), s.cell_right),
                s.p(value_text(ind, this[0], this[1], lang), s.cell_right),
                s.p(change, s.cell_right),
                s.p(typical, s.cell_right),
            ]
        )
    width = frame_width()
    return table(rows, [width - 11.4 * CM, 2.4 * CM, 2.4 * CM, 2.8 * CM, 3.8 * CM])


def _cell(frame: pd.DataFrame | None, indicator: str) -> tuple[float | None, str | None]:
    if frame is None or indicator not in frame.index:
        return None, None
    row: Any = frame.loc[indicator]
    status = None if is_missing(row["status"]) or row["status"] == "" else str(row["status"])
    return (None if is_missing(row["value"]) else float(row["value"])), status


def _share(values: pd.DataFrame, indicator: str) -> float:
    found = values[(values["indicator"] == indicator) & values["value"].notna()]["value"]
    return float((found >= 0.5).mean()) if len(found) else 0.0


def network_changes(page: Page, now: pd.DataFrame, before: Year | None) -> list[Change]:
    """The network indicators' changes since the year before (none without that year)."""
    data = page.data
    if before is None:
        return []
    return changes(data.definitions, data.network, now, before.values, data.confidence)


def network_totals(
    page: Page, codes: list[str], now: pd.DataFrame, before: Year | None
) -> list[Total]:
    """The summed figures of this year and the year before."""
    return totals(codes, now, None if before is None else before.values)
