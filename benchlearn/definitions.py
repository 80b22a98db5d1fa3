"""Indicator and network definitions: YAML written by analysts, validated into frozen objects.

Every definition travels one path: ``yaml.safe_load`` → validation that collects
every problem with its file and key path → frozen dataclasses →
:meth:`to_descriptor` writes it back. A file may hold ``indicators:`` (a list),
``network:`` (one mapping) or ``networks:`` (a list), in any combination.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import yaml

from benchlearn.errors import Problem, ValidationError
from benchlearn.expressions import ExpressionError, parse

Direction = Literal["higher", "lower", "neutral"]
DIRECTIONS: tuple[Direction, ...] = ("higher", "lower", "neutral")
NORMALISATIONS = ("minmax", "zscore", "rank", "grade")
AGGREGATIONS = ("arithmetic", "geometric")
REFORM_AGGREGATIONS = ("sum", "weighted_mean", "formula")
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")
DEFAULT_LANGUAGES = ("en", "lv")

INDICATOR_KEYS = {
    "code", "name", "unit", "direction", "description", "source", "decimals",
    "min", "max", "formula", "scale", "aggregation", "weight", "topic", "required",
    "max_change", "rules",
}  # fmt: skip
NETWORK_KEYS = {
    "code", "name", "description", "source", "indicators", "members", "structural",
    "population", "normalisation", "aggregation", "min_coverage", "rules",
}  # fmt: skip
SEVERITIES = ("error", "warning")


def _freeze(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


def pick_text(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else English, else Latvian, else any."""
    for key in (lang, *DEFAULT_LANGUAGES):
        if texts.get(key):
            return texts[key]
    return next(iter(texts.values()), "")


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
    message: Mapping[str, str] = field(default_factory=lambda: _freeze({}))

    def to_descriptor(self) -> str | dict[str, Any]:
        """A plain string when only the expression is set, else a mapping."""
        if self.severity == "error" and not self.message:
            return self.expression
        out: dict[str, Any] = {"rule": self.expression, "severity": self.severity}
        if self.message:
            out["message"] = dict(self.message)
        return out


