"""Reference Farrell efficiencies for charnes1981 with PuLP + CBC, one LP per school."""
import csv, sys
import pulp

rows = list(csv.DictReader(open(sys.argv[1]), delimiter=";"))
X = [[float(r[f"x{i}"]) for i in range(1, 6)] for r in rows]
Y = [[float(r[f"y{i}"]) for i in range(1, 4)] for r in rows]
n = len(rows)

def solve(o, orient, rts):
    p = pulp.LpProblem("dea", pulp.LpMinimize if orient == "in" else pulp.LpMaximize)
    e = pulp.LpVariable("e", lowBound=0)
    lam = [pulp.LpVariable(f"l{j}", lowBound=0) for j in range(n)]
    p += e
    for i in range(5):
        rhs = e * X[o][i] if orient == "in" else X[o][i]
        p += pulp.lpSum(lam[j] * X[j][i] for j in range(n)) <= rhs
    for r in range(3):
        rhs = Y[o][r] if orient == "in" else e * Y[o][r]
        p += pulp.lpSum(lam[j] * Y[j][r] for j in range(n)) >= rhs
    if rts == "vrs":
        p += pulp.lpSum(lam) == 1
    p.solve(pulp.PULP_CBC_CMD(msg=False, options=["primalT 1e-10", "dualT 1e-10"]))
    assert pulp.LpStatus[p.status] == "Optimal"
    return pulp.value(e)

w = csv.writer(sys.stdout)
w.writerow(["firm", "name", "input_vrs", "input_crs", "output_vrs", "output_crs"])
for o, r in enumerate(rows):
    w.writerow([r["firm"], r["name"]] + [f"{solve(o, a, b):.10f}" for a in ("in", "out") for b in ("vrs", "crs")])
