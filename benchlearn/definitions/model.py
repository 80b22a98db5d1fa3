"""The frozen objects definitions become, and the constants their schema uses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from benchlearn.definitions.expressions import parse
from benchlearn.messages import LANGUAGES, phrase

Direction = Literal["higher", "lower", "neutral"]
DIRECTIONS: tuple[Direction, ...] = ("higher", "lower", "neutral")
NORMALISATIONS = ("minmax", "zscore", "rank", "grade")
AGGREGATIONS = ("arithmetic", "geometric")
REFORM_AGGREGATIONS = ("sum", "weighted_mean", "formula")
#: How a derived indicator's value comes from counts, so its uncertainty can be computed.
STATISTICS = ("proportion", "rate")
#: What a member's value is compared with (its verdict, colour and reference line): the
#: members' median (the default), the network's pooled rate (counts only) or the median
#: of every unit in the registry with data that year ("all", Latvija).
COMPARATORS = ("median", "pooled", "all")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")

INDICATOR_KEYS = {
    "code", "name", "unit", "direction", "description", "source", "decimals",
    "min", "max", "formula", "scale", "aggregation", "weight", "topic", "required",
    "max_change", "rules", "statistic", "numerator", "denominator", "multiplier", "suppress_below",
    "pull", "comparator", "standard_error", "visibility",
}  # fmt: skip
#: Where ``benchlearn pull`` can fetch an indicator: the kinds of source a ``pull`` names.
PULL_KINDS = ("pxweb", "kolada")
#: The keys of ``pull`` beside its one source kind.
PULL_KEYS = {"select", "match", "hosts"}
#: The keys that go with ``statistic``.
STATISTIC_KEYS = ("numerator", "denominator", "multiplier", "suppress_below")
NETWORK_KEYS = {
    "code", "name", "description", "source", "indicators", "members", "structural",
    "population", "normalisation", "aggregation", "min_coverage", "rules",
    "structural_window", "visibility", "release", "efficiency",
}  # fmt: skip
#: The keys of one efficiency model (``efficiency: {CODE: {...}}``), the orientations and the
#: returns to scale a model may declare: R Benchmarking's choices, its defaults first
#: (``drs``: non-increasing, ``irs``: non-decreasing returns).
EFFICIENCY_KEYS = ("name", "inputs", "outputs", "orientation", "returns", "context")
ORIENTATIONS = ("input", "output")
RETURNS = ("vrs", "crs", "drs", "irs")
#: Who may see a value by default (see :mod:`benchlearn.access`), least restricted first.
VISIBILITIES = ("public", "network", "own")
#: The keys of a network's ``release:``.
RELEASE_KEYS = ("month", "day", "years_after")
SEVERITIES = ("error", "warning")
#: The share of a network's index weight a member needs values for to be scored and ranked.
#: Kommunebarometeret (Norway) asks for 60 %; benchlearn asks for three quarters by default,
#: because its networks are small (a missing quarter already moves a member several places)
#: and a missing value often means "not done yet" rather than chance.
DEFAULT_MIN_COVERAGE = 0.75
#: The largest size a bound, a scale level, a multiplier or a threshold may have: the
#: largest whole number a float still counts exactly (2^53 ≈ 9·10^15, rounded down), far
#: beyond any municipal figure; a bound such as 1e308 would overflow the arithmetic.
NUMBER_LIMIT = 1e15
#: The largest weight of an indicator in a composite or a similarity: a million to one is
#: beyond any judgement; a weight such as 1e308 overflows the weighted sums and empties
#: every composite score.
WEIGHT_LIMIT = 1e6


T = TypeVar("T")


def freeze(mapping: Mapping[str, T]) -> Mapping[str, T]:
    """A read-only copy, so a frozen definition cannot be changed through its mappings."""
    return MappingProxyType(dict(mapping))


def pick_text(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else in the catalogue's languages (English, Latvian), else any."""
    for key in (lang, *LANGUAGES):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")


def range_text(low: float | None, high: float | None) -> str:
    """A valid range in words: both ends, or "at least" / "at most" when one end is open.

    An open end is None (as definitions hold it) or infinite (as arrays of bounds do).
    """
    if low is None or low == float("-inf"):
        return f"at most {high:g}"
    if high is None or high == float("inf"):
        return f"at least {low:g}"
    return f"{low:g} to {high:g}"


