#!/usr/bin/env python3
"""Generates quantlib-barrier.json: prices of the eight single-barrier types from QuantLib's
AnalyticBarrierEngine (an independent implementation of the same closed form, with its own normal CDF),
at seeded random points of the paper's box widened with rebates and dividends, plus corners (vol 0.01,
one day, barrier within 1e-3 of the spot or the strike). The test compares our prices to these at 1e-6;
the points where QuantLib itself returns NaN or infinity are kept apart (`quantlibNonFinite`).

Needs Debian's QuantLib bindings:  apt-get install -y quantlib-python
Run:  /usr/bin/python3 quantlib_barrier_reference.py > quantlib-barrier.json
"""
import json, math, random
import QuantLib as ql

TYPES = {"down-in": ql.Barrier.DownIn, "up-in": ql.Barrier.UpIn, "down-out": ql.Barrier.DownOut, "up-out": ql.Barrier.UpOut}
today = ql.Date(1, 1, 2020)
ql.Settings.instance().evaluationDate = today
dc = ql.Actual365Fixed()

def price(kind, S, X, H, K, r, q, v, days):
    bt, cp = kind.rsplit("-", 1)
    spot = ql.SimpleQuote(S)
    proc = ql.BlackScholesMertonProcess(ql.QuoteHandle(spot),
                                        ql.YieldTermStructureHandle(ql.FlatForward(today, q, dc)),
                                        ql.YieldTermStructureHandle(ql.FlatForward(today, r, dc)),
                                        ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), v, dc)))
    payoff = ql.PlainVanillaPayoff(ql.Option.Call if cp == "call" else ql.Option.Put, X)
    opt = ql.BarrierOption(TYPES[bt], H, K, payoff, ql.EuropeanExercise(today + days))
    opt.setPricingEngine(ql.AnalyticBarrierEngine(proc))
    return opt.NPV()

rng = random.Random(20261128)
rows, nonfinite = [], []
kinds = [f"{d}-{io}-{cp}" for d in ("down", "up") for io in ("in", "out") for cp in ("call", "put")]
for i in range(480):
    kind = kinds[i % 8]
    up = kind.startswith("up")
    S = 100.0
    X = rng.uniform(50, 200)
    corner = i % 6
    H = rng.uniform(100.001, 190) if up else rng.uniform(10, 99.999)
    if corner == 1: H = S + 1e-3 if up else S - 1e-3
    if corner == 2 and (X > S) == up: H = X + 1e-3 if up else X - 1e-3
    days = 1 if corner == 3 else rng.randint(1, 1825)
    v = 0.01 if corner == 4 else rng.uniform(0.01, 1)
    r, q = rng.uniform(0, 0.1), (0.0 if i % 2 else rng.uniform(0, 0.1))
    K = 0.0 if i % 3 else rng.uniform(0, 5)
    p = price(kind, S, X, H, K, r, q, v, days)
    row = {"type": kind, "spot": S, "strike": X, "barrier": H, "rebate": K, "rate": r, "dividend": q, "vol": v, "time": days / 365.0}
    if math.isfinite(p):
        rows.append({**row, "quantlib": p})
    else:
        nonfinite.append({**row, "quantlib": str(p)})
print(json.dumps({"generator": "quantlib_barrier_reference.py", "quantlib": ql.__version__,
                  "rows": rows, "quantlibNonFinite": nonfinite}, indent=0))
