"""Validation of one loaded YAML document, collecting every problem with its key path."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from benchlearn.definitions.efficiency import read_models
from benchlearn.definitions.expressions import ExpressionError, parse
from benchlearn.definitions.model import (
    AGGREGATIONS,
    CODE_PATTERN,
    COMPARATORS,
    DEFAULT_MIN_COVERAGE,
    DIRECTIONS,
    INDICATOR_KEYS,
    LANG_PATTERN,
    NETWORK_KEYS,
    NORMALISATIONS,
    NUMBER_LIMIT,
    PULL_KEYS,
    PULL_KINDS,
    REFORM_AGGREGATIONS,
    SEVERITIES,
    STATISTIC_KEYS,
    STATISTICS,
    WEIGHT_LIMIT,
    Direction,
    IndicatorDefinition,
    NetworkDefinition,
    PullSource,
    RuleDefinition,
    ScaleLevel,
    StructuralSpec,
    WeightedCode,
    freeze,
    pick_text,
)
from benchlearn.definitions.visibility import read_release, read_visibility
from benchlearn.errors import BenchlearnError, Problem
from benchlearn.limits import too_long
from benchlearn.messages import spoken


def _quoted(value: object) -> dict[str, str]:
    """A value as the file wrote it: Python's ``repr`` in English (the text users read before
    the catalogue), quoted „x” in Latvian with a decimal comma."""
    return {"en": repr(value), "lv": f"„{spoken(value, 'lv')}”"}


def _shown(value: int | float) -> str:
    """A number as a message quotes it: a whole number of many digits by its size."""
    text = str(value)
    return text if len(text) <= 20 else f"{Decimal(value):.3g}"


#: A key that reads as the rest of a sentence: it has a space or starts with a digit
#: (what follows the comma in "10,000 inhabitants" or "2023 prices").
_SPLIT_TEXT = re.compile(r"^(\d|\S*\s)")


class _Checker:
    """Collects problems for one file while a descriptor is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error_of(self, path: str, key: str, values: Mapping[str, object] | None = None) -> None:
        """A problem the catalogue words (``key``), so it is told in the reader's language."""
        self.problems.append(Problem.of(self.file, key, values, column=path))

    def failed(self, path: str, error: BenchlearnError) -> None:
        """A problem an error describes (a formula's), in its catalogue words when it has them."""
        problem = Problem(self.file, str(error), column=path, key=error.key, values=error.values)
        self.problems.append(problem)

    def keys(
        self, data: Mapping[str, Any], path: str, allowed: set[str], required: Sequence[str]
    ) -> None:
        for key in required:
            if key not in data:
                self.error_of(f"{path}.{key}", "def_required")
        for key in data:
            if key not in allowed:
                self.unknown_key(f"{path}.{key}", key, allowed)

    def unknown_key(self, path: str, key: Any, allowed: Iterable[str]) -> None:
        """An unknown key, with the known key it most looks like when one is close
        (``decimal`` → ``decimals``): a typo is the commonest cause."""
        names = sorted(allowed)
        values: dict[str, object] = {"allowed": ", ".join(names)}
        near = difflib.get_close_matches(str(key), names, n=1, cutoff=0.75)
        if near:
            values["near"] = near[0]
            self.error_of(path, "def_unknown_key_near", values)
        else:
            self.error_of(path, "def_unknown_key", values)

    def code(self, value: Any, path: str, stored_as: str = "indicators.code") -> str | None:
        if not isinstance(value, str) or not CODE_PATTERN.match(value):
            self.error_of(path, "def_not_code", {"value": str(value)})
            return None
        return value if self.fits(value, path, stored_as) else None

    def fits(self, value: str, path: str, stored_as: str) -> bool:
        """Whether ``value`` fits the database column ``stored_as`` (else a problem)."""
        problem = too_long(value, stored_as, self.file, column=path)
        if problem is not None:
            self.problems.append(problem)
        return problem is None

    def text(self, value: Any, path: str, required: bool = True) -> Mapping[str, str]:
        if value is None and not required:
            return freeze({})
        if isinstance(value, str) and value.strip():
            return freeze({"en": value})
        if isinstance(value, Mapping) and value:
            ok = True
            for lang, text in value.items():
                if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                    # `{en: Workers per 10,000 inhabitants}` is read as two keys: the
                    # second, "000 inhabitants", is the rest of the sentence, not a code
                    split = not isinstance(lang, bool) and _SPLIT_TEXT.match(str(lang))
                    key = "def_not_language_comma" if split else "def_not_language"
                    self.error_of(f"{path}.{lang}", key)
                    ok = False
                elif not isinstance(text, str) or not text.strip():
                    self.error_of(f"{path}.{lang}", "def_empty_text")
                    ok = False
            return freeze({k: v.strip() for k, v in value.items()}) if ok else freeze({})
        self.error_of(path, "def_not_text", {"example": "{en: ..., lv: ...}"})
        return freeze({})

    def texts(self, value: Any, path: str) -> tuple[str | None, Mapping[str, str]]:
        """Text that may be one plain string or ``{en: ..., lv: ...}``: the plain (or English)
        text, and the mapping when it is written in several languages."""
        if isinstance(value, Mapping) or (value is not None and not isinstance(value, str)):
            found = self.text(value, path)
            return (pick_text(found, "en") if found else None), found
        return self.string(value, path), freeze({})

    def string(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error_of(path, "def_not_string")
            return None
        return value

    def number(self, value: Any, path: str, limit: float = NUMBER_LIMIT) -> float | None:
        """A finite number no larger in size than ``limit`` (:data:`NUMBER_LIMIT` for
        bounds and levels, :data:`WEIGHT_LIMIT` for weights)."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error_of(path, "def_not_number", {"value": str(value)})
            return None
        try:
            number = float(value)
        except OverflowError:  # a whole number of hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            self.error_of(path, "def_not_number", {"value": str(value)})
            return None
        if abs(number) > limit:
            key = "def_weight_range" if limit == WEIGHT_LIMIT else "def_number_range"
            self.error_of(path, key, {"value": _shown(value)})
            return None
        return number

    def choice(self, value: Any, path: str, choices: Sequence[str]) -> str | None:
        if value not in choices:
            self.error_of(
                path, "def_not_choice", {"value": str(value), "choices": ", ".join(choices)}
            )
            return None
        return cast(str, value)


def _read_rules(raw: Any, path: str, check: _Checker) -> tuple[RuleDefinition, ...]:
    """Rules: a list of expressions, or of ``{rule, severity, message}`` mappings."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.error_of(path, "def_rules_not_list")
        return ()
    rules = []
    for i, item in enumerate(raw):
        rpath = f"{path}[{i}]"
        if isinstance(item, str):
            item = {"rule": item}
        if not isinstance(item, Mapping):
            check.error_of(rpath, "def_rule_not_mapping")
            continue
        before = len(check.problems)
        check.keys(item, rpath, {"rule", "severity", "message"}, ("rule",))
        expression = check.string(item.get("rule"), f"{rpath}.rule")
        severity = check.choice(item.get("severity", "error"), f"{rpath}.severity", SEVERITIES)
        message = check.text(item.get("message"), f"{rpath}.message", required=False)
        if expression is not None:
            try:
                parsed = parse(expression)
            except ExpressionError as exc:
                check.failed(f"{rpath}.rule", exc)
            else:
                if not parsed.is_condition:
                    check.error_of(f"{rpath}.rule", "def_rule_not_condition")
        if len(check.problems) == before and expression and severity:
            rules.append(RuleDefinition(expression.strip(), severity, message))
    return tuple(rules)


def _read_indicator(item: Any, path: str, check: _Checker) -> IndicatorDefinition | None:
    if not isinstance(item, Mapping):
        check.error_of(path, "def_indicator_not_mapping")
        return None
    before = len(check.problems)
    check.keys(item, path, INDICATOR_KEYS, ("code", "name", "unit", "direction"))
    code = check.code(item.get("code"), f"{path}.code") if "code" in item else None
    name = check.text(item.get("name"), f"{path}.name") if "name" in item else freeze({})
    units = check.text(item.get("unit"), f"{path}.unit") if "unit" in item else freeze({})
    if isinstance(item.get("unit"), str):
        units = freeze({})  # one plain string: the unit is the same in every language
        check.fits(item["unit"].strip(), f"{path}.unit", "indicators.unit")
    for lang, unit in units.items():  # the English one is stored; any may become it
        check.fits(unit, f"{path}.unit.{lang}", "indicators.unit")
    direction = (
        check.choice(item.get("direction"), f"{path}.direction", DIRECTIONS)
        if "direction" in item
        else None
    )
    description = check.text(item.get("description"), f"{path}.description", required=False)
    source, sources = check.texts(item.get("source"), f"{path}.source")
    topic = check.string(item.get("topic"), f"{path}.topic")
    decimals = item.get("decimals")
    if decimals is not None and (
        isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10
    ):
        check.error_of(f"{path}.decimals", "def_not_decimals", {"value": _quoted(decimals)})
    low = check.number(item.get("min"), f"{path}.min")
    high = check.number(item.get("max"), f"{path}.max")
    if low is not None and high is not None and low > high:
        check.error_of(f"{path}.max", "def_max_below_min", {"high": high, "low": low})
    formula = check.string(item.get("formula"), f"{path}.formula")
    if formula is not None:
        try:
            parsed = parse(formula)
        except ExpressionError as exc:
            check.failed(f"{path}.formula", exc)
        else:
            if parsed.is_condition:
                check.error_of(f"{path}.formula", "def_formula_condition")
            if code in parsed.names:
                check.error_of(f"{path}.formula", "def_refers_to_itself")
    scale: list[ScaleLevel] = []
    raw_scale = item.get("scale")
    if raw_scale is not None:
        if not isinstance(raw_scale, list) or len(raw_scale) < 2:
            check.error_of(f"{path}.scale", "def_scale_short", {"example": "{value, label}"})
        else:
            for i, level in enumerate(raw_scale):
                lpath = f"{path}.scale[{i}]"
                if not isinstance(level, Mapping) or set(level) != {"value", "label"}:
                    check.error_of(lpath, "def_level_not_mapping")
                    continue
                value = check.number(level["value"], f"{lpath}.value")
                label = check.text(level["label"], f"{lpath}.label")
                if value is not None:
                    scale.append(ScaleLevel(value, label))
            values = [s.value for s in scale]
            if len(set(values)) != len(values):
                check.error_of(f"{path}.scale", "def_levels_distinct")
    counts = _read_statistic(item, path, check, code, formula)
    aggregation = item.get("aggregation")
    if aggregation is not None:
        check.choice(aggregation, f"{path}.aggregation", REFORM_AGGREGATIONS)
        if aggregation == "formula" and formula is None and counts.statistic is None:
            check.error_of(f"{path}.aggregation", "def_formula_aggregation")
    required = item.get("required", False)
    if not isinstance(required, bool):
        check.error_of(f"{path}.required", "def_not_boolean")
    max_change = check.number(item.get("max_change"), f"{path}.max_change")
    if max_change is not None and max_change <= 0:
        check.error_of(f"{path}.max_change", "def_not_percentage")
    rules = _read_rules(item.get("rules"), f"{path}.rules", check)
    weight = item.get("weight")
    if weight is not None:
        check.code(weight, f"{path}.weight")
        if aggregation != "weighted_mean":
            check.error_of(f"{path}.weight", "def_only_weighted_mean")
    elif aggregation == "weighted_mean":
        check.error_of(f"{path}.weight", "def_required_weighted_mean")
    comparator = item.get("comparator")
    if comparator is not None:
        comparator = check.choice(comparator, f"{path}.comparator", COMPARATORS)
        if comparator == "pooled" and counts.statistic is None:
            check.error_of(f"{path}.comparator", "def_pooled_needs_counts")
    pull = _read_pull(item.get("pull"), f"{path}.pull", check)
    if pull is not None and (formula is not None or counts.statistic is not None):
        check.error_of(f"{path}.pull", "def_derived_pulled")
    standard_error = item.get("standard_error")
    if standard_error is not None:
        standard_error = check.code(standard_error, f"{path}.standard_error")
    visibility = read_visibility(item, path, check)
    if len(check.problems) > before or code is None or direction is None:
        return None
    return IndicatorDefinition(
        code=code,
        name=name,
        unit=item["unit"].strip() if isinstance(item.get("unit"), str) else pick_text(units, "en"),
        units=units,
        direction=cast(Direction, direction),
        description=description,
        source=source,
        sources=sources,
        decimals=cast("int | None", decimals),
        min=low,
        max=high,
        formula=formula.strip() if formula else None,
        scale=tuple(scale),
        aggregation=cast("str | None", aggregation),
        weight=cast("str | None", weight),
        topic=topic,
        required=required is True,
        max_change=max_change,
        rules=rules,
        statistic=counts.statistic,
        numerator=counts.numerator,
        denominator=counts.denominator,
        multiplier=counts.multiplier,
        suppress_below=counts.suppress_below,
        pull=pull,
        comparator=comparator,
        standard_error=cast("str | None", standard_error),
        visibility=visibility,
    )


_KOLADA_KPI = re.compile(r"^[A-Z][0-9]{5}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: A host name a pull may be sent on to (``hosts:``): letters, digits, dots and hyphens.
_HOST = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)


def _read_pull(raw: Any, path: str, check: _Checker) -> PullSource | None:
    """``pull: {pxweb: URL, select: {...}, match: ..., hosts: [...]}`` or
    ``pull: {kolada: KPI}``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        example = "{pxweb: URL, select: {VARIABLE: VALUE}}"
        check.error_of(path, "def_pull_not_mapping", {"example": example})
        return None
    before = len(check.problems)
    kinds = [k for k in raw if k in PULL_KINDS]
    for key in raw:
        if key not in PULL_KINDS and key not in PULL_KEYS:
            check.unknown_key(f"{path}.{key}", key, {*PULL_KINDS, *PULL_KEYS})
    if len(kinds) != 1:
        kinds_said = {"en": " or ".join(PULL_KINDS), "lv": " vai ".join(PULL_KINDS)}
        check.error_of(path, "def_pull_one_source", {"kinds": kinds_said})
        return None
    kind = kinds[0]
    location = raw[kind]
    if kind == "pxweb":
        parts = urlsplit(location) if isinstance(location, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            check.error_of(f"{path}.pxweb", "def_not_pxweb", {"value": _quoted(location)})
    elif not isinstance(location, str) or not _KOLADA_KPI.match(location):
        check.error_of(f"{path}.kolada", "def_not_kolada", {"value": _quoted(location)})
    select: dict[str, str] = {}
    raw_select = raw.get("select", {})
    if not isinstance(raw_select, Mapping):
        check.error_of(f"{path}.select", "def_select_not_mapping")
    else:
        for variable, value in raw_select.items():
            if not isinstance(variable, str) or not variable.strip():
                check.error_of(f"{path}.select", "def_not_variable", {"value": _quoted(variable)})
            elif isinstance(value, bool) or not isinstance(value, str | int) or not str(value):
                check.error_of(f"{path}.select.{variable}", "def_not_value_code")
            else:
                select[variable] = str(value)
        if kind == "kolada" and set(select) - {"gender"}:
            check.error_of(f"{path}.select", "def_kolada_gender")
        elif kind == "kolada" and select.get("gender", "T") not in ("T", "K", "M"):
            values = {"value": select["gender"], "choices": "T, K, M"}
            check.error_of(f"{path}.select.gender", "def_not_choice", values)
    match = raw.get("match")
    if match is not None and (not isinstance(match, str) or not _NAME.match(match)):
        check.error_of(f"{path}.match", "def_not_match")
    hosts = raw.get("hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and _HOST.match(h) for h in hosts):
        check.error_of(f"{path}.hosts", "def_pull_hosts")
    if len(check.problems) > before:
        return None
    return PullSource(kind, location.strip(), freeze(select), match, tuple(hosts))


@dataclass(frozen=True)
class _Counts:
    """An indicator's ``statistic`` and the keys that go with it, as read."""

    statistic: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float | None = None
    suppress_below: float | None = None


def _read_statistic(
    item: Mapping[str, Any], path: str, check: _Checker, code: str | None, formula: str | None
) -> _Counts:
    """``statistic`` with ``numerator``, ``denominator``, ``multiplier`` and ``suppress_below``."""
    if "statistic" not in item:
        for key in STATISTIC_KEYS:
            if key in item:
                check.error_of(f"{path}.{key}", "def_only_statistic")
        return _Counts()
    statistic = check.choice(item["statistic"], f"{path}.statistic", STATISTICS)
    if formula is not None:
        check.error_of(f"{path}.statistic", "def_statistic_and_formula")
    parts: dict[str, str | None] = {}
    for key in ("numerator", "denominator"):
        parts[key] = None
        if key not in item:
            said = {"statistic": str(item["statistic"])}
            check.error_of(f"{path}.{key}", "def_required_statistic", said)
            continue
        parts[key] = check.code(item[key], f"{path}.{key}")
        if parts[key] is not None and parts[key] == code:
            check.error_of(f"{path}.{key}", "def_refers_to_itself")
    if parts["numerator"] is not None and parts["numerator"] == parts["denominator"]:
        check.error_of(f"{path}.denominator", "def_same_numerator")
    multiplier = check.number(item.get("multiplier"), f"{path}.multiplier")
    if multiplier is not None and multiplier <= 0:
        check.error_of(f"{path}.multiplier", "def_multiplier")
    suppress = check.number(item.get("suppress_below"), f"{path}.suppress_below")
    if suppress is not None and suppress < 0:
        check.error_of(f"{path}.suppress_below", "def_suppress_below")
    return _Counts(statistic, parts["numerator"], parts["denominator"], multiplier, suppress)


def _read_weighted(
    item: Any, path: str, check: _Checker, structural: bool
) -> WeightedCode | StructuralSpec | None:
    if isinstance(item, str):
        code = check.code(item, path)
        if code is None:
            return None
        return StructuralSpec(code) if structural else WeightedCode(code)
    allowed = {"code", "weight", "log"} if structural else {"code", "weight"}
    if not isinstance(item, Mapping):
        check.error_of(path, "def_weighted_not_mapping", {"example": "{code: X, weight: 2}"})
        return None
    before = len(check.problems)
    check.keys(item, path, allowed, ("code",))
    code = check.code(item.get("code"), f"{path}.code") if "code" in item else None
    weight = check.number(item.get("weight", 1.0), f"{path}.weight", WEIGHT_LIMIT)
    if weight is not None and weight <= 0:
        check.error_of(f"{path}.weight", "def_not_positive")
    log = item.get("log", False)
    if not isinstance(log, bool):
        check.error_of(f"{path}.log", "def_not_boolean")
    if len(check.problems) > before or code is None or weight is None:
        return None
    return StructuralSpec(code, log, weight) if structural else WeightedCode(code, weight)


def _read_network(item: Any, path: str, check: _Checker) -> NetworkDefinition | None:
    if not isinstance(item, Mapping):
        check.error_of(path, "def_network_not_mapping")
        return None
    before = len(check.problems)
    check.keys(item, path, NETWORK_KEYS, ("code", "name", "indicators"))
    code = check.code(item.get("code"), f"{path}.code", "networks.code") if "code" in item else None
    name = check.text(item.get("name"), f"{path}.name") if "name" in item else freeze({})
    description = check.text(item.get("description"), f"{path}.description", required=False)
    source, sources = check.texts(item.get("source"), f"{path}.source")
    indicators: list[WeightedCode] = []
    raw = item.get("indicators")
    if "indicators" in item and (not isinstance(raw, list) or not raw):
        check.error_of(f"{path}.indicators", "def_indicators_empty")
    elif isinstance(raw, list):
        for i, entry in enumerate(raw):
            read = _read_weighted(entry, f"{path}.indicators[{i}]", check, structural=False)
            if isinstance(read, WeightedCode):
                indicators.append(read)
        codes = [i.code for i in indicators]
        for dup in sorted(c for c, n in Counter(codes).items() if n > 1):
            check.error_of(f"{path}.indicators", "def_listed_twice", {"code": dup})
    members: Literal["all"] | tuple[str, ...] = ()
    raw_members = item.get("members")
    if raw_members == "all":
        members = "all"
    elif "members" in item:
        if not isinstance(raw_members, list) or not raw_members:
            check.error_of(f"{path}.members", "def_members_not_list")
        else:
            good = [m for m in raw_members if isinstance(m, str | int) and not isinstance(m, bool)]
            if len(good) != len(raw_members):
                check.error_of(f"{path}.members", "def_members_not_strings")
            members = tuple(str(m) for m in good)
            for dup in sorted(m for m, n in Counter(members).items() if n > 1):
                check.error_of(f"{path}.members", "def_listed_twice", {"code": dup})
    structural: list[StructuralSpec] = []
    raw_structural = item.get("structural")
    if raw_structural is not None:
        if not isinstance(raw_structural, list):
            check.error_of(f"{path}.structural", "def_not_code_list")
        else:
            for i, entry in enumerate(raw_structural):
                spec = _read_weighted(entry, f"{path}.structural[{i}]", check, structural=True)
                if isinstance(spec, StructuralSpec):
                    structural.append(spec)
    window = item.get("structural_window")
    if window is not None and (
        not isinstance(window, int) or isinstance(window, bool) or window < 0
    ):
        check.error_of(f"{path}.structural_window", "def_not_window")
        window = None
    population = item.get("population")
    if population is not None:
        check.code(population, f"{path}.population")
    normalisation = item.get("normalisation", "minmax")
    check.choice(normalisation, f"{path}.normalisation", NORMALISATIONS)
    aggregation = item.get("aggregation", "arithmetic")
    check.choice(aggregation, f"{path}.aggregation", AGGREGATIONS)
    rules = _read_rules(item.get("rules"), f"{path}.rules", check)
    coverage = check.number(item.get("min_coverage", DEFAULT_MIN_COVERAGE), f"{path}.min_coverage")
    if coverage is not None and not 0 <= coverage <= 1:
        check.error_of(f"{path}.min_coverage", "def_not_share")
    visibility, release = read_visibility(item, path, check), read_release(item, path, check)
    models = read_models(item, path, check)
    if len(check.problems) > before or code is None:
        return None
    return NetworkDefinition(
        code=code,
        name=name,
        indicators=tuple(indicators),
        members=members,
        structural=tuple(structural),
        description=description,
        source=source,
        sources=sources,
        population=cast("str | None", population),
        normalisation=cast(str, normalisation),
        aggregation=cast(str, aggregation),
        min_coverage=cast(float, coverage),
        rules=rules,
        structural_window=cast("int | None", window),
        visibility=visibility,
        release=release,
        efficiency=models,
    )


def read_descriptor(
    data: Any, file: str
) -> tuple[list[IndicatorDefinition], list[NetworkDefinition], list[Problem]]:
    """Validate one loaded YAML document; return what it defines and every problem found."""
    check = _Checker(file)
    indicators: list[IndicatorDefinition] = []
    networks: list[NetworkDefinition] = []
    if not isinstance(data, Mapping) or not ({"indicators", "network", "networks"} & set(data)):
        check.error_of("$", "def_no_top_key")
        return indicators, networks, check.problems
    for key in data:
        if key not in {"indicators", "network", "networks"}:
            check.unknown_key(key, key, ("indicators", "network", "networks"))
    if "indicators" in data:
        if not isinstance(data["indicators"], list):
            check.error_of("indicators", "def_not_list")
        else:
            for i, item in enumerate(data["indicators"]):
                found = _read_indicator(item, f"indicators[{i}]", check)
                if found:
                    indicators.append(found)
    if "network" in data:
        found_network = _read_network(data["network"], "network", check)
        if found_network:
            networks.append(found_network)
    if "networks" in data:
        if not isinstance(data["networks"], list):
            check.error_of("networks", "def_not_list")
        else:
            for i, item in enumerate(data["networks"]):
                found_network = _read_network(item, f"networks[{i}]", check)
                if found_network:
                    networks.append(found_network)
    return indicators, networks, check.problems