def range_phrase(low: float | None, high: float | None) -> dict[str, str]:
    """:func:`range_text` in every language of the catalogue (a value messages can hold)."""
    if low is None or low == float("-inf"):
        return phrase("chk_range_at_most", {"high": float(high)})  # type: ignore[arg-type]
    if high is None or high == float("inf"):
        return phrase("chk_range_at_least", {"low": float(low)})
    return phrase("chk_range_between", {"low": float(low), "high": float(high)})


@dataclass(frozen=True)
class ScaleLevel:
    """One level of an ordinal scale, such as a self-assessment stage."""

    value: float
    label: Mapping[str, str]


@dataclass(frozen=True)
class RuleDefinition:
    """A control rule over indicators of one municipality and year, e.g. ``PART <= TOTAL``."""

    expression: str
    severity: str = "error"
    message: Mapping[str, str] = field(default_factory=lambda: freeze({}))

    def to_descriptor(self) -> str | dict[str, Any]:
        """A plain string when only the expression is set, else a mapping."""
        if self.severity == "error" and not self.message:
            return self.expression
        out: dict[str, Any] = {"rule": self.expression, "severity": self.severity}
        if self.message:
            out["message"] = dict(self.message)
        return out


@dataclass(frozen=True)
class PullSource:
    """Where ``benchlearn pull`` fetches an indicator from.

    ``kind`` is ``pxweb`` (``location`` is the table's API URL, v1 or v2) or
    ``kolada`` (``location`` is the KPI id). ``select`` fixes one value of each
    other dimension (a PxWeb variable code → value code; for Kolada only
    ``gender``). ``match`` says how the source's territories find
    municipalities: ``code``, ``name`` or a registry attribute such as
    ``csb_code``; None leaves it to the server's default. ``hosts`` are other
    servers the source's server may send benchlearn on to (a redirect, a next
    page); without them only its own host is followed.
    """

    kind: str
    location: str
    select: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    match: str | None = None
    hosts: tuple[str, ...] = ()

    def to_descriptor(self) -> dict[str, Any]:
        """The mapping that loads back into an equal source."""
        out: dict[str, Any] = {self.kind: self.location}
        if self.select:
            out["select"] = dict(self.select)
        if self.match is not None:
            out["match"] = self.match
        if self.hosts:
            out["hosts"] = list(self.hosts)
        return out


