"""A plan as frozen, typed data: what a municipality means to reach, by when, learned from whom.

A plan goes the way definitions go: text (command options, a CSV, XLSX or
YAML file) becomes a :class:`PlanDraft` whose every field remembers where it
was written (:class:`Place`), so a problem names its file, row and column;
:func:`draft_problems` checks what can be checked without the database, and
storing it (:mod:`benchlearn.plans.store`) checks the rest and reads the
baselines. What is stored comes back as :class:`Plan` with its
:class:`Target` and :class:`Source` entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from benchlearn.definitions.model import freeze, pick_text
from benchlearn.errors import Problem
from benchlearn.importing.numbers import NUMBER, WHOLE_YEAR, not_number_key
from benchlearn.limits import LENGTHS
from benchlearn.messages import LANGUAGES

#: What a plan can be: written but not started, under way, finished, given up.
STATUSES = ("planned", "active", "done", "dropped")
#: The years a plan, a baseline and a target may name.
EARLIEST, LATEST = 1900, 2200
#: The longest title and description (characters): a title is a line, a description a page.
TITLE_LENGTH, DESCRIPTION_LENGTH = 300, 10_000


@dataclass(frozen=True)
class Place:
    """Where a field was written: a file (or the command) and, if known, its row and column."""

    file: str
    row: int | None = None
    column: str | None = None

    def problem(self, key: str, values: Mapping[str, object] | None = None) -> Problem:
        """The problem the message ``key`` describes, placed here."""
        return Problem.of(self.file, key, values, row=self.row, column=self.column)


@dataclass(frozen=True)
class TargetDraft:
    """A target as written: the indicator, the value to reach, the year to reach it by (None:
    the plan's end year) and the baseline year (None: the latest value at or before the start)."""

    indicator: str
    value: float
    year: int | None = None
    baseline_year: int | None = None
    place: Place = field(default_factory=lambda: Place(""))


@dataclass(frozen=True)
class SourceDraft:
    """A partner the plan learned from, and its good-practice entry (an id), if one."""

    municipality: str
    practice: int | None = None
    place: Place = field(default_factory=lambda: Place(""))


@dataclass(frozen=True)
class PlanDraft:
    """A plan as written, before the database has checked its codes and given its baselines.

    ``places`` holds where each plan-level field was written (``municipality``,
    ``network``, ``title``, ``start``, ``end``, ``status``), so a problem names it.
    """

    municipality: str
    network: str
    title: Mapping[str, str]
    start: int
    end: int
    description: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    status: str = "planned"
    targets: tuple[TargetDraft, ...] = ()
    sources: tuple[SourceDraft, ...] = ()
    places: Mapping[str, Place] = field(default_factory=lambda: freeze({}))

    def place(self, name: str) -> Place:
        """Where ``name`` was written (the plan's first place when not recorded)."""
        if name in self.places:
            return self.places[name]
        return next(iter(self.places.values()), Place(""))


@dataclass(frozen=True)
class Target:
    """A stored target: the baseline as read when the plan was made, the value and year aimed at."""

    indicator: str
    baseline_year: int
    baseline_value: float
    target_value: float
    target_year: int


@dataclass(frozen=True)
class Source:
    """A stored partner the plan learned from; ``practice`` is None when none was named or the
    entry has since been removed."""

    municipality: str
    practice: int | None = None


@dataclass(frozen=True)
class Plan:
    """A stored plan, its targets (by indicator, then year) and what it learned from."""

    id: int
    municipality: str
    network: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    start_year: int
    end_year: int
    status: str
    targets: tuple[Target, ...]
    sources: tuple[Source, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    def label(self, lang: str = "en") -> str:
        """The title in ``lang`` (else in another language)."""
        return pick_text(self.title, lang)

    def about(self, lang: str = "en") -> str:
        """The description in ``lang`` (else in another language; empty when there is none)."""
        return pick_text(self.description, lang) if self.description else ""

    def has_target_on(self, indicator: str) -> bool:
        """Whether one of the plan's targets is on ``indicator``."""
        return any(t.indicator == indicator for t in self.targets)

    def learned_from_practice(self, practice: int) -> bool:
        """Whether the plan names the good-practice entry ``practice`` (an id) as a source."""
        return any(source.practice == practice for source in self.sources)


def texts(english: str | None, latvian: str | None) -> Mapping[str, str]:
    """A text per language from its English and Latvian forms, the blank ones left out."""
    given = {"en": (english or "").strip(), "lv": (latvian or "").strip()}
    return freeze({lang: given[lang] for lang in LANGUAGES if given[lang]})


def parse_number(text: str, place: Place, problems: list[Problem]) -> float | None:
    """A number as value files write it (:data:`~benchlearn.importing.numbers.NUMBER`), or
    None with the problem added: the same words as an import of values uses."""
    written = text.strip()
    if re.fullmatch(NUMBER, written):
        number = float(written)
        if number == number and abs(number) != float("inf"):
            return number + 0.0
    problems.append(place.problem(not_number_key(written), {"text": written}))
    return None


def parse_year(text: str, place: Place, problems: list[Problem]) -> int | None:
    """A year between :data:`EARLIEST` and :data:`LATEST` written in digits, or None with
    the problem added."""
    written = text.strip()
    if re.fullmatch(WHOLE_YEAR, written) and EARLIEST <= int(written) <= LATEST:
        return int(written)
    problems.append(
        place.problem("plan_bad_year", {"text": written, "first": EARLIEST, "last": LATEST})
    )
    return None


def parse_target(text: str, place: Place, problems: list[Problem]) -> TargetDraft | None:
    """``CODE:VALUE[:YEAR]`` (``--target``) as a target, or None with the problem added."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].strip():
        problems.append(place.problem("plan_bad_target", {"text": text}))
        return None
    value = parse_number(parts[1], place, problems)
    year = parse_year(parts[2], place, problems) if len(parts) == 3 else None
    if value is None or (len(parts) == 3 and year is None):
        return None
    return TargetDraft(parts[0].strip(), value, year, place=place)


def parse_sources(text: str, place: Place, problems: list[Problem]) -> tuple[SourceDraft, ...]:
    """``CODE[:PRACTICE_ID]`` entries, several separated by spaces, commas or semicolons
    (``--learned-from``, a file's ``learned_from`` cell); the bad ones become problems."""
    found = []
    for entry in re.split(r"[\s,;]+", text.strip()):
        if not entry:
            continue
        code, _, practice = entry.partition(":")
        if not code or (practice and not re.fullmatch(r"[0-9]+", practice)):
            problems.append(place.problem("plan_bad_source", {"text": entry}))
            continue
        found.append(SourceDraft(code, int(practice) if practice else None, place))
    return tuple(found)


def draft_problems(draft: PlanDraft) -> list[Problem]:
    """What is wrong with a plan as written, before the database is asked: a missing title,
    a status not in :data:`STATUSES`, an end before the start, a target year before the
    start, a baseline year not before its target year, a target or partner given twice."""
    problems: list[Problem] = []
    values: dict[str, object]
    if not any(text.strip() for text in draft.title.values()):
        problems.append(draft.place("title").problem("plan_no_title"))
    for name, limit in (("title", TITLE_LENGTH), ("description", DESCRIPTION_LENGTH)):
        for text in getattr(draft, name).values():
            if len(text) > limit:
                values = {"limit": limit, "length": len(text)}
                problems.append(draft.place(name).problem("lim_too_long", values))
    if draft.status not in STATUSES:
        values = {"status": draft.status, "choices": ", ".join(STATUSES)}
        problems.append(draft.place("status").problem("plan_bad_status", values))
    if draft.end < draft.start:
        values = {"start": draft.start, "end": draft.end}
        problems.append(draft.place("end").problem("plan_ends_before_start", values))
    for code, stored in (("municipality", "municipalities.code"), ("network", "networks.code")):
        if len(getattr(draft, code)) > LENGTHS[stored]:
            values = {"limit": LENGTHS[stored], "length": len(getattr(draft, code))}
            problems.append(draft.place(code).problem("lim_too_long", values))
    seen: dict[tuple[str, int], TargetDraft] = {}
    for target in draft.targets:
        year = draft.end if target.year is None else target.year
        if year < draft.start:
            values = {"year": year, "start": draft.start}
            problems.append(target.place.problem("plan_target_before_start", values))
        if target.baseline_year is not None and target.baseline_year >= year:
            values = {"baseline": target.baseline_year, "year": year}
            problems.append(target.place.problem("plan_baseline_not_before", values))
        if (target.indicator, year) in seen:
            values = {"indicator": target.indicator, "year": year}
            problems.append(target.place.problem("plan_target_twice", values))
        seen[(target.indicator, year)] = target
    partners: set[tuple[str, int | None]] = set()
    for source in draft.sources:
        if source.municipality == draft.municipality:
            values = {"code": source.municipality}
            problems.append(source.place.problem("plan_learned_from_itself", values))
        if (source.municipality, source.practice) in partners:
            values = {"code": source.municipality}
            problems.append(source.place.problem("plan_source_twice", values))
        partners.add((source.municipality, source.practice))
    return problems


#: Where the options of ``plans add`` are named in its problems.
COMMAND = "benchlearn plans add"


def option_draft(
    *,
    municipality: str,
    network: str,
    title: str | None,
    title_lv: str | None,
    start: int,
    end: int,
    description: str | None = None,
    description_lv: str | None = None,
    status: str = "planned",
    targets: tuple[str, ...] = (),
    baseline_year: int | None = None,
    learned_from: tuple[str, ...] = (),
) -> tuple[PlanDraft, list[Problem]]:
    """A plan from the options of ``plans add``, and the problems of the options that could
    not be read (left out of the plan; :func:`~benchlearn.plans.store.add_plans` tells them
    with the plan's other problems). Each ``--target`` is ``CODE:VALUE[:YEAR]`` (the year
    defaults to the plan's end), ``--baseline-year`` applies to every target, each
    ``--learned-from`` is ``CODE[:PRACTICE_ID]``."""
    problems: list[Problem] = []
    found = [parse_target(text, Place(COMMAND, None, "--target"), problems) for text in targets]
    sources = [
        s for text in learned_from
        for s in parse_sources(text, Place(COMMAND, None, "--learned-from"), problems)
    ]  # fmt: skip
    places = {
        "municipality": Place(COMMAND, None, "--municipality"),
        "network": Place(COMMAND, None, "--network"),
        "title": Place(COMMAND, None, "--title"),
        "description": Place(COMMAND, None, "--description"),
        "start": Place(COMMAND, None, "--start"),
        "end": Place(COMMAND, None, "--end"),
        "status": Place(COMMAND, None, "--status"),
    }
    if baseline_year is not None and not EARLIEST <= baseline_year <= LATEST:
        values = {"text": str(baseline_year), "first": EARLIEST, "last": LATEST}
        problems.append(Place(COMMAND, None, "--baseline-year").problem("plan_bad_year", values))
    for name in ("start", "end"):
        year = start if name == "start" else end
        if not EARLIEST <= year <= LATEST:
            values = {"text": str(year), "first": EARLIEST, "last": LATEST}
            problems.append(places[name].problem("plan_bad_year", values))
    draft = PlanDraft(
        municipality=municipality,
        network=network,
        title=texts(title, title_lv),
        description=texts(description, description_lv),
        start=start,
        end=end,
        status=status,
        targets=tuple(
            TargetDraft(t.indicator, t.value, t.year, baseline_year, t.place)
            for t in found
            if t is not None
        ),
        sources=tuple(sources),
        places=freeze(places),
    )
    return draft, problems
