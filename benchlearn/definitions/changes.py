"""What loading definitions would do to the stored ones: added, changed, unchanged.

A stored definition is never replaced behind anyone's back: loading a file that
would change one is refused, with every difference shown field by field, until
the change is asked for (``--replace``). Definitions are compared in their
normalised form (:meth:`~IndicatorDefinition.to_descriptor` of the stored row
read back and of the file's definition), so a file that only spells the same
thing differently (``unit: days`` for a stored ``unit: days``, keys in another
order, ``weight: 1`` left out) is unchanged and writes nothing.

Every stored difference is refused, not only one in a definition another network
uses: who uses what changes as networks are loaded, so a rule that depended on it
would accept a file on one database and refuse it on the next; a network (which no
other network uses) replaced by a file of the same code is the same silent loss;
and a deliberate edit costs one flag, with its difference printed for review.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from benchlearn.definitions.expressions import parse
from benchlearn.definitions.model import Definitions
from benchlearn.errors import Problem, ValidationError
from benchlearn.messages import LANGUAGES, say

Kind = Literal["indicator", "network"]


@dataclass(frozen=True)
class Difference:
    """One field of a definition as stored (``old``) and as a file has it (``new``).

    ``field`` is a key path of the descriptor (``name.en``, ``unit``, ``pull.pxweb``);
    a list (a network's indicators, a scale, rules) is one field, compared whole.
    ``old`` or ``new`` is None where that side does not set the field.
    """

    field: str
    old: Any
    new: Any

    def text(self, lang: str = "en") -> str:
        """``name.en "Population" → "Inhabitants"``; an unset side as ``(not set)``."""
        return f"{self.field} {_value(self.old, lang)} → {_value(self.new, lang)}"


@dataclass(frozen=True)
class Defined:
    """A definition named by its kind and code."""

    kind: Kind
    code: str


@dataclass(frozen=True)
class Change:
    """A stored definition that a file defines differently.

    ``used_by`` names the stored networks whose values depend on the indicator
    (directly, as a structural variable or population, in a rule, or through the
    formula of an indicator they use); it is empty for a network.
    """

    kind: Kind
    code: str
    file: str
    differences: tuple[Difference, ...]
    used_by: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> str:
        """``indicator POP, used by networks T2, T3: name.en "Population" → "Inhabitants"``."""
        return say(self._key, lang, self._values())

    def problem(self) -> Problem:
        """The change as a problem of the file that makes it, in every language."""
        return Problem.of(self.file, self._key, self._values())

    @property
    def _key(self) -> str:
        if self.kind == "network":
            return "def_change_network"
        return "def_change_indicator_used" if self.used_by else "def_change_indicator"

    def _values(self) -> dict[str, object]:
        networks = "def_networks_one" if len(self.used_by) == 1 else "def_networks_many"
        codes = ", ".join(self.used_by)
        return {
            "code": self.code,
            "networks": {lang: say(networks, lang, {"codes": codes}) for lang in LANGUAGES},
            "differences": {
                lang: "; ".join(d.text(lang) for d in self.differences) for lang in LANGUAGES
            },
        }


@dataclass(frozen=True)
class LoadReport:
    """What loading definitions did (or, refused or only checked, would do).

    ``added`` are new codes, ``changed`` stored definitions the files replaced,
    ``unchanged`` those the files define exactly as stored (nothing is written for
    them). ``refused`` holds the changes a load without ``replace`` would not make;
    a report with any is the one :class:`DefinitionsRefused` carries, and nothing
    was written.
    """

    added: tuple[Defined, ...] = ()
    changed: tuple[Change, ...] = ()
    unchanged: tuple[Defined, ...] = ()
    refused: tuple[Change, ...] = ()

    def count(self, kind: Kind) -> int:
        """How many definitions of ``kind`` the files hold, whatever became of them."""
        every: list[Defined | Change] = [*self.added, *self.changed, *self.unchanged]
        every += self.refused
        return sum(1 for item in every if item.kind == kind)


class DefinitionsRefused(ValidationError):
    """Files would change stored definitions and ``replace`` was not given.

    Each problem is one refused definition with its differences; ``report`` is
    the :class:`LoadReport` of what loading would have done, ``refused`` filled.
    """

    def __init__(self, report: LoadReport, *, checking: bool = False) -> None:
        self.report = report
        key = "def_refused_check" if checking else "def_refused"
        problems = [change.problem() for change in report.refused]
        super().__init__(problems, key=key, values={"count": len(problems)})


def compare(stored: Definitions, loaded: Definitions) -> LoadReport:
    """Sort the loaded definitions into added, changed and unchanged against the stored ones.

    A network's ``members`` are left out of the comparison: they seed a new
    network only, and reloading leaves the stored membership as it is.
    """
    users = network_users(stored)
    added: list[Defined] = []
    changed: list[Change] = []
    unchanged: list[Defined] = []
    kinds: tuple[tuple[Kind, Mapping[str, Any], Mapping[str, Any]], ...] = (
        ("indicator", loaded.indicators, stored.indicators),
        ("network", loaded.networks, stored.networks),
    )
    for kind, new_items, old_items in kinds:
        for code, item in new_items.items():
            old = old_items.get(code)
            if old is None:
                added.append(Defined(kind, code))
                continue
            found = differences(_compared(old.to_descriptor()), _compared(item.to_descriptor()))
            if not found:
                unchanged.append(Defined(kind, code))
                continue
            file = loaded.files.get(f"{kind[0]}:{code}", "definitions")
            used_by = tuple(sorted(users.get(code, ()))) if kind == "indicator" else ()
            changed.append(Change(kind, code, file, found, used_by))
    return LoadReport(tuple(added), tuple(changed), tuple(unchanged))


def differences(
    old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = ""
) -> tuple[Difference, ...]:
    """Every field in which two descriptors differ, in the order descriptors write them.

    Mappings on both sides are opened (``name.en``); a mapping against a plain value
    (``unit: {en: persons, lv: personas}`` against ``unit: people``) and lists are
    compared whole.
    """
    found: list[Difference] = []
    for key in _merged(list(old), list(new)):
        before, after = old.get(key), new.get(key)
        path = f"{prefix}{key}"
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            found.extend(differences(before, after, path + "."))
        elif before != after:
            found.append(Difference(path, before, after))
    return tuple(found)


def _merged(first: list[str], second: list[str]) -> list[str]:
    """The keys of both, each once, in the order both follow (a descriptor's key order)."""
    merged: list[str] = []
    i = j = 0
    while i < len(first) or j < len(second):
        if j < len(second) and (i >= len(first) or second[j] not in first[i:]):
            key, j = second[j], j + 1
        else:
            key, i = first[i], i + 1
        if key not in merged:
            merged.append(key)
    return merged


def network_users(definitions: Definitions) -> dict[str, set[str]]:
    """For each indicator code, the networks whose values depend on it."""
    indicators = definitions.indicators
    users: dict[str, set[str]] = {}
    for code, net in definitions.networks.items():
        direct = {*net.indicator_codes, *(s.code for s in net.structural)}
        if net.population:
            direct.add(net.population)
        for rule in net.rules:
            direct |= parse(rule.expression).names
        seen: set[str] = set()
        todo = list(direct)
        while todo:  # through formulas and weights, to every indicator a value needs
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            found = indicators.get(name)
            if found is not None:
                todo.extend(found.components)
                if found.weight:
                    todo.append(found.weight)
        for name in seen:
            users.setdefault(name, set()).add(code)
    return users


def _compared(descriptor: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in descriptor.items() if key != "members"}


def _value(value: Any, lang: str) -> str:
    """A value as a file could write it (JSON, which YAML reads); unset in words."""
    if value is None:
        return say("def_not_set", lang)
    return json.dumps(_plain(value), ensure_ascii=False)


def _plain(value: Any) -> Any:
    """Whole floats as integers (``min: 0`` rather than ``0.0``), inside lists and mappings."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
