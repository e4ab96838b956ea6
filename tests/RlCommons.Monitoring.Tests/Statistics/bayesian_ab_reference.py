"""Reference values for BayesianABTests (Debian python3-scipy 1.10.1): P(p_B > p_A) by adaptive quadrature of
f_A(x)·S_B(x), split at ±40 sd of both posteriors, against the normal approximation used beyond 1e6 terms."""
from scipy import stats, integrate
import numpy as np
def quad(aA,bA,aB,bB):
    A=stats.beta(aA,bA); B=stats.beta(aB,bB)
    lo=max(0,min(A.mean()-40*A.std(),B.mean()-40*B.std())); hi=min(1,max(A.mean()+40*A.std(),B.mean()+40*B.std()))
    pts=np.unique(np.clip(np.concatenate([A.mean()+A.std()*np.linspace(-40,40,81),B.mean()+B.std()*np.linspace(-40,40,81)]),lo,hi))
    s=0
    for x0,x1 in zip(pts[:-1],pts[1:]):
        s+=integrate.quad(lambda x: A.pdf(x)*B.sf(x),x0,x1,epsabs=0,epsrel=1e-13,limit=200)[0]
    return s
def normal(aA,bA,aB,bB):
    A=stats.beta(aA,bA); B=stats.beta(aB,bB)
    return stats.norm.cdf((B.mean()-A.mean())/np.hypot(A.std(),B.std()))
for case in [(1, 1, 2_147_483_647, 1), (1_000_001,1_000_001,1_001_001,999_001),(1_000_001,100_000_001,1_001_001,99_000_001),(1_000_001,2_000_000_000,1_002_001,2_000_000_000),(10,20,15,25),(1_000_001, 2_147_483_647, 1_000_501, 2_147_483_647)]:
    q=quad(*case); n=normal(*case); print(case, repr(q), repr(n), abs(q-n))
