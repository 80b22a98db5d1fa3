"""A Latvian network with figures, as a facilitator would have it after a data round.

The 43 municipalities since 2021 (the built-in registry), the shipped
definitions, the population at the start of 2026 from the Central Statistical
Bureau (``../shared/data/lv-csb``, where it is present), and generated
figures for the other indicators: counts scale with the population, shares
stay shares, and every declared rule and every proportion holds, as real
returns would. Used by the tests and, from a checkout, to build a database to
look at::

    python -m tests.latvia /tmp/lv/lv.db T2 NVPT

There NVPT's round is dated as SPKC would have it (:func:`nvpt_round`): members
since different years, two joining and one leaving in the last year, each
year's forms received in batches before and after the deadline, and one
member's last form not returned.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, update

from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.models import ImportBatch
from benchlearn.registry.members import MemberEntry, change_members, stored_membership
from benchlearn.registry.municipalities import load_municipalities, resolve_registry
from benchlearn.rules import own_indicators
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


# Plausible levels per inhabitant (the population named, else the whole population) of the
# counts and money the shipped networks ask, so that rates such as social workers per 1,000
# inhabitants come out as they do in Latvia; anything else falls back to a wide range.
PER_INHABITANT: dict[str, tuple[float, float]] = {
    "POP_65_PLUS": (0.18, 0.26),
    "POP_0_17": (0.15, 0.21),
    "T2_SOC_WORKERS": (0.0012, 0.003),
    "T2_SOC_WORK_CLIENTS": (0.02, 0.06),
    "T2_HOME_CARE_CLIENTS": (0.003, 0.012),
    "T2_GP_COUNT": (0.0004, 0.0008),
    "T2_GMI_RECIPIENTS": (0.005, 0.04),
    "T2_SOCIAL_ASSISTANCE_EUR": (8, 45),
    "PIT_REVENUE": (500, 1100),
    "NVPT_EVENTS": (0.0003, 0.0015),
    "NVPT_PARTICIPANTS": (0.03, 0.2),
    "NVPT_BUDGET_EUR": (0.3, 2),
    "NVPT_OUTDOOR_SITES": (0.00005, 0.0003),
    "NVPT_PARTNERS": (0.0001, 0.0006),
    "T3_HOUSING_QUEUE": (0.001, 0.008),
    "T3_SOCIAL_HOUSING_UNITS": (0.002, 0.01),
    "T3_HOUSING_BENEFIT_EUR": (3, 20),
    "T3_PRESCHOOL_QUEUE": (0.0005, 0.005),
    "PMP_PUPILS": (0.09, 0.12),
    "PMP_AT_RISK": (0.005, 0.015),
    "PMP_SUPPORT_PLANS": (0.003, 0.012),
    "PMP_RISK_REDUCED": (0.002, 0.008),
    "PMP_LEFT_SCHOOL": (0.0002, 0.001),
    "PMP_SCHOOLS_TOTAL": (0.0003, 0.0006),
    "PMP_SCHOOLS_INVOLVED": (0.0001, 0.0005),
}
DURATIONS = {"days": (5, 90), "weeks": (1, 12), "months": (3, 48), "hours per pupil": (2, 30)}
#: The context the networks declared before lv-context shipped. Their figures come first, from
#: the one stream, whatever the networks declare now, so that changing a network's structural
#: list moves no other generated figure (many tests pin them); a context variable outside this
#: list (the median age) is drawn after them, from its own stream.
FORMER_CONTEXT = ("POP", "DENSITY", "SHARE_65_PLUS", "PIT_PER_INH", "UNEMPLOYMENT_RATE")
#: T2 also declared the annual average population.
FORMER_T2_CONTEXT = ("POP_AVG",)
#: Median ages of Latvian municipalities run from 37 (Mārupe) to 53 (Krāslava).
MEDIAN_AGES = (37, 53)


def figures(
    engine: Engine, networks: Sequence[str], years: Sequence[int] = YEARS, seed: int = 0
) -> str:
    """Long CSV text of plausible figures for the networks' stored indicators.

    Each municipality gets its own level of every indicator, which then moves a
    little from year to year, as real returns do: the control rules then flag
    the odd change, not every figure.
    """
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    wanted: list[str] = []
    rules: list[str] = []
    declared: list[str] = []
    for code in networks:
        net = definitions.networks[code]
        wanted += [i.code for i in net.indicators] + list(FORMER_CONTEXT)
        wanted += list(FORMER_T2_CONTEXT) if code == "T2" else []
        declared += [v.code for v in net.structural]
        rules += [r.expression for r in net.rules]

    def parts(codes: Sequence[str]) -> set[str]:
        return {c for code in codes for c in (definitions.indicators[code].components or {code})}

    stored = sorted(parts(wanted))
    later = sorted(parts(declared) - set(stored))
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
    cities = set(registry.loc[registry["kind"] != "novads", "code"])
    levels = {
        code: {indicator: float(rng.uniform()) for indicator in stored} for code in population
    }
    lines = ["municipality,indicator,year,value"]
    for step, year in enumerate(years):
        for code, pop in population.items():
            values: dict[str, float] = {}
            for indicator in stored:
                ind = definitions.indicators[indicator]
                # The municipality's own level, moved by a few per cent a year.
                level = levels[code][indicator]
                drift = 1 + float(rng.normal(0, 0.04)) * min(step, 1)
                if ind.scale or ind.max == 1:
                    top = int(ind.max or 0)
                    values[indicator] = float(min(top, int(level * (top + 1))))
                    if step and rng.uniform() < 0.1:  # now and then a step up or down
                        values[indicator] = float(rng.integers(0, top + 1))
                elif ind.max == 100:
                    values[indicator] = round(min(100.0, (5 + 90 * level) * drift), 1)
                elif indicator in ("POP", "POP_AVG"):
                    values[indicator] = pop
                elif indicator == "AREA_KM2":  # cities are dense, a novads is not
                    density = 800 + 1700 * level if code in cities else 8 + 40 * level
                    values[indicator] = round(pop / density, 1)
                elif ind.unit in DURATIONS:
                    low, high = DURATIONS[ind.unit]
                    values[indicator] = float(round((low + (high - low) * level) * drift))
                else:  # counts and money scale with the population
                    low, high = PER_INHABITANT.get(indicator, (0.001, 0.05))
                    values[indicator] = round(pop * (low + (high - low) * level) * drift)
            for _ in range(len(rules)):
                for rule in rules:
                    small, big = re.split(r"\s*<=\s*", rule) if "<=" in rule else \
                        re.split(r"\s*>=\s*", rule)[::-1]  # fmt: skip
                    if small in values and big in values and values[small] > values[big]:
                        values[small] = round(values[big] / 2)
            lines += [f"{code},{i},{year},{v:g}" for i, v in values.items()]
    apart = np.random.default_rng(seed + 1)
    for indicator in later:
        for code in population:
            if indicator == "MEDIAN_AGE":
                value = float(apart.integers(MEDIAN_AGES[0], MEDIAN_AGES[1] + 1))
            elif indicator == "POP_AVG":
                value = population[code]
            else:
                value = float(apart.uniform(1, 100))
            lines += [f"{code},{indicator},{year},{value:g}" for year in years]
    return "\n".join(lines) + "\n"


def latvian_network(
    engine: Engine,
    folder: Path,
    networks: Sequence[str] = ("T2",),
    years: Sequence[int] = YEARS,
    *,
    dated: bool = False,
) -> None:
    """Registry, definitions and a data round's figures for ``networks``, on ``engine``.

    Every shipped network gets the 43 municipalities as members from the first year,
    as a facilitator sets them (``benchlearn networks members CODE --set FILE``); with
    ``dated`` and NVPT among ``networks``, NVPT's round is :func:`nvpt_round`.
    """
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    if dated and "NVPT" in networks:
        nvpt_round(engine, folder, networks, years)
        return
    set_members(engine, min(years))
    path = folder / "figures.csv"
    path.write_text(figures(engine, networks, years), encoding="utf-8")
    result = import_file(engine, path)
    assert result.written and not result.problems, result.problems


#: NVPT members joining and leaving in the last year, and the one whose last form is missing.
NVPT_NEW = ("LV-089", "LV-102")  # Saulkrasti, Varakļāni
NVPT_LEFT = ("LV-058",)  # Ludza
NVPT_MISSING = ("LV-011",)  # Ādaži
#: When each year's forms came in (10:00 UTC): on time, and late (a fifth of the members).
NVPT_RECEIVED = (dt.datetime(3, 3, 25, 10), dt.datetime(3, 4, 8, 10))


def nvpt_late(year: int, index: int) -> bool:
    """Whether the member at ``index`` (registry order) returned ``year``'s form late."""
    return index % 5 == year % 5


