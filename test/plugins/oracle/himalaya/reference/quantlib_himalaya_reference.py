#!/usr/bin/env python3
"""Generates quantlib-himalaya.json: Himalaya option values and standard errors from QuantLib's
MCPRHimalayaEngine (an independent Monte Carlo with the semantics our oracle follows) for a few baskets;
the test checks our estimate against each within 4 combined standard errors.

Needs Debian's QuantLib bindings:  apt-get install -y quantlib-python
Run:  /usr/bin/python3 quantlib_himalaya_reference.py > quantlib-himalaya.json
"""
import json
import QuantLib as ql

today = ql.Date(1, 1, 2020)
ql.Settings.instance().evaluationDate = today
dc = ql.Actual365Fixed()

def price(c, paths, seed):
    r = ql.YieldTermStructureHandle(ql.FlatForward(today, c["rate"], dc))
    procs = [ql.BlackScholesMertonProcess(ql.QuoteHandle(ql.SimpleQuote(s)),
                                          ql.YieldTermStructureHandle(ql.FlatForward(today, q, dc)), r,
                                          ql.BlackVolTermStructureHandle(ql.BlackConstantVol(today, ql.NullCalendar(), v, dc)))
             for s, q, v in zip(c["spots"], c["dividends"], c["vols"])]
    n = len(c["spots"])
    m = ql.Matrix(n, n)
    for i in range(n):
        for j in range(n):
            m[i][j] = c["correlation"][i][j]
    # fixing dates in whole days (Actual365Fixed), today included as QuantLib's first node
    opt = ql.HimalayaOption([today] + [today + d for d in c["fixingDays"]], c["strike"])
    opt.setPricingEngine(ql.MCPRHimalayaEngine(ql.StochasticProcessArray(procs, m), requiredSamples=paths, seed=seed))
    return opt.NPV(), opt.errorEstimate()

contracts = [
    {"spots": [100, 110, 90, 105], "vols": [0.30, 0.35, 0.25, 0.20], "dividends": [0.01, 0.05, 0.04, 0.03],
     "correlation": [[1, .5, .3, .1], [.5, 1, .2, .4], [.3, .2, 1, .6], [.1, .4, .6, 1]],
     "rate": 0.05, "strike": 101, "fixingDays": [91, 182, 274, 365]},
    {"spots": [100, 100, 100], "vols": [0.2, 0.3, 0.4], "dividends": [0, 0.02, 0],
     "correlation": [[1, -0.2, 0.5], [-0.2, 1, 0.1], [0.5, 0.1, 1]],
     "rate": 0.03, "strike": 95, "fixingDays": [365, 730]},
    {"spots": [50, 80], "vols": [0.5, 0.15], "dividends": [0.03, 0.01],
     "correlation": [[1, 0.7], [0.7, 1]],
     "rate": 0.07, "strike": 60, "fixingDays": [120, 240, 360]},
]
rows = []
for i, c in enumerate(contracts):
    value, stderr = price(c, 300000, 42 + i)
    rows.append({**c, "fixings": [d / 365 for d in c["fixingDays"]], "quantlib": value, "quantlibStderr": stderr})
print(json.dumps({"generator": "quantlib_himalaya_reference.py", "quantlib": ql.__version__, "paths": 300000, "rows": rows}, indent=1))
