"""Rebuild the built-in samples, registries and datasets from the real public data in ``shared/data``.

Run in a checkout: ``python -m benchlearn.samples.build [--shared PATH]``
(default: ``BENCHLEARN_SHARED_DATA``, else ``../shared/data`` beside the
checkout). The output is deterministic (sorted rows, fixed number formatting),
so a rebuild that changes nothing changes no byte, and a test can check that
the shipped files are what this builder makes from the sources. The builder is
a developer tool: it is left out of the wheel, which ships only its output.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from benchlearn.samples.build.datasets import build_lv_context, build_lv_population
from benchlearn.samples.build.no import build_no
from benchlearn.samples.build.registries import build_registries
from benchlearn.samples.build.se import build_se
from benchlearn.samples.build.uk import build_uk

SAMPLES = Path(__file__).resolve().parents[1]
REGISTRIES = SAMPLES.parent / "registry" / "builtin"
#: Where the built-in datasets go; ``None``: beside ``SAMPLES``, in ``importing/builtin``
#: (so a test that moves ``SAMPLES`` moves them too, and never writes into the checkout).
DATASETS: Path | None = None
#: Where the real data is: this variable, else ``shared/data`` beside the checkout.
SHARED_DATA_VARIABLE = "BENCHLEARN_SHARED_DATA"


def default_shared_data() -> Path:
    """``BENCHLEARN_SHARED_DATA``, else ``../shared/data`` beside the checkout."""
    chosen = os.environ.get(SHARED_DATA_VARIABLE)
    if chosen:
        return Path(chosen)
    return SAMPLES.parents[2] / "shared" / "data"


def main(argv: Sequence[str] | None = None) -> None:
    """Rebuild every sample, registry and dataset; print what each holds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--shared", type=Path, default=default_shared_data(), help="the shared/data folder"
    )
    args = parser.parse_args(argv)
    print("uk-asc:", build_uk(args.shared, SAMPLES))
    print("no-kostra:", build_no(args.shared, SAMPLES))
    print("se-municipalities:", build_se(args.shared, SAMPLES))
    print("registries:", build_registries(args.shared, REGISTRIES))
    datasets = DATASETS or SAMPLES.parent / "importing" / "builtin"
    print("lv-population:", build_lv_population(args.shared, datasets))
    print("lv-context:", build_lv_context(args.shared, datasets))
