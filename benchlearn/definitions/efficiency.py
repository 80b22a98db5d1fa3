"""Reading a network's efficiency models: ``efficiency: {CODE: {name, inputs, outputs, ...}}``.

Kept beside :mod:`.schema`, which calls :func:`read_models` with its checker, so that
every problem is reported with its key path (``network.efficiency.SPORTS.inputs[1]``)
like any other definition key. Whether the codes name defined indicators is checked
with the other references between definitions (:mod:`.files`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from benchlearn.definitions.model import (
    CODE_PATTERN,
    EFFICIENCY_KEYS,
    ORIENTATIONS,
    RETURNS,
    EfficiencyModel,
    freeze,
)

#: The keys a model must have: what it is called, and what goes in and comes out.
REQUIRED = ("name", "inputs", "outputs")


class Checker(Protocol):
    """What this reader needs of :mod:`.schema`'s checker."""

    def error_of(self, path: str, key: str, values: Mapping[str, object] | None = None) -> None:
        """Report the catalogue's problem ``key`` at ``path``."""

    def unknown_key(self, path: str, key: Any, allowed: Iterable[str]) -> None:
        """Report an unknown key at ``path``."""

    def code(self, value: Any, path: str, stored_as: str = "indicators.code") -> str | None:
        """``value`` when it is a code that fits its column, else None and a problem."""

    def text(self, value: Any, path: str, required: bool = True) -> Mapping[str, str]:
        """A text in one or several languages (empty and a problem when wrong)."""

    def choice(self, value: Any, path: str, choices: tuple[str, ...]) -> str | None:
        """``value`` when it is one of ``choices``, else None and a problem."""


def read_models(
    item: Mapping[str, Any], path: str, check: Checker
) -> Mapping[str, EfficiencyModel]:
    """A network's ``efficiency:`` as models by code; every problem reported with its path,
    and a model with a problem left out (the file is refused anyway)."""
    raw = item.get("efficiency")
    if raw is None:
        return freeze({})
    path = f"{path}.efficiency"
    if not isinstance(raw, Mapping) or not raw:
        check.error_of(path, "eff_not_mapping")
        return freeze({})
    models: dict[str, EfficiencyModel] = {}
    for code, body in raw.items():
        at = f"{path}.{code}"
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            check.error_of(at, "def_not_code", {"value": str(code)})
            continue
        model = _read_model(code, body, at, check)
        if model is not None:
            models[code] = model
    return freeze(models)


def _read_model(code: str, body: Any, path: str, check: Checker) -> EfficiencyModel | None:
    """One model; None when anything about it is wrong."""
    if not isinstance(body, Mapping):
        check.error_of(path, "eff_model_not_mapping")
        return None
    found: list[bool] = []

    def report(at: str, key: str, values: Mapping[str, object] | None = None) -> None:
        found.append(True)
        check.error_of(at, key, values)

    for key in REQUIRED:
        if key not in body:
            report(f"{path}.{key}", "def_required")
    for key in body:
        if key not in EFFICIENCY_KEYS:
            found.append(True)
            check.unknown_key(f"{path}.{key}", key, EFFICIENCY_KEYS)
    name = check.text(body["name"], f"{path}.name") if "name" in body else freeze({})
    lists = {
        role: _codes(body.get(role), f"{path}.{role}", check, found, role != "context")
        for role in ("inputs", "outputs", "context")
        if role in body
    }
    inputs, outputs = lists.get("inputs", ()), lists.get("outputs", ())
    for both in sorted(set(inputs) & set(outputs)):
        report(f"{path}.outputs", "eff_in_both", {"code": both})
    for used in sorted(set(lists.get("context", ())) & {*inputs, *outputs}):
        report(f"{path}.context", "eff_context_in_model", {"code": used})
    orientation = check.choice(
        body.get("orientation", "input"), f"{path}.orientation", ORIENTATIONS
    )
    returns = check.choice(body.get("returns", "vrs"), f"{path}.returns", RETURNS)
    if found or not name or orientation is None or returns is None:
        return None
    if "inputs" not in lists or "outputs" not in lists:
        return None
    return EfficiencyModel(
        code, name, inputs, outputs, orientation, returns, lists.get("context", ())
    )


def _codes(
    raw: Any, path: str, check: Checker, found: list[bool], required: bool
) -> tuple[str, ...]:
    """A list of indicator codes, each once; ``required``: at least one. A problem is
    reported and marked in ``found``."""
    if not isinstance(raw, list) or (required and not raw):
        check.error_of(path, "eff_empty_list" if required else "def_not_code_list")
        found.append(True)
        return ()
    codes = [check.code(entry, f"{path}[{i}]") for i, entry in enumerate(raw)]
    if None in codes:
        found.append(True)
    good = [code for code in codes if code is not None]
    for dup in sorted(c for c, n in Counter(good).items() if n > 1):
        check.error_of(path, "def_listed_twice", {"code": dup})
        found.append(True)
    return tuple(good)
