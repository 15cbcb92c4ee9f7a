"""Reference derivatives for the fuzzer: reads a JSON list of {expr, variable, point} from stdin
(expr in sympy syntax, built by expr.ts toSympy), differentiates symbolically with sympy and
evaluates at the point with 30 significant digits. Prints one JSON value per line, as each item is
done: a float, or null when the value is not a finite real number or the item took longer than
its time limit."""
import json, signal, sys
from sympy import *  # noqa: F401,F403  (the expressions use sympy's names directly)

x, y, z = symbols('x y z', real=True)


def real_root_(a, n):
    n = Integer(n)
    if n < 0:
        return 1 / real_root_(a, -n)
    return sign(a) * Abs(a) ** (Integer(1) / n) if n % 2 == 1 else a ** (Integer(1) / n)


def round_(a):
    return sign(a) * floor(Abs(a) + Rational(1, 2))


def mod_(a, b):
    return a - b * floor(a / b)


class Timeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)
names = {'x': x, 'y': y, 'z': z}
for item in json.load(sys.stdin):
    signal.alarm(int(item.get('timeout', 8)))
    try:
        expr = eval(item['expr'], globals(), names)
        d = diff(expr, names[item['variable']])
        subs = {names[k]: Rational(v) for k, v in item['point'].items()}
        v = N(d.subs(subs), 30)
        result = float(v) if v.is_real and v.is_finite else None
    except Exception:
        result = None
    finally:
        signal.alarm(0)
    print(json.dumps(result), flush=True)