def nvpt_joined(index: int) -> int:
    """The year the member at ``index`` (registry order) joined NVPT: 2015 to 2022."""
    return 2015 + index % 8


def nvpt_round(
    engine: Engine, folder: Path, networks: Sequence[str] = ("NVPT",), years: Sequence[int] = YEARS
) -> pd.DataFrame:
    """NVPT's data round as SPKC would have it, with the other ``networks``' figures.

    The 43 units are NVPT members since :func:`nvpt_joined`, but for :data:`NVPT_NEW`,
    who join in the last year (and have no form for the year before), and :data:`NVPT_LEFT`,
    who leave in it (and return no form for it); :data:`NVPT_MISSING` returns no form in
    the last year. Each year's forms are imported in two batches dated in the next spring,
    on time and late (:func:`nvpt_late`); everything else in one batch before them. Returns
    the NVPT form figures imported (``municipality, indicator, year, value``).
    """
    codes = list(pd.read_csv(resolve_registry("lv-2021"), dtype=str)["code"])
    last = max(years)
    entries = [
        MemberEntry(
            code,
            last if code in NVPT_NEW else nvpt_joined(i),
            last if code in NVPT_LEFT else None,
        )
        for i, code in enumerate(codes)
    ]
    change_members(engine, "NVPT", last, members=entries)
    set_members(engine, min(years))
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    own = set(own_indicators(definitions, definitions.networks["NVPT"]))
    rows = pd.read_csv(
        io.StringIO(figures(engine, list(dict.fromkeys([*networks, "NVPT"])), years))
    )
    nvpt = rows["indicator"].isin(own)
    dropped = (
        (rows["municipality"].isin(NVPT_NEW) & (rows["year"] < last))
        | (rows["municipality"].isin(NVPT_LEFT + NVPT_MISSING) & (rows["year"] == last))
    ) & nvpt
    forms = rows[nvpt & ~dropped]
    batches = [("other", rows[~nvpt], None)]
    index = {code: i for i, code in enumerate(codes)}
    for year in years:
        late = forms["municipality"].map(lambda c, y=year: nvpt_late(y, index[c]))
        for name, chosen, when in (("on-time", ~late, 0), ("late", late, 1)):
            day = NVPT_RECEIVED[when].replace(year=year + 1)
            batches.append((f"nvpt-{year}-{name}", forms[(forms["year"] == year) & chosen], day))
    for name, frame, day in batches:
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        result = import_file(engine, path)
        assert result.written and not result.problems, result.problems
        if day is not None:
            with engine.begin() as connection:
                connection.execute(
                    update(ImportBatch)
                    .where(ImportBatch.id == result.batch_id)
                    .values(created_at=day)
                )
    return forms.reset_index(drop=True)


def set_members(engine: Engine, year: int) -> None:
    """Make the 43 units members, joining in ``year``, of every network without members."""
    codes = pd.read_csv(resolve_registry("lv-2021"), dtype=str)["code"]
    entries = [MemberEntry(code) for code in codes]
    with engine.connect() as connection:
        found = [
            stored_membership(connection, n)
            for n in sorted(stored_definitions(connection).networks)
        ]
    for network in (m.network for m in found if not m.everyone and m.frame.empty):
        change_members(engine, network, year, members=entries)


if __name__ == "__main__":
    from benchlearn.database import make_engine, upgrade

    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{target}")
    upgrade(engine)
    latvian_network(engine, target.parent, sys.argv[2:] or ["T2"], dated=True)
    print(f"Wrote {target}")
