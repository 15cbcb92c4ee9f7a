#!/usr/bin/python3
"""Dev-only helper of `npm run bench:derivatives`: for each input line {"f": text, "vars": [...]}
(mathjs syntax with ^ for powers), prints one JSON line with, per variable, the operation count
(sympy count_ops) of the simplest of diff, simplify(diff) and factor(diff), and that form.
Needs sympy (Debian: apt-get install python3-sympy)."""
import json
import signal
import sys

import sympy
from sympy.parsing.sympy_parser import parse_expr, standard_transformations


class TimedOut(Exception):
    pass


def on_alarm(_signum, _frame):
    raise TimedOut()


def counts(req):
    names = {v: sympy.Symbol(v, real=True) for v in req["vars"]}
    local = dict(names, pi=sympy.pi, e=sympy.E, log=sympy.log, abs=sympy.Abs, mod=sympy.Mod)
    f = parse_expr(req["f"].replace("^", "**"), local_dict=local, transformations=standard_transformations)
    out = []
    for v in req["vars"]:
        d = sympy.diff(f, names[v])
        best = None
        for form in (d, sympy.simplify(d), sympy.factor(d)):
            ops = int(sympy.count_ops(form, visual=False))
            if best is None or ops < best[0]:
                best = (ops, form)
        out.append({"var": v, "ops": best[0], "text": str(best[1])})
    return out


def main():
    # a request sympy cannot read (mathjs-only syntax) or takes over "seconds" to simplify gets {"error": …}
    signal.signal(signal.SIGALRM, on_alarm)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        signal.alarm(int(req.get("seconds", 0)))
        try:
            result = counts(req)
        except TimedOut:
            result = {"error": "timed out"}
        except Exception as e:  # noqa: BLE001 (any parse or sympy failure is reported, not fatal)
            result = {"error": f"{type(e).__name__}: {e}"[:200]}
        finally:
            signal.alarm(0)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
