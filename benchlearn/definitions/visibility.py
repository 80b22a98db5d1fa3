"""Reading who may see a definition's values: ``visibility:`` and a network's ``release:``.

Kept beside :mod:`.schema`, which calls these with its checker, so that every
problem is reported with its key path like any other definition key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from benchlearn.definitions.model import RELEASE_KEYS, VISIBILITIES, ReleaseRule


class Checker(Protocol):
    """What these readers need of :mod:`.schema`'s checker: to report a problem at a path."""

    def error_of(self, path: str, key: str, values: Mapping[str, object] | None = None) -> None:
        """Report the catalogue's problem ``key`` at ``path``."""

    def unknown_key(self, path: str, key: Any, allowed: Iterable[str]) -> None:
        """Report an unknown key at ``path``."""


def read_visibility(item: Mapping[str, Any], path: str, check: Checker) -> str | None:
    """``visibility: public | network | own`` (None when not given or wrong)."""
    raw = item.get("visibility")
    if raw is None:
        return None
    if raw not in VISIBILITIES:
        values = {"value": str(raw), "choices": ", ".join(VISIBILITIES)}
        check.error_of(f"{path}.visibility", "def_not_choice", values)
        return None
    return str(raw)


def read_release(item: Mapping[str, Any], path: str, check: Checker) -> ReleaseRule | None:
    """``release: {month: 6, day: 30, years_after: 1}``: every problem reported, None then."""
    raw = item.get("release")
    if raw is None:
        return None
    path = f"{path}.release"
    if not isinstance(raw, Mapping):
        check.error_of(path, "def_release_not_mapping")
        return None
    for key in raw:
        if key not in RELEASE_KEYS:
            check.unknown_key(f"{path}.{key}", key, RELEASE_KEYS)
    numbers: dict[str, int] = {}
    for key, low, high in (("month", 1, 12), ("day", 1, 31), ("years_after", 0, 10)):
        value = raw.get(key)
        if key not in raw:
            check.error_of(f"{path}.{key}", "def_required")
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            values = {"value": str(value), "low": low, "high": high}
            check.error_of(f"{path}.{key}", "def_release_number", values)
        else:
            numbers[key] = value
    if len(numbers) < len(RELEASE_KEYS):
        return None
    try:  # 30 February is no day of any year; 29 February waits for a leap year
        dt.date(2000, numbers["month"], numbers["day"])
    except ValueError:
        check.error_of(path, "def_release_no_day", numbers)
        return None
    return ReleaseRule(numbers["month"], numbers["day"], numbers["years_after"])