@dataclass(frozen=True)
class IndicatorDefinition:
    """What an indicator measures, how to read it and, if derived, how to compute it.

    ``unit`` is the unit in English (or the language it is written in); a unit
    written in several languages, ``{en: days, lv: dienas}``, also has ``units``.

    A derived indicator has a ``formula``, or a ``statistic`` (``proportion`` or
    ``rate``) with a ``numerator`` count, a ``denominator`` and a ``multiplier``:
    its value is numerator / denominator × multiplier, and because benchlearn
    knows the counts behind it, it can say how uncertain the value is.
    ``suppress_below`` hides numerators below it (disclosure control).
    """

    code: str
    name: Mapping[str, str]
    unit: str
    direction: Direction
    description: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    source: str | None = None
    decimals: int | None = None
    min: float | None = None
    max: float | None = None
    formula: str | None = None
    scale: tuple[ScaleLevel, ...] = ()
    aggregation: str | None = None
    weight: str | None = None
    topic: str | None = None
    required: bool = False
    max_change: float | None = None
    rules: tuple[RuleDefinition, ...] = ()
    statistic: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float | None = None
    suppress_below: float | None = None
    #: The unit in every language it is written in, when it is not one plain string.
    units: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    #: The source in every language it is written in, when it is not one plain string.
    sources: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    #: Where ``benchlearn pull`` fetches its values, if anywhere.
    pull: PullSource | None = None
    #: What the value is compared with (:data:`COMPARATORS`); None: the command's choice,
    #: else the members' median.
    comparator: str | None = None
    #: The indicator holding each value's standard error (a survey's estimate, say): same
    #: municipality, year and unit. A plan's progress tests a change against it.
    standard_error: str | None = None
    #: Who may see its values unless a value says otherwise (:data:`VISIBILITIES`); None:
    #: the networks' that compare it, else public.
    visibility: str | None = None

    def comparator_for(self, chosen: str | None = None) -> str:
        """The comparator used: ``chosen`` (a command's ``--comparator``) over the
        definition's own, else the members' median; ``pooled`` needs counts behind the
        value, so without them it is the median."""
        kind = chosen or self.comparator or "median"
        return "median" if kind == "pooled" and self.statistic is None else kind

    def label(self, lang: str = "en") -> str:
        """The indicator's name in ``lang`` (falling back to another language)."""
        return pick_text(self.name, lang)

    @property
    def yes_no(self) -> bool:
        """A yes/no answer: a scale of exactly 0 and 1, or whole numbers from 0 up to 1
        (``min: 0, max: 1, decimals: 0``, as NVPT declares its "yes = 1, no = 0" questions)."""
        if self.scale:
            return {float(level.value) for level in self.scale} == {0.0, 1.0}
        return self.max == 1 and self.min in (None, 0) and not self.decimals

    @property
    def ordinal(self) -> bool:
        """Named levels other than yes/no, such as a self-assessment's stages 0–3."""
        return bool(self.scale) and not self.yes_no

    @property
    def ranked(self) -> bool:
        """Whether members are ranked on it. A self-assessed level is each member's own
        reading of a scale and a yes/no answer has two values: neither is ranked, coloured
        by quarter nor put in an index; they are shown as levels and counts."""
        return not (self.yes_no or self.ordinal)

    def unit_label(self, lang: str = "en") -> str:
        """The indicator's unit in ``lang`` (falling back to another language)."""
        return pick_text(self.units, lang) if self.units else self.unit

    def label_with_unit(self, lang: str = "en") -> str:
        """The name with its unit in brackets, "Izmaksas (EUR)"; the name alone when it
        already says the unit ("… uz 1000 iedzīvotājiem" needs no "(uz 1000
        iedzīvotājiem)" after it), compared case-insensitively."""
        name, unit = self.label(lang), self.unit_label(lang)
        if not unit or unit.casefold() in name.casefold():
            return name
        if "(" in unit:  # "līmenis (0–3)": a comma rather than brackets in brackets
            return f"{name}, {unit}"
        return f"{name} ({unit})"

    def source_label(self, lang: str = "en") -> str:
        """Where the figures come from, in ``lang`` (empty when no source is given)."""
        return pick_text(self.sources, lang) if self.sources else (self.source or "")

    @property
    def expression(self) -> str | None:
        """What the value is computed from: the formula, or numerator / denominator × multiplier."""
        if self.formula or not self.statistic:
            return self.formula
        scale = "" if self.multiplier in (None, 1) else f" * {self.multiplier:g}"
        return f"{self.numerator} / {self.denominator}{scale}"

    @property
    def derived(self) -> bool:
        """Computed on read from other indicators, never imported."""
        return self.expression is not None

    @property
    def components(self) -> frozenset[str]:
        """Indicator codes the value is computed from (empty for a measured indicator)."""
        expression = self.expression
        return parse(expression).names if expression else frozenset()

    def to_descriptor(self) -> dict[str, Any]:
        """The mapping that loads back into an equal definition."""
        out: dict[str, Any] = {
            "code": self.code,
            "name": dict(self.name),
            "unit": dict(self.units) if self.units else self.unit,
            "direction": self.direction,
        }
        if self.description:
            out["description"] = dict(self.description)
        if self.source is not None:
            out["source"] = dict(self.sources) if self.sources else self.source
        for key in (
            "decimals",
            "min",
            "max",
            "formula",
            "aggregation",
            "weight",
            "topic",
            "statistic",
            "numerator",
            "denominator",
            "multiplier",
            "suppress_below",
            "comparator",
            "standard_error",
            "visibility",
        ):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.scale:
            out["scale"] = [{"value": s.value, "label": dict(s.label)} for s in self.scale]
        if self.required:
            out["required"] = True
        if self.max_change is not None:
            out["max_change"] = self.max_change
        if self.rules:
            out["rules"] = [r.to_descriptor() for r in self.rules]
        if self.pull is not None:
            out["pull"] = self.pull.to_descriptor()
        return out


@dataclass(frozen=True)
class WeightedCode:
    """An indicator in a network with its weight in the composite index."""

    code: str
    weight: float = 1.0


