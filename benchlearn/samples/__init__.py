"""Built-in sample workspaces of real public data (see each folder's ``SOURCE.txt``).

Each folder holds ``sample.yaml``, ``municipalities.csv``, ``indicators.yaml``,
``network.yaml``, ``observations.csv``, optionally ``peers.csv``, and the
attribution. ``python -m benchlearn.samples.build`` rebuilds them from
``shared/data``.
"""

from __future__ import annotations

from pathlib import Path

from benchlearn.errors import BenchlearnError

SAMPLES_DIR = Path(__file__).resolve().parent


def sample_names() -> list[str]:
    """Names of the built-in samples."""
    return sorted(p.name for p in SAMPLES_DIR.iterdir() if (p / "sample.yaml").is_file())


def sample_path(name: str) -> Path:
    """The folder of sample ``name``."""
    if name not in sample_names():
        raise BenchlearnError(f"unknown sample {name!r} (samples: {', '.join(sample_names())})")
    return SAMPLES_DIR / name
