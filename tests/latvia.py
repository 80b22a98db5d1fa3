"""A Latvian network with figures, as a facilitator would have it after a data round.

The 43 municipalities since 2021 (the built-in registry), the shipped
definitions, the population at the start of 2026 from the Central Statistical
Bureau (``../shared/data/lv-csb``, where it is present), and generated
figures for the other indicators: counts scale with the population, shares
stay shares, and every declared rule and every proportion holds, as real
returns would. Used by the tests and, from a checkout, to build a database to
look at::

    python -m tests.latvia /tmp/lv/lv.db T2 NVPT
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities, resolve_registry
from benchlearn.samples.build import default_shared_data

YEARS = (2023, 2024)


def populations(shared: Path | None = None) -> dict[str, float]:
    """ISO code → population at the start of 2026 (CSP IRE031), where the real data is."""
    folder = (shared or default_shared_data()) / "lv-csb"
    if not folder.is_dir():
        return {}
    counts = pd.read_csv(folder / "ire031_population_2026.csv", dtype={"csb_code": str})
    codes = pd.read_csv(folder / "csb_iso_codes.csv", dtype=str)
    merged = counts.merge(codes, on="csb_code")
    return dict(zip(merged["iso_code"], merged["population"].astype(float), strict=True))


def figures(
    engine: Engine, networks: Sequence[str], years: Sequence[int] = YEARS, seed: int = 0
) -> str:
    """Long CSV text of plausible figures for the networks' stored indicators."""
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    wanted: list[str] = []
    rules: list[str] = []
    for code in networks:
        net = definitions.networks[code]
        wanted += [i.code for i in net.indicators] + [v.code for v in net.structural]
        rules += [r.expression for r in net.rules]
    stored = sorted(
        {c for code in wanted for c in (definitions.indicators[code].components or {code})}
    )
    rules += [r.expression for c in stored for r in definitions.indicators[c].rules]
    rules += [
        f"{i.numerator} <= {i.denominator}"
        for i in definitions.indicators.values()
        if i.statistic == "proportion" and i.numerator in stored and i.denominator in stored
    ]
    registry = pd.read_csv(resolve_registry("lv-2021"), dtype=str)
    rng = np.random.default_rng(seed)
    real = populations()
    population = {
        code: real.get(code, float(rng.integers(3_000, 600_000))) for code in registry["code"]
    }
    lines = ["municipality,indicator,year,value"]
    for year in years:
        for code, pop in population.items():
            values: dict[str, float] = {}
            for indicator in stored:
                ind = definitions.indicators[indicator]
                if ind.scale or ind.max == 1:
                    values[indicator] = float(rng.integers(0, int(ind.max or 0) + 1))
                elif ind.max == 100:
                    values[indicator] = round(float(rng.uniform(5, 95)), 1)
                elif indicator == "POP":
                    values[indicator] = pop
                elif ind.unit in {"days", "weeks"}:
                    values[indicator] = float(rng.integers(3, 90))
                elif indicator.startswith("POP_"):
                    values[indicator] = round(pop * float(rng.uniform(0.15, 0.25)))
                else:  # counts, money and areas scale with the population
                    values[indicator] = round(pop * float(rng.uniform(0.001, 0.05)))
            for _ in range(len(rules)):
                for rule in rules:
                    small, big = re.split(r"\s*<=\s*", rule) if "<=" in rule else \
                        re.split(r"\s*>=\s*", rule)[::-1]  # fmt: skip
                    if small in values and big in values and values[small] > values[big]:
                        values[small] = round(values[big] / 2)
            lines += [f"{code},{i},{year},{v:g}" for i, v in values.items()]
    return "\n".join(lines) + "\n"


def latvian_network(
    engine: Engine, folder: Path, networks: Sequence[str] = ("T2",), years: Sequence[int] = YEARS
) -> None:
    """Registry, definitions and a data round's figures for ``networks``, on ``engine``."""
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    path = folder / "figures.csv"
    path.write_text(figures(engine, networks, years), encoding="utf-8")
    result = import_file(engine, path)
    assert result.written and not result.problems, result.problems


if __name__ == "__main__":
    from benchlearn.database import make_engine, upgrade

    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{target}")
    upgrade(engine)
    latvian_network(engine, target.parent, sys.argv[2:] or ["T2"])
    print(f"Wrote {target}")