@dataclass(frozen=True)
class StructuralSpec:
    """A structural variable for similarity: log-transformed or not, and its weight."""

    code: str
    log: bool = False
    weight: float = 1.0


def parse_variables(text: str | None) -> tuple[StructuralSpec, ...] | None:
    """``POP:log,TAXBASE,AREA:log:0.5`` → structural specs (code, then ``log`` and/or a weight)."""
    from benchlearn.errors import BenchlearnError

    if not text:
        return None
    specs = []
    for item in text.split(","):
        parts = [p.strip() for p in item.strip().split(":")]
        code, log, weight = parts[0], False, 1.0
        for flag in parts[1:]:
            if flag == "log":
                log = True
            else:
                try:
                    weight = float(flag)
                except ValueError:
                    raise BenchlearnError.of("cmp_vars_item", {"item": item.strip()}) from None
        if not code:
            raise BenchlearnError.of("cmp_vars_no_code", {"item": item})
        specs.append(StructuralSpec(code, log, weight))
    return tuple(specs)


@dataclass(frozen=True)
class ReleaseRule:
    """A network's embargo: its restricted values of year Y may become public on ``day``
    of ``month`` in year Y + ``years_after`` (``{month: 6, day: 30, years_after: 1}``:
    the figures of 2024 on 30 June 2025)."""

    month: int
    day: int
    years_after: int

    def date_for(self, year: int) -> dt.date:
        """The day the restricted values of ``year`` may become public."""
        return dt.date(year + self.years_after, self.month, self.day)

    def to_descriptor(self) -> dict[str, int]:
        """The mapping that loads back into an equal rule."""
        return {"month": self.month, "day": self.day, "years_after": self.years_after}


@dataclass(frozen=True)
class EfficiencyModel:
    """What a network compares as efficiency: the indicators a unit spends (``inputs``) and
    those it produces (``outputs``), measured with data envelopment analysis.

    ``orientation`` says what a unit could change to reach the frontier: ``input`` (use less
    for the same output, efficiency ≤ 1) or ``output`` (produce more, ≥ 1); ``returns`` is
    ``vrs`` (a small unit is compared with small ones) or ``crs`` (with any, scaled).
    ``context`` names structural indicators the unit cannot choose (population, distances),
    which the second stage relates efficiency to, so that the structure is said out loud.
    """

    code: str
    name: Mapping[str, str]
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    orientation: str = "input"
    returns: str = "vrs"
    context: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The model's name in ``lang`` (falling back to another language)."""
        return pick_text(self.name, lang)

    def to_descriptor(self) -> dict[str, Any]:
        """The mapping that loads back into an equal model (its code is the key outside)."""
        out: dict[str, Any] = {
            "name": dict(self.name),
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "orientation": self.orientation,
            "returns": self.returns,
        }
        if self.context:
            out["context"] = list(self.context)
        return out


