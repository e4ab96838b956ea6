"""Reference p-values for FisherExactTestTests (Debian python3-scipy 1.10.1): python3 fisher_exact_reference.py"""
from scipy.stats import fisher_exact

TABLES = [
    ((2, 12, 10, 2), "two-sided"),
    ((30, 170, 45, 155), "two-sided"),
    ((30, 170, 45, 155), "less"),
    ((30, 170, 45, 155), "greater"),
    ((1200, 98800, 1350, 98650), "two-sided"),
    ((1200, 98800, 1350, 98650), "less"),
    ((0, 500, 25, 475), "two-sided"),
    ((400_000_000, 400_000_000, 400_000_000, 400_000_000), "two-sided"),
    ((400_000_000, 400_000_000, 399_950_000, 400_050_000), "two-sided"),
    ((400_000_000, 400_000_000, 399_950_000, 400_050_000), "greater"),
]

for (a, b, c, d), alternative in TABLES:
    odds, p = fisher_exact([[a, b], [c, d]], alternative=alternative)
    print(f"({a}, {b}, {c}, {d}, {alternative}): odds {odds!r}, p {p!r}")

# scipy 1.10's hypergeometric tails are about 8e-8 off (relative) for the 4e8 tables above; an exact check with
# 40-digit decimals, walking the term ratios P(x+1)/P(x) out from the mode until terms fall below 1e-40:
from decimal import Decimal, getcontext

getcontext().prec = 40


def exact(a, b, c, d):
    r1, r2, c1 = a + b, c + d, a + c
    mode = (r1 + 1) * (c1 + 1) // (r1 + r2 + 2)
    terms = {mode: Decimal(1)}
    t, x = Decimal(1), mode
    while x < min(r1, c1) and t >= Decimal("1e-40"):
        t *= Decimal((r1 - x) * (c1 - x)) / Decimal((x + 1) * (r2 - c1 + x + 1))
        x += 1
        terms[x] = t
    t, x = Decimal(1), mode
    while x > max(0, c1 - r2) and t >= Decimal("1e-40"):
        t /= Decimal((r1 - x + 1) * (c1 - x + 1)) / Decimal(x * (r2 - c1 + x))
        x -= 1
        terms[x] = t
    z = sum(terms.values())
    two_sided = sum(v for v in terms.values() if v <= terms[a] * Decimal("1.0000001")) / z
    greater = sum(v for k, v in terms.items() if k >= a) / z
    return two_sided, greater


print("exact (400000000, 400000000, 399950000, 400050000): two-sided %s, greater %s" % exact(400_000_000, 400_000_000, 399_950_000, 400_050_000))
