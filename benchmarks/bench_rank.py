"""Ranking speed: benchlearn against DuckDB's window rank on the same data, in the same run.

Run: python benchmarks/bench_rank.py [--municipalities 290 --indicators 3000 --years 12]

Kolada's scale: 290 municipalities × 3,000 indicators × 12 years ≈ 10.4 million
observations, ranked within every (indicator, year) partition. The target is a
ratio of at most 1.5 against DuckDB's ``rank() over (partition by ... order by
value desc)``; a pandas groupby rank is printed as a second reference. Each
figure is the best of three runs. DuckDB is a benchmark-only dependency.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from timing import best_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--indicators", type=int, default=3000)
    parser.add_argument("--years", type=int, default=12)
    args = parser.parse_args()
    import duckdb

    from benchlearn.analysis.ranking import rank_within

    rng = np.random.default_rng(0)
    partitions = args.indicators * args.years
    size = partitions * args.municipalities
    partition = np.repeat(np.arange(partitions, dtype=np.int64), args.municipalities)
    values = rng.normal(100, 15, size).round(1)
    values[rng.random(size) < 0.03] = np.nan
    frame = pd.DataFrame(
        {
            "indicator": partition // args.years,
            "year": 2010 + partition % args.years,
            "municipality": np.tile(np.arange(args.municipalities), partitions),
            "value": values,
        }
    )
    print(f"observations: {size:,} ({args.municipalities} × {args.indicators} × {args.years})")

    ours = best_of(3, lambda: rank_within(partition, values, True))
    connection = duckdb.connect()
    connection.register("observations", frame)
    query = (
        "SELECT rank() OVER (PARTITION BY indicator, year ORDER BY value DESC) AS r "
        "FROM observations"
    )
    duck = best_of(3, lambda: connection.execute(query).fetchnumpy()["r"])
    groupby = best_of(
        1, lambda: frame.groupby(["indicator", "year"])["value"].rank(method="min", ascending=False)
    )
    check = rank_within(partition[:290_000], values[:290_000], True)
    head = frame.iloc[:290_000].groupby(["indicator", "year"])["value"]
    expected = head.rank(method="min", ascending=False)
    assert np.array_equal(check[~np.isnan(values[:290_000])], expected.dropna().to_numpy())

    print(f"DuckDB rank() over (partition by …):   {duck:6.2f} s")
    print(f"pandas groupby rank:                    {groupby:6.2f} s")
    print(f"benchlearn rank_within:                 {ours:6.2f} s")
    print(f"ratio benchlearn / DuckDB: {ours / duck:.2f}  (target ≤ 1.50)")


if __name__ == "__main__":
    main()
