"""Runs optimizer trajectories in real PyTorch (float64) for `npm run verify:torch`.

Reads a JSON list of cases on stdin:
  {"name", "optimizer": "<torch.optim class>", "kwargs": {...}, "fn": "rosenbrock" | "beale" | "chain3",
   "start": [...], "steps": N}
and writes one JSON object per case on stdout: the parameters after every step ("path", steps + 1
points), ASGD's average ("ax") where the optimizer keeps one, L-BFGS's cumulative closure count
("funcEvals"), or "error".

The objectives and their gradients are written out by hand, with the same operations in the same
order as scripts/verify-torch.mjs, so both sides compute bit-identical f and grad at the same x:
only the optimizers' own arithmetic can differ.
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def rosenbrock(v):
    a, b = v
    r = b - a * a
    f = (1 - a) * (1 - a) + 100 * r * r
    return f, [-2 * (1 - a) - 400 * a * r, 200 * r]


def beale(v):
    a, b = v
    b2 = b * b
    b3 = b2 * b
    t1 = 1.5 - a + a * b
    t2 = 2.25 - a + a * b2
    t3 = 2.625 - a + a * b3
    f = t1 * t1 + t2 * t2 + t3 * t3
    ga = 2 * t1 * (b - 1) + 2 * t2 * (b2 - 1) + 2 * t3 * (b3 - 1)
    gb = 2 * t1 * a + 2 * t2 * (2 * a * b) + 2 * t3 * (3 * a * b2)
    return f, [ga, gb]


def chain3(v):
    a, b, c = v
    p = b - a * a
    q = c - b * b
    f = (a - 1) * (a - 1) + 10 * p * p + 5 * q * q
    return f, [2 * (a - 1) - 40 * a * p, 20 * p - 20 * b * q, 10 * q]


FUNCTIONS = {"rosenbrock": rosenbrock, "beale": beale, "chain3": chain3}


def run(case):
    fn = FUNCTIONS[case["fn"]]
    p = torch.nn.Parameter(torch.tensor(case["start"], dtype=torch.float64))
    opt = getattr(torch.optim, case["optimizer"])([p], **case["kwargs"])

    def closure():
        with torch.no_grad():
            f, g = fn(p.tolist())
        p.grad = torch.tensor(g, dtype=torch.float64)
        return torch.tensor(f, dtype=torch.float64)

    path = [p.tolist()]
    ax = [p.tolist()]
    evals = [0]
    for _ in range(case["steps"]):
        if case["optimizer"] == "LBFGS":
            opt.step(closure)
        else:
            closure()
            opt.step()
        path.append(p.tolist())
        state = opt.state[p]
        if "ax" in state:
            ax.append(state["ax"].tolist())
        if "func_evals" in state:
            evals.append(int(state["func_evals"]))
    out = {"name": case["name"], "path": path}
    if len(ax) > 1:
        out["ax"] = ax
    if len(evals) > 1:
        out["funcEvals"] = evals
    return out


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(run(case))
        except Exception as e:  # reported per case; the caller fails the run
            results.append({"name": case["name"], "error": f"{type(e).__name__}: {e}"})
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