@dataclass(frozen=True)
class NetworkDefinition:
    """A thematic network: who takes part, what is compared and how the index is built.

    ``members`` seeds the stored membership when the network is first loaded:
    ``"all"`` (every municipality in the registry), a list (members since always)
    or nothing (none until the facilitator sets them with ``benchlearn networks
    members``). Afterwards the membership is data and reloading leaves it alone.
    """

    code: str
    name: Mapping[str, str]
    indicators: tuple[WeightedCode, ...]
    members: Literal["all"] | tuple[str, ...] = ()
    structural: tuple[StructuralSpec, ...] = ()
    description: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    source: str | None = None
    population: str | None = None
    normalisation: str = "minmax"
    aggregation: str = "arithmetic"
    min_coverage: float = DEFAULT_MIN_COVERAGE
    rules: tuple[RuleDefinition, ...] = ()
    #: The source in every language it is written in, when it is not one plain string.
    sources: Mapping[str, str] = field(default_factory=lambda: freeze({}))
    #: Years either side of the year compared from which a structural variable may come
    #: (None: the default of :data:`benchlearn.analysis.similarity.WINDOW`).
    structural_window: int | None = None
    #: Who may see the values of its indicators unless an indicator or a value says
    #: otherwise (:data:`VISIBILITIES`); None: public.
    visibility: str | None = None
    #: When its restricted values of a year may become public (an embargo), once a
    #: facilitator has approved their publication (None: on approval).
    release: ReleaseRule | None = None
    #: Its efficiency models by code (:class:`EfficiencyModel`), in definition order.
    efficiency: Mapping[str, EfficiencyModel] = field(default_factory=lambda: freeze({}))

    def label(self, lang: str = "en") -> str:
        """The network's name in ``lang`` (falling back to another language)."""
        return pick_text(self.name, lang)

    def source_label(self, lang: str = "en") -> str:
        """Where the network's figures come from, in ``lang`` (empty when not given)."""
        return pick_text(self.sources, lang) if self.sources else (self.source or "")

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        """Codes of the compared indicators, in definition order."""
        return tuple(i.code for i in self.indicators)

    def to_descriptor(self) -> dict[str, Any]:
        """The mapping that loads back into an equal definition."""
        out: dict[str, Any] = {"code": self.code, "name": dict(self.name)}
        if self.description:
            out["description"] = dict(self.description)
        if self.source is not None:
            out["source"] = dict(self.sources) if self.sources else self.source
        out["indicators"] = [
            i.code if i.weight == 1.0 else {"code": i.code, "weight": i.weight}
            for i in self.indicators
        ]
        if self.members:
            out["members"] = self.members if self.members == "all" else list(self.members)
        if self.structural:
            out["structural"] = [
                s.code
                if (not s.log and s.weight == 1.0)
                else {"code": s.code, "log": s.log, "weight": s.weight}
                for s in self.structural
            ]
        if self.structural_window is not None:
            out["structural_window"] = self.structural_window
        if self.visibility is not None:
            out["visibility"] = self.visibility
        if self.release is not None:
            out["release"] = self.release.to_descriptor()
        if self.population is not None:
            out["population"] = self.population
        if self.normalisation != "minmax":
            out["normalisation"] = self.normalisation
        if self.aggregation != "arithmetic":
            out["aggregation"] = self.aggregation
        if self.min_coverage != DEFAULT_MIN_COVERAGE:
            out["min_coverage"] = self.min_coverage
        if self.rules:
            out["rules"] = [r.to_descriptor() for r in self.rules]
        if self.efficiency:
            out["efficiency"] = {c: m.to_descriptor() for c, m in self.efficiency.items()}
        return out

    def model(self, code: str) -> EfficiencyModel:
        """The efficiency model ``code``; a clear error names the network's models."""
        from benchlearn.errors import BenchlearnError
        from benchlearn.messages import phrase

        if code in self.efficiency:
            return self.efficiency[code]
        known: object = ", ".join(self.efficiency) or phrase("eff_no_models")
        values = {"code": code, "network": self.code, "known": known}
        raise BenchlearnError.of("eff_unknown_model", values)


@dataclass(frozen=True)
class Definitions:
    """A set of indicators and networks, keyed by code, with the file each came from."""

    indicators: Mapping[str, IndicatorDefinition]
    networks: Mapping[str, NetworkDefinition]
    files: Mapping[str, str] = field(default_factory=lambda: freeze({}))

    def indicator(self, code: str) -> IndicatorDefinition:
        """The indicator ``code``; a clear error names the known ones when it is absent."""
        from benchlearn.errors import BenchlearnError

        try:
            return self.indicators[code]
        except KeyError:
            raise BenchlearnError.of("cmp_unknown_indicator", {"code": code}) from None

    def denominator_label(self, indicator: IndicatorDefinition, lang: str = "en") -> str:
        """What a rate or share is counted per, by name: "Iedzīvotāji vecumā 65+" for a
        denominator POP_65_PLUS defined as an indicator, else its code (empty without one)."""
        code = indicator.denominator or ""
        known = self.indicators.get(code)
        return known.label(lang) if known is not None else code

    def network(self, code: str) -> NetworkDefinition:
        """The network ``code``; a clear error names the known ones when it is absent."""
        from benchlearn.errors import BenchlearnError

        try:
            return self.networks[code]
        except KeyError:
            from benchlearn.messages import phrase

            known: object = ", ".join(sorted(self.networks)) or phrase("cmp_none_loaded")
            raise BenchlearnError.of(
                "cmp_unknown_network", {"code": code, "known": known}
            ) from None
