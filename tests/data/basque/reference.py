"""The reference figures of REFERENCE.txt: pysyncon's placebo test on the Basque Country.

Run outside the project, in a throwaway environment (pysyncon is no dependency):

    python -m venv /tmp/venv && /tmp/venv/bin/pip install pysyncon
    /tmp/venv/bin/python tests/data/basque/reference.py outcome   # or: paper

"outcome": benchlearn effect's default predictors, gdpcap in each fit year 1960-1969. pysyncon
divides each predictor by its standard deviation across the fit's units; with V its variance
(custom_V), W minimises the fit years' squared error itself, the optimum of the nested search,
so both packages solve the same problem and no V search can differ. pysyncon solves W by
SLSQP, whose absolute tolerance stops it early on small objectives: each fit is solved with V
times 1, 100 and 10,000 (the same minimiser) and the feasible solution (weights >= 0 summing
to 1 within 1e-6) with the lowest fit-year error kept.

"paper": Abadie & Gardeazabal's predictors (as pysyncon's examples/basque.ipynb), V searched
by pysyncon (Nelder-Mead) from each of its two starts, equal and ols; per unit the fit with
the lower fit-year error kept.

Both: the Basque Country treated, the 16 other regions (not Spain) as donors, PlaceboTest
treating each in turn with the other 15; pre-start RMSPE over 1955-1974, post over
1975-1997; p = the rank of the Basque Country's post/pre ratio among all 17, itself included.
"""

import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from pysyncon import Dataprep, Synth
from pysyncon.utils import PlaceboTest

BASQUE = "Basque Country (Pais Vasco)"
SCALES = (1.0, 100.0, 10_000.0)
STARTS = ("equal", "ols")


def dataprep(setup: str) -> Dataprep:
    df = pd.read_csv(Path(__file__).with_name("basque.csv"))
    regions = [r for r in df["regionname"].unique() if r not in (BASQUE, "Spain (Espana)")]
    if setup == "paper":
        spec = dict(
            predictors=[
                "school.illit",
                "school.prim",
                "school.med",
                "school.high",
                "school.post.high",
                "invest",
            ],
            predictors_op="mean",
            time_predictors_prior=range(1964, 1970),
            special_predictors=[
                ("gdpcap", range(1960, 1970), "mean"),
                *(
                    (f"sec.{s}", range(1961, 1970, 2), "mean")
                    for s in (
                        "agriculture",
                        "energy",
                        "industry",
                        "construction",
                        "services.venta",
                        "services.nonventa",
                    )
                ),
                ("popdens", [1969], "mean"),
            ],
        )
    else:
        spec = dict(
            predictors=[],
            predictors_op="mean",
            time_predictors_prior=range(1960, 1970),
            special_predictors=[("gdpcap", [y], "mean") for y in range(1960, 1970)],
        )
    return Dataprep(
        foo=df,
        **spec,
        dependent="gdpcap",
        unit_variable="regionname",
        time_variable="year",
        treatment_identifier=BASQUE,
        controls_identifier=regions,
        time_optimize_ssr=range(1960, 1970),
    )


class OutcomeV(Synth):
    """pysyncon's Synth with V each predictor's variance across the fit's units."""

    def fit(self, dataprep, **options):
        X0, X1 = dataprep.make_covariate_mats()
        sd = pd.concat([X0, X1], axis=1).std(axis=1).to_numpy()
        best = None
        for scale in SCALES:
            super().fit(dataprep=dataprep, custom_V=scale * sd**2)
            feasible = abs(self.W.sum() - 1) < 1e-6 and self.W.min() > -1e-6
            if feasible and (best is None or self.loss_V < best[0]):
                best = (self.loss_V, self.W, self.loss_W, self.V)
        self.loss_V, self.W, self.loss_W, self.V = best


def gaps_of(prep: Dataprep, scm: Synth, options: dict) -> pd.DataFrame:
    test = PlaceboTest()
    test.fit(dataprep=prep, scm=scm, scm_options=options, max_workers=2, verbose=False)
    return pd.concat([test.treated_gap, test.gaps], axis=1)


def main() -> None:
    setup = sys.argv[1]
    prep = dataprep(setup)
    if setup == "outcome":
        gaps = gaps_of(prep, OutcomeV(), {})
    else:
        runs = [
            gaps_of(prep, Synth(), {"optim_method": "Nelder-Mead", "optim_initial": s})
            for s in STARTS
        ]
        loss = np.array([(g.loc[1960:1969] ** 2).mean().to_numpy() for g in runs])
        gaps = pd.DataFrame({u: runs[loss[:, i].argmin()][u] for i, u in enumerate(runs[0])})
    pre, post = gaps.loc[gaps.index < 1975], gaps.loc[gaps.index >= 1975]
    table = pd.DataFrame(
        {
            "fit_mspe": (gaps.loc[1960:1969] ** 2).mean(),
            "pre_rmspe": np.sqrt((pre**2).mean()),
            "post_rmspe": np.sqrt((post**2).mean()),
        }
    )
    table["ratio"] = table["post_rmspe"] / table["pre_rmspe"]
    table = table.sort_values("ratio", ascending=False)
    rank = int((table["ratio"] >= table.loc[BASQUE, "ratio"]).sum())
    print(f"pysyncon {version('pysyncon')}, scipy {version('scipy')}, setup {setup}")
    print(table.to_string(float_format=lambda v: f"{v:.6f}"))
    print(f"rank {rank} of {len(table)}, p = {rank}/{len(table)} = {rank / len(table):.6f}")


if __name__ == "__main__":
    main()