@dataclass(frozen=True)
class IndicatorDefinition:
    """What an indicator measures, how to read it and, if derived, how to compute it."""

    code: str
    name: Mapping[str, str]
    unit: str
    direction: Direction
    description: Mapping[str, str] = field(default_factory=lambda: _freeze({}))
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

    def label(self, lang: str = "en") -> str:
        """The indicator's name in ``lang`` (falling back to another language)."""
        return pick_text(self.name, lang)

    @property
    def components(self) -> frozenset[str]:
        """Indicator codes the formula uses (empty for a measured indicator)."""
        return parse(self.formula).names if self.formula else frozenset()

    def to_descriptor(self) -> dict[str, Any]:
        """The mapping that loads back into an equal definition."""
        out: dict[str, Any] = {
            "code": self.code,
            "name": dict(self.name),
            "unit": self.unit,
            "direction": self.direction,
        }
        if self.description:
            out["description"] = dict(self.description)
        for key in (
            "source",
            "decimals",
            "min",
            "max",
            "formula",
            "aggregation",
            "weight",
            "topic",
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


@dataclass(frozen=True)
class NetworkDefinition:
    """A thematic network: who takes part, what is compared and how the index is built."""

    code: str
    name: Mapping[str, str]
    indicators: tuple[WeightedCode, ...]
    members: Literal["all"] | tuple[str, ...] = "all"
    structural: tuple[StructuralSpec, ...] = ()
    description: Mapping[str, str] = field(default_factory=lambda: _freeze({}))
    source: str | None = None
    population: str | None = None
    normalisation: str = "minmax"
    aggregation: str = "arithmetic"
    min_coverage: float = 0.6
    rules: tuple[RuleDefinition, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The network's name in ``lang`` (falling back to another language)."""
        return pick_text(self.name, lang)

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
            out["source"] = self.source
        out["indicators"] = [
            i.code if i.weight == 1.0 else {"code": i.code, "weight": i.weight}
            for i in self.indicators
        ]
        out["members"] = self.members if self.members == "all" else list(self.members)
        if self.structural:
            out["structural"] = [
                s.code
                if (not s.log and s.weight == 1.0)
                else {"code": s.code, "log": s.log, "weight": s.weight}
                for s in self.structural
            ]
        if self.population is not None:
            out["population"] = self.population
        if self.normalisation != "minmax":
            out["normalisation"] = self.normalisation
        if self.aggregation != "arithmetic":
            out["aggregation"] = self.aggregation
        if self.min_coverage != 0.6:
            out["min_coverage"] = self.min_coverage
        if self.rules:
            out["rules"] = [r.to_descriptor() for r in self.rules]
        return out


@dataclass(frozen=True)
class Definitions:
    """A set of indicators and networks, keyed by code, with the file each came from."""

    indicators: Mapping[str, IndicatorDefinition]
    networks: Mapping[str, NetworkDefinition]
    files: Mapping[str, str] = field(default_factory=lambda: _freeze({}))

    def indicator(self, code: str) -> IndicatorDefinition:
        """The indicator ``code``; a clear error names the known ones when it is absent."""
        from benchlearn.errors import BenchlearnError

        try:
            return self.indicators[code]
        except KeyError:
            raise BenchlearnError(f"unknown indicator {code!r}") from None

    def network(self, code: str) -> NetworkDefinition:
        """The network ``code``; a clear error names the known ones when it is absent."""
        from benchlearn.errors import BenchlearnError

        try:
            return self.networks[code]
        except KeyError:
            known = ", ".join(sorted(self.networks)) or "none loaded"
            raise BenchlearnError(f"unknown network {code!r} (known: {known})") from None


class _Checker:
    """Collects problems for one file while a descriptor is read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, column=path))

    def keys(
        self, data: Mapping[str, Any], path: str, allowed: set[str], required: Sequence[str]
    ) -> None:
        for key in required:
            if key not in data:
                self.error(f"{path}.{key}", "is required")
        for key in data:
            if key not in allowed:
                self.error(f"{path}.{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def code(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not CODE_PATTERN.match(value):
            self.error(
                path,
                f"{value!r} is not a valid code (a letter, then letters, digits or _)",
            )
            return None
        return value

    def text(self, value: Any, path: str, required: bool = True) -> Mapping[str, str]:
        if value is None and not required:
            return _freeze({})
        if isinstance(value, str) and value.strip():
            return _freeze({"en": value})
        if isinstance(value, Mapping) and value:
            ok = True
            for lang, text in value.items():
                if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                    self.error(f"{path}.{lang}", "is not a language code such as en or lv")
                    ok = False
                elif not isinstance(text, str) or not text.strip():
                    self.error(f"{path}.{lang}", "must be a non-empty string")
                    ok = False
            return _freeze({k: v.strip() for k, v in value.items()}) if ok else _freeze({})
        self.error(
            path, "must be a string or a mapping of language to string, e.g. {en: ..., lv: ...}"
        )
        return _freeze({})

    def string(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(path, "must be a string")
            return None
        return value

    def number(self, value: Any, path: str) -> float | None:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.error(path, f"{value!r} is not a number")
            return None
        return float(value)

    def choice(self, value: Any, path: str, choices: Sequence[str]) -> str | None:
        if value not in choices:
            self.error(path, f"{value!r} is not one of {', '.join(choices)}")
            return None
        return cast(str, value)


def _read_rules(raw: Any, path: str, check: _Checker) -> tuple[RuleDefinition, ...]:
    """Rules: a list of expressions, or of ``{rule, severity, message}`` mappings."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.error(path, "must be a list of rules such as 'PART <= TOTAL'")
        return ()
    rules = []
    for i, item in enumerate(raw):
        rpath = f"{path}[{i}]"
        if isinstance(item, str):
            item = {"rule": item}
        if not isinstance(item, Mapping):
            check.error(rpath, "must be an expression or a mapping with rule, severity, message")
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
                check.error(f"{rpath}.rule", str(exc))
            else:
                if not parsed.is_condition:
                    check.error(f"{rpath}.rule", "must be a comparison such as PART <= TOTAL")
        if len(check.problems) == before and expression and severity:
            rules.append(RuleDefinition(expression.strip(), severity, message))
    return tuple(rules)


def _read_indicator(item: Any, path: str, check: _Checker) -> IndicatorDefinition | None:
    if not isinstance(item, Mapping):
        check.error(path, "must be a mapping with code, name, unit and direction")
        return None
    before = len(check.problems)
    check.keys(item, path, INDICATOR_KEYS, ("code", "name", "unit", "direction"))
    code = check.code(item.get("code"), f"{path}.code") if "code" in item else None
    name = check.text(item.get("name"), f"{path}.name") if "name" in item else _freeze({})
    unit = item.get("unit")
    if "unit" in item and not isinstance(unit, str):
        check.error(f"{path}.unit", 'must be a string, e.g. "%"')
    direction = (
        check.choice(item.get("direction"), f"{path}.direction", DIRECTIONS)
        if "direction" in item
        else None
    )
    description = check.text(item.get("description"), f"{path}.description", required=False)
    source = check.string(item.get("source"), f"{path}.source")
    topic = check.string(item.get("topic"), f"{path}.topic")
    decimals = item.get("decimals")
    if decimals is not None and (
        isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10
    ):
        check.error(f"{path}.decimals", f"{decimals!r} is not a whole number from 0 to 10")
    low = check.number(item.get("min"), f"{path}.min")
    high = check.number(item.get("max"), f"{path}.max")
    if low is not None and high is not None and low > high:
        check.error(f"{path}.max", f"{high:g} is below min {low:g}")
    formula = check.string(item.get("formula"), f"{path}.formula")
    if formula is not None:
        try:
            parsed = parse(formula)
        except ExpressionError as exc:
            check.error(f"{path}.formula", str(exc))
        else:
            if parsed.is_condition:
                check.error(f"{path}.formula", "must compute a number, not a comparison")
            if code in parsed.names:
                check.error(f"{path}.formula", "refers to the indicator itself")
    scale: list[ScaleLevel] = []
    raw_scale = item.get("scale")
    if raw_scale is not None:
        if not isinstance(raw_scale, list) or len(raw_scale) < 2:
            check.error(f"{path}.scale", "must be a list of at least two levels {value, label}")
        else:
            for i, level in enumerate(raw_scale):
                lpath = f"{path}.scale[{i}]"
                if not isinstance(level, Mapping) or set(level) != {"value", "label"}:
                    check.error(lpath, "must be a mapping with exactly value and label")
                    continue
                value = check.number(level["value"], f"{lpath}.value")
                label = check.text(level["label"], f"{lpath}.label")
                if value is not None:
                    scale.append(ScaleLevel(value, label))
            values = [s.value for s in scale]
            if len(set(values)) != len(values):
                check.error(f"{path}.scale", "level values must be distinct")
    aggregation = item.get("aggregation")
    if aggregation is not None:
        check.choice(aggregation, f"{path}.aggregation", REFORM_AGGREGATIONS)
        if aggregation == "formula" and formula is None:
            check.error(f"{path}.aggregation", "'formula' needs the indicator to have a formula")
    required = item.get("required", False)
    if not isinstance(required, bool):
        check.error(f"{path}.required", "must be true or false")
    max_change = check.number(item.get("max_change"), f"{path}.max_change")
    if max_change is not None and max_change <= 0:
        check.error(f"{path}.max_change", "must be a positive percentage, e.g. 50")
    rules = _read_rules(item.get("rules"), f"{path}.rules", check)
    weight = item.get("weight")
    if weight is not None:
        check.code(weight, f"{path}.weight")
        if aggregation != "weighted_mean":
            check.error(f"{path}.weight", "is only used with aggregation: weighted_mean")
    elif aggregation == "weighted_mean":
        check.error(f"{path}.weight", "is required with aggregation: weighted_mean")
    if len(check.problems) > before or code is None or direction is None:
        return None
    return IndicatorDefinition(
        code=code,
        name=name,
        unit=cast(str, unit),
        direction=cast(Direction, direction),
        description=description,
        source=source,
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
    )


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
        check.error(path, "must be a code or a mapping such as {code: X, weight: 2}")
        return None
    before = len(check.problems)
    check.keys(item, path, allowed, ("code",))
    code = check.code(item.get("code"), f"{path}.code") if "code" in item else None
    weight = check.number(item.get("weight", 1.0), f"{path}.weight")
    if weight is not None and weight <= 0:
        check.error(f"{path}.weight", "must be greater than 0")
    log = item.get("log", False)
    if not isinstance(log, bool):
        check.error(f"{path}.log", "must be true or false")
    if len(check.problems) > before or code is None or weight is None:
        return None
    return StructuralSpec(code, log, weight) if structural else WeightedCode(code, weight)


def _read_network(item: Any, path: str, check: _Checker) -> NetworkDefinition | None:
    if not isinstance(item, Mapping):
        check.error(path, "must be a mapping with code, name and indicators")
        return None
    before = len(check.problems)
    check.keys(item, path, NETWORK_KEYS, ("code", "name", "indicators"))
    code = check.code(item.get("code"), f"{path}.code") if "code" in item else None
    name = check.text(item.get("name"), f"{path}.name") if "name" in item else _freeze({})
    description = check.text(item.get("description"), f"{path}.description", required=False)
    source = check.string(item.get("source"), f"{path}.source")
    indicators: list[WeightedCode] = []
    raw = item.get("indicators")
    if "indicators" in item and (not isinstance(raw, list) or not raw):
        check.error(f"{path}.indicators", "must be a non-empty list of indicator codes")
    elif isinstance(raw, list):
        for i, entry in enumerate(raw):
            read = _read_weighted(entry, f"{path}.indicators[{i}]", check, structural=False)
            if isinstance(read, WeightedCode):
                indicators.append(read)
        codes = [i.code for i in indicators]
        for dup in sorted({c for c in codes if codes.count(c) > 1}):
            check.error(f"{path}.indicators", f"{dup} is listed more than once")
    members: Literal["all"] | tuple[str, ...] = "all"
    raw_members = item.get("members", "all")
    if raw_members != "all":
        if not isinstance(raw_members, list) or not raw_members:
            check.error(
                f"{path}.members", "must be 'all' or a non-empty list of municipality codes"
            )
        else:
            good = [m for m in raw_members if isinstance(m, str | int) and not isinstance(m, bool)]
            if len(good) != len(raw_members):
                check.error(f"{path}.members", "must list municipality codes as strings")
            members = tuple(str(m) for m in good)
            for dup in sorted({m for m in members if members.count(m) > 1}):
                check.error(f"{path}.members", f"{dup} is listed more than once")
    structural: list[StructuralSpec] = []
    raw_structural = item.get("structural")
    if raw_structural is not None:
        if not isinstance(raw_structural, list):
            check.error(f"{path}.structural", "must be a list of indicator codes")
        else:
            for i, entry in enumerate(raw_structural):
                spec = _read_weighted(entry, f"{path}.structural[{i}]", check, structural=True)
                if isinstance(spec, StructuralSpec):
                    structural.append(spec)
    population = item.get("population")
    if population is not None:
        check.code(population, f"{path}.population")
    normalisation = item.get("normalisation", "minmax")
    check.choice(normalisation, f"{path}.normalisation", NORMALISATIONS)
    aggregation = item.get("aggregation", "arithmetic")
    check.choice(aggregation, f"{path}.aggregation", AGGREGATIONS)
    rules = _read_rules(item.get("rules"), f"{path}.rules", check)
    coverage = check.number(item.get("min_coverage", 0.6), f"{path}.min_coverage")
    if coverage is not None and not 0 <= coverage <= 1:
        check.error(f"{path}.min_coverage", "must be a share between 0 and 1, e.g. 0.6")
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
        population=cast("str | None", population),
        normalisation=cast(str, normalisation),
        aggregation=cast(str, aggregation),
        min_coverage=cast(float, coverage),
        rules=rules,
    )


def read_descriptor(
    data: Any, file: str
) -> tuple[list[IndicatorDefinition], list[NetworkDefinition], list[Problem]]:
    """Validate one loaded YAML document; return what it defines and every problem found."""
    check = _Checker(file)
    indicators: list[IndicatorDefinition] = []
    networks: list[NetworkDefinition] = []
    if not isinstance(data, Mapping) or not ({"indicators", "network", "networks"} & set(data)):
        check.error("$", "expected a mapping with 'indicators:', 'network:' or 'networks:'")
        return indicators, networks, check.problems
    for key in data:
        if key not in {"indicators", "network", "networks"}:
            check.error(key, "unknown key (allowed: indicators, network, networks)")
    if "indicators" in data:
        if not isinstance(data["indicators"], list):
            check.error("indicators", "must be a list")
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
            check.error("networks", "must be a list")
        else:
            for i, item in enumerate(data["networks"]):
                found_network = _read_network(item, f"networks[{i}]", check)
                if found_network:
                    networks.append(found_network)
    return indicators, networks, check.problems


def definition_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml`` files, sorted; keep files as given."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        else:
            files.append(path)
    return files


def read_files(paths: Iterable[str | Path], known: Definitions | None = None) -> Definitions:
    """Load, validate and cross-check definition files; raise with every problem at once.

    ``known`` holds definitions already in the database, which the files may
    refer to (a network may use indicators loaded earlier).
    """
    problems: list[Problem] = []
    indicators: dict[str, IndicatorDefinition] = {}
    networks: dict[str, NetworkDefinition] = {}
    files: dict[str, str] = {}
    paths = definition_files(paths)
    if not paths:
        raise ValidationError([], "no definition files given")
    for path in paths:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, f"cannot read: {exc}"))
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
            problems.append(Problem(name, f"{getattr(exc, 'problem', None) or exc}", column=where))
            continue
        found_i, found_n, file_problems = read_descriptor(data, name)
        problems.extend(file_problems)
        for ind in found_i:
            if ind.code in indicators:
                problems.append(
                    Problem(
                        name,
                        f"indicator {ind.code} is already defined in {files['i:' + ind.code]}",
                        column="indicators",
                    )
                )
            indicators[ind.code] = ind
            files.setdefault("i:" + ind.code, name)
        for net in found_n:
            if net.code in networks:
                problems.append(
                    Problem(
                        name,
                        f"network {net.code} is already defined in {files['n:' + net.code]}",
                        column="network",
                    )
                )
            networks[net.code] = net
            files.setdefault("n:" + net.code, name)
    all_indicators = {**(known.indicators if known else {}), **indicators}
    problems.extend(_cross_check(indicators, networks, all_indicators, files))
    if problems:
        raise ValidationError(problems, f"{len(problems)} problem(s) in definitions")
    return Definitions(_freeze(indicators), _freeze(networks), _freeze(files))  # type: ignore[arg-type]


