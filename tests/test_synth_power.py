"""Size and power of the synthetic control's placebo test on real Swedish panels.

Draws of a municipality, an indicator and a start year from the public Swedish
panels in ``../shared/data/se-municipalities`` (see its SOURCE.txt): the population
1950–2019 (SCB), six waves 2002–2022 of age shares, education, tax rate, tax base
and spending (SCB/SKR), and home care 2014–2017 (Kolada). Each draw's donors are the
20 municipalities nearest in (log) population in the last year before the start, so
21 units and a smallest p-value of 1/21 < 0.05, as similar municipalities are the
default donors of ``benchlearn effect``; the fit years are the (up to ten) years
before the start. Nothing happened at the start, so the 5 % test should reject in
about 5 % of the draws it judges (at most 7 %); with an effect planted from the
start of two pre-start standard deviations (of the outcome across the 21
municipalities, averaged over the fit years: the spread the poor-fit rule uses), it
should reject in at least 80 %. Draws refused for a poor fit are not
judged and are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchlearn.analysis import synth

DRAWS = 400
#: Years judged from the start on: a plan's few years, not the decades a long panel has left.
AFTER = 5
DONORS = 20
SEED = 25


@dataclass(frozen=True)
class Panel:
    """One indicator: values (years × municipalities), population alike, possible starts."""

    name: str
    values: pd.DataFrame
    population: pd.DataFrame
    starts: tuple[int, ...]


def panels(folder: Path) -> list[Panel]:
    folder = folder / "se-municipalities"
    found = []
    people = pd.read_csv(folder / "scb_population_1950_2019_long.csv", dtype={"kommunkod": str})
    population = people.pivot(index="year", columns="kommunkod", values="population")
    found.append(Panel("population", population, population, tuple(range(1960, 2020))))
    waves = pd.read_csv(folder / "scb_municip_panel_2002_2022.csv")
    wave_population = waves.pivot(index="year", columns="municip_code", values="pop")
    for column in (
        "share0_19", "share75_", "share_tertiary_school", "tax_rate", "real_tax_base",
        "real_expenditures",
    ):  # fmt: skip
        values = waves.pivot(index="year", columns="municip_code", values=column)
        found.append(Panel(column, values, wave_population, (2014, 2018, 2022)))
    care = pd.read_csv(folder / "kolada_hemtjanst_panel_2014_2017.csv")
    care_population = care.pivot(index="year", columns="municipality", values="population")
    for column in ("cost", "hours", "care_recievers"):
        values = care.pivot(index="year", columns="municipality", values=column)
        found.append(Panel(column, values, care_population, (2017,)))
    return found


def draw(panel: Panel, rng: np.random.Generator) -> tuple[np.ndarray, list[int], int, list[int]]:
    """A municipality, its 20 nearest in population and a start: the outcome (years × units,
    the municipality first), the years, the start and the fit years."""
    start = int(rng.choice(panel.starts))
    every = panel.values.index.to_numpy()
    before = every[every < start]
    fit = [int(y) for y in before[-10:]]
    years = [*fit, *(int(y) for y in every[(every >= start) & (every < start + AFTER)])]
    values = panel.values.reindex(years).to_numpy(dtype=float)
    people = panel.population.reindex(index=[fit[-1]], columns=panel.values.columns)
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.log(people.to_numpy(dtype=float)[0])
    usable = np.flatnonzero(~np.isnan(values).any(axis=0) & np.isfinite(size))
    municipality = int(rng.choice(usable))
    others = usable[usable != municipality]
    distance = np.abs(size[others] - size[municipality])
    donors = others[np.argsort(distance, kind="stable")[:DONORS]]
    return values[:, [municipality, *donors]], years, start, fit


def test_size_and_power_of_the_placebo_test_on_swedish_panels(shared_data: Path) -> None:
    rng = np.random.default_rng(SEED)
    found = panels(shared_data)
    judged = rejected = planted_rejected = refused = 0
    for _ in range(DRAWS):
        panel = found[int(rng.integers(len(found)))]
        y, years, start, fit = draw(panel, rng)
        fitted = np.isin(years, fit)
        null = synth.synthetic_control(y[fitted], y, years, start, fit)
        if null.p_value is None:
            refused += 1
            continue
        planted = y.copy()
        planted[np.asarray(years) >= start, 0] += 2 * null.spread
        effect = synth.synthetic_control(planted[fitted], planted, years, start, fit)
        judged += 1
        rejected += null.p_value <= synth.ALPHA
        planted_rejected += effect.p_value is not None and effect.p_value <= synth.ALPHA
    size, power = rejected / judged, planted_rejected / judged
    print(
        f"\nsynthetic control on Swedish panels: {judged} draws judged, {refused} refused "
        f"(poor fit); rejections at 5 %: {size:.1%} without an effect, {power:.1%} with an "
        "effect of 2 pre-start standard deviations across municipalities"
    )

    assert judged >= 100
    assert size <= 0.07
    assert power >= 0.80


@pytest.mark.parametrize("seed", [1, 2])
def test_a_draw_has_twenty_donors_and_complete_years(shared_data: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    panel = panels(shared_data)[0]

    y, years, start, fit = draw(panel, rng)

    assert y.shape == (len(years), DONORS + 1)
    assert not np.isnan(y).any()
    assert fit == [year for year in years if year < start]
