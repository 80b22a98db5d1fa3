"""What the plans' effects add to a site or a handout pack: the Swedish sample, twenty plans.

Run: python benchmarks/bench_plan_effects.py [--sample se-municipalities] [--plans 20]
     [--year 2018] [--site]

The sample (290 Swedish municipalities) is loaded into a fresh SQLite database and
the first ``--plans`` members get an active plan from 2014 on the tax rate (years
2002–2022, every four years), so each has the three fit years a twin needs. The
comparisons are gathered twice, as ``benchlearn site`` and ``benchlearn report
--handouts`` gather them (:func:`benchlearn.meeting.gather` for every member), without
the effects and with them, after one untimed gathering pays for first use, each twice
and the best kept: the difference (and the ratio) is what the effects add to either
build, which computes them once in the gathering and shares them among its pages.
With ``--site`` the site is written too, for the size of the whole.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default="se-municipalities")
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--year", type=int, default=2018)
    parser.add_argument("--site", action="store_true", help="Also write the site, for scale.")
    args = parser.parse_args()

    from benchlearn.context import open_context
    from benchlearn.database import make_engine, upgrade
    from benchlearn.demo import load_sample, sample_info
    from benchlearn.meeting import gather
    from benchlearn.plans.model import PlanDraft, TargetDraft
    from benchlearn.plans.store import add_plans
    from benchlearn.site import write_site

    info = sample_info(args.sample)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
        upgrade(engine)
        load_sample(engine, info.name)
        with engine.connect() as connection:
            members = open_context(connection, info.network, args.year).members
        drafts = [
            PlanDraft(
                code,
                info.network,
                {"en": f"Plan of {code}"},
                2014,
                2022,
                status="active",
                targets=(TargetDraft("TAX_RATE", 20.0),),
            )  # fmt: skip
            for code in members[: args.plans]
        ]
        add_plans(engine, drafts)
        found: dict[str, object] = {}

        def gathered(with_effects: bool) -> None:
            with engine.connect() as connection:
                ctx = open_context(connection, info.network, args.year)
                found[str(with_effects)] = gather(
                    ctx, municipalities=ctx.members, with_effects=with_effects
                )

        gathered(True)  # first use (imports, caches) paid before either is timed
        runs = [(timed(lambda: gathered(False)), timed(lambda: gathered(True))) for _ in range(2)]
        without = min(run[0] for run in runs)
        with_effects = min(run[1] for run in runs)
        data = found["True"]
        effects = data.effects  # type: ignore[attr-defined]
        judged = sum(e.study is not None for e in effects)
        site = None
        if args.site:
            start = time.perf_counter()
            write_site(data, folder / "site", ["en"])  # type: ignore[arg-type]
            site = time.perf_counter() - start

    added, cpu = with_effects[0] - without[0], with_effects[1] - without[1]
    print(f"{info.name}: {len(members)} members, {args.plans} plans (TAX_RATE from 2014), "
          f"year {args.year}")  # fmt: skip
    print(f"gathering without effects: {without[0]:6.1f} s   CPU {without[1]:5.1f} s")
    print(f"gathering with effects:    {with_effects[0]:6.1f} s   CPU {with_effects[1]:5.1f} s")
    print(
        f"the effects add:           {added:6.1f} s   CPU {cpu:5.1f} s   "
        f"({len(effects)} studies, {judged} made; {cpu / max(len(effects), 1):.2f} s CPU each)"
    )
    print(
        f"ratio with/without effects: {with_effects[0] / without[0]:.2f} "
        f"(CPU {with_effects[1] / without[1]:.2f})"
    )
    if site is not None:
        print(f"writing the site:          {site:6.1f} s")


if __name__ == "__main__":
    main()