def _cross_check(
    indicators: Mapping[str, IndicatorDefinition],
    networks: Mapping[str, NetworkDefinition],
    all_indicators: Mapping[str, IndicatorDefinition],
    files: Mapping[str, str],
) -> list[Problem]:
    """References between definitions: formulas, weights, network indicators, cycles."""
    problems: list[Problem] = []
    for code, ind in indicators.items():
        file = files["i:" + code]
        for name in sorted(ind.components - all_indicators.keys()):
            problems.append(
                Problem(file, f"{code}: formula uses unknown indicator {name}", column="formula")
            )
        if ind.weight and ind.weight not in all_indicators:
            problems.append(
                Problem(file, f"{code}: unknown weight indicator {ind.weight}", column="weight")
            )
        for rule in ind.rules:
            for name in sorted(parse(rule.expression).names - all_indicators.keys()):
                problems.append(
                    Problem(
                        file,
                        f"{code}: rule {rule.expression!r} uses unknown indicator {name}",
                        column="rules",
                    )
                )
        if ind.scale and ind.formula:
            problems.append(
                Problem(file, f"{code}: an ordinal scale cannot have a formula", column="scale")
            )
    for cycle in _formula_cycles(all_indicators):
        file = files.get("i:" + cycle[0], "definitions")
        problems.append(
            Problem(
                file,
                "formulas refer to each other in a circle: " + " → ".join(cycle),
                column="formula",
            )
        )
    for code, net in networks.items():
        file = files["n:" + code]
        for i, item in enumerate(net.indicators):
            if item.code not in all_indicators:
                problems.append(
                    Problem(
                        file, f"unknown indicator {item.code}", column=f"network.indicators[{i}]"
                    )
                )
        for i, spec in enumerate(net.structural):
            if spec.code not in all_indicators:
                problems.append(
                    Problem(
                        file, f"unknown indicator {spec.code}", column=f"network.structural[{i}]"
                    )
                )
        for i, rule in enumerate(net.rules):
            for name in sorted(parse(rule.expression).names - all_indicators.keys()):
                problems.append(
                    Problem(
                        file,
                        f"rule {rule.expression!r} uses unknown indicator {name}",
                        column=f"network.rules[{i}]",
                    )
                )
        if net.population and net.population not in all_indicators:
            problems.append(
                Problem(file, f"unknown indicator {net.population}", column="network.population")
            )
    return problems


def _formula_cycles(indicators: Mapping[str, IndicatorDefinition]) -> list[list[str]]:
    """Every circle of formula references, each reported once."""
    graph = {code: sorted(ind.components & indicators.keys()) for code, ind in indicators.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for code in sorted(graph):
        if code not in state:
            visit(code)
    return cycles


def evaluation_order(
    indicators: Mapping[str, IndicatorDefinition], wanted: Iterable[str]
) -> list[str]:
    """Derived indicators needed for ``wanted``, components before the formulas using them."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(code: str) -> None:
        if code in seen or code not in indicators:
            return
        seen.add(code)
        for dep in sorted(indicators[code].components):
            visit(dep)
        if indicators[code].formula:
            order.append(code)

    for code in wanted:
        visit(code)
    return order


def builtin_paths() -> list[Path]:
    """The shipped ``indicators/`` and ``networks/`` folders (wheel or checkout)."""
    here = Path(__file__).resolve().parent
    found = []
    for name in ("indicators", "networks"):
        for candidate in (here / "_builtin" / name, here.parent / name):
            if candidate.is_dir():
                found.append(candidate)
                break
    return found
