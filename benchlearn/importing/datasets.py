"""Built-in datasets: real figures shipped with benchlearn, imported like any long CSV.

Each dataset is a folder in ``builtin/`` holding one long CSV
(``municipality,indicator,year,value``) named after it and a ``SOURCE.txt``
with its origin and attribution. ``lv-population`` holds the Central
Statistical Bureau of Latvia's population figures, so that a Latvian database
has size for similarity from the start; ``lv-context`` adds the area (so the
density) and the median age of all 43 units of the 2021 division, so that the
state cities are compared too. ``python -m benchlearn.samples.build``
rebuilds them from ``shared/data``.
"""

from __future__ import annotations

from pathlib import Path

from benchlearn.errors import BenchlearnError

DATASETS_DIR = Path(__file__).resolve().parent / "builtin"


def dataset_names() -> list[str]:
    """Names of the built-in datasets."""
    return sorted(p.name for p in DATASETS_DIR.iterdir() if (p / f"{p.name}.csv").is_file())


def dataset_path(name: str) -> Path:
    """The long CSV of built-in dataset ``name``, ready for :func:`import_file`."""
    if name not in dataset_names():
        raise BenchlearnError.of("imp_unknown_dataset", {"name": name, "names": dataset_names()})
    return DATASETS_DIR / name / f"{name}.csv"
