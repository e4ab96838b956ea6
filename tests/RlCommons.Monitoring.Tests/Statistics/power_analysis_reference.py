"""Reference powers for PowerAnalysisTests (Debian python3-scipy 1.10.1): the noncentral-t power that statsmodels'
TTestIndPower computes, beside the normal approximation used above 1e7 observations per group."""
from math import sqrt

from scipy import stats


def t_power(d, n, alpha):
    df, nc = 2 * n - 2, d * sqrt(n / 2)
    crit = stats.t.isf(alpha / 2, df)
    return stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc)


def z_power(d, n, alpha):
    crit, shift = stats.norm.isf(alpha / 2), d * sqrt(n / 2)
    return stats.norm.cdf(shift - crit) + stats.norm.cdf(-crit - shift)


for d, n, alpha in [(0.001, 2e7, 0.05), (0.0005, 5e7, 0.01), (3.0, 2.0, 0.05), (200.0, 1.5, 0.05)]:
    print(f"d={d} n={n} alpha={alpha}: t {t_power(d, n, alpha)!r} z {z_power(d, n, alpha)!r}")
