"""Reference Farrell efficiencies of charnes1981.csv: PuLP and CBC, one programme per school.

Run outside benchlearn, in a virtual environment with PuLP 3.3.2 (see REFERENCE.txt):
``python reference.py charnes1981.csv > reference.csv``.
"""

from __future__ import annotations

import csv
import sys

import pulp  # type: ignore[import-not-found]

with open(sys.argv[1], encoding="utf-8") as file:
    rows = list(csv.DictReader(file, delimiter=";"))
X = [[float(r[f"x{i}"]) for i in range(1, 6)] for r in rows]
Y = [[float(r[f"y{i}"]) for i in range(1, 4)] for r in rows]
n = len(rows)


def solve(o: int, orientation: str, returns: str) -> float:
    """School ``o``'s efficiency: min θ (inputs) or max φ (outputs) in the envelopment form."""
    sense = pulp.LpMinimize if orientation == "in" else pulp.LpMaximize
    problem = pulp.LpProblem("dea", sense)
    e = pulp.LpVariable("e", lowBound=0)
    lam = [pulp.LpVariable(f"l{j}", lowBound=0) for j in range(n)]
    problem += e
    for i in range(5):
        rhs = e * X[o][i] if orientation == "in" else X[o][i]
        problem += pulp.lpSum(lam[j] * X[j][i] for j in range(n)) <= rhs
    for r in range(3):
        rhs = Y[o][r] if orientation == "in" else e * Y[o][r]
        problem += pulp.lpSum(lam[j] * Y[j][r] for j in range(n)) >= rhs
    if returns == "vrs":
        problem += pulp.lpSum(lam) == 1
    problem.solve(pulp.PULP_CBC_CMD(msg=False, options=["primalT 1e-10", "dualT 1e-10"]))
    assert pulp.LpStatus[problem.status] == "Optimal"
    return float(pulp.value(e))


writer = csv.writer(sys.stdout)
writer.writerow(["firm", "name", "input_vrs", "input_crs", "output_vrs", "output_crs"])
for o, r in enumerate(rows):
    found = [solve(o, a, b) for a in ("in", "out") for b in ("vrs", "crs")]
    writer.writerow([r["firm"], r["name"], *(f"{v:.10f}" for v in found)])
