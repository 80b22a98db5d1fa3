"""Built-in municipality registries: ``lv-2009`` (119 units) and ``lv-2021`` (43 units)."""

from __future__ import annotations

from pathlib import Path

from benchlearn.errors import BenchlearnError

REGISTRIES_DIR = Path(__file__).resolve().parent


def registry_names() -> list[str]:
    """Names of the built-in registries."""
    return sorted(p.stem for p in REGISTRIES_DIR.glob("*.csv"))


def registry_path(name: str) -> Path:
    """The CSV of registry ``name``."""
    if name not in registry_names():
        known = ", ".join(registry_names())
        raise BenchlearnError(f"unknown registry {name!r} (registries: {known})")
    return REGISTRIES_DIR / f"{name}.csv"
