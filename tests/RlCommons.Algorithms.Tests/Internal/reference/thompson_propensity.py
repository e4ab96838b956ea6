#!/usr/bin/python3
"""Reference values for ThompsonPropensityTests: P(arm a's sample is the largest) for independent posteriors.

    P(a) = ∫ f_a(x) Π_{b≠a} F_b(x) dx

computed with scipy.integrate.quad (adaptive Gauss–Kronrod), independently of the library's tables and rules:
Beta posteriors in the logit y = ln(x/(1−x)) (an exact change of variables that removes the endpoint singularities
of α, β < 1; the density is exp(αy − (α+β)·log(1+eʸ) − ln B(α, β)) and F_b is scipy.special.betainc at expit(y));
Normal scores directly. The range is split at quantiles of every arm so that quad sees each narrow feature.
Run with Debian's python3 + python3-scipy (1.10): /usr/bin/python3 thompson_propensity.py > values.txt
and paste the rows into ../ThompsonPropensityTests.cs.
"""
import math

import numpy as np
from scipy import integrate, special, stats


def _quad(f, points):
    points = sorted(p for p in set(points) if np.isfinite(p))
    edges = [points[0] - 60 * (1 + abs(points[0]))] + points + [points[-1] + 60 * (1 + abs(points[-1]))]
    total = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        if b > a:
            total += integrate.quad(f, a, b, limit=400, epsabs=1e-15, epsrel=1e-13)[0]
    return total


def beta_propensities(params):
    result = []
    for a, (alpha, beta) in enumerate(params):
        log_b = special.betaln(alpha, beta)

        def f(y, a=a, alpha=alpha, beta=beta, log_b=log_b):
            softplus = max(y, 0.0) + math.log1p(math.exp(-abs(y)))
            value = math.exp(alpha * y - (alpha + beta) * softplus - log_b)
            x = special.expit(y)
            for b, (c, d) in enumerate(params):
                if b != a:
                    value *= special.betainc(c, d, x)
            return value

        points = [float(special.logit(special.betaincinv(c, d, q)))
                  for c, d in params for q in (1e-12, 1e-9, 1e-6, 1e-3, 0.02, 0.25, 0.5, 0.75, 0.98, 1 - 1e-3, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12)]
        result.append(_quad(f, points))
    return result


def normal_propensities(params):
    result = []
    for a, (m, s) in enumerate(params):
        def f(y, a=a, m=m, s=s):
            value = stats.norm.pdf(y, m, s)
            for b, (n, t) in enumerate(params):
                if b != a:
                    value *= stats.norm.cdf(y, n, t)
            return value

        points = [n + k * t for n, t in params for k in (-9, -6, -4, -2, -1, 0, 1, 2, 4, 6, 9)]
        result.append(_quad(f, points))
    return result


BETA_CASES = [
    [(1, 1), (1, 1), (1, 1)],
    [(2, 1), (1, 2), (1, 1)],
    [(1900, 100), (30, 5), (10, 8), (3, 20), (200, 30)],
    [(0.5, 0.5), (0.5, 1), (3, 1)],
    [(1e5, 1e5), (1, 1), (1e3, 1e3)],
    [(11, 91), (1, 1)],
    [(1, 1000), (1, 1), (2, 2)],
    [(5.5, 3.25), (4, 4), (7.75, 6.5), (1.5, 1.2)],
    # Large counts: scipy's betainc is accurate to about 1e-9 here (at 10⁶ it is off by 4e-7, so the reference stops at 10⁵).
    [(1e5, 1e5), (100220, 99780)],
    # A steady state of ten arms with means 0.05 … 0.95: the best arm well known, the others less so.
    [(2, 30), (4, 25), (6, 14), (9, 13), (12, 12), (15, 10), (25, 11), (60, 20), (160, 25), (1800, 95)],
]

NORMAL_CASES = [
    [(0, 1), (0, 1)],
    [(0, 1), (0.5, 0.1), (1, 2)],
    [(0.3, 0.01), (0.31, 0.02), (0, 1), (-1, 0.5), (0.29, 0.001)],
    [(0, 1e-3), (0, 1)],
    [(0.05 * k, 0.2 / (1 + k)) for k in range(10)],
]


def row(params, probabilities):
    a = ", ".join(repr(float(p[0])) for p in params)
    b = ", ".join(repr(float(p[1])) for p in params)
    p = ", ".join(repr(float(v)) for v in probabilities)
    return f"        {{ new double[] {{ {a} }}, new double[] {{ {b} }}, new double[] {{ {p} }} }},"


if __name__ == "__main__":
    print("    // Beta (α, β) → P(a)")
    for case in BETA_CASES:
        print(row(case, beta_propensities(case)))
    print("    // Normal (mean, sd) → P(a)")
    for case in NORMAL_CASES:
        print(row(case, normal_propensities(case)))
