using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// The CDF of the noncentral t distribution, which MathNet.Numerics does not provide. For <c>t ≥ 0</c> it sums the
/// Poisson-weighted incomplete-beta series of Guenther (1978) / Lenth (1989, AS 243):
/// <c>F(t; ν, δ) = Φ(-δ) + ½ Σⱼ [pⱼ I_x(j+½, ν/2) + qⱼ I_x(j+1, ν/2)]</c> with <c>x = t²/(t²+ν)</c>,
/// <c>pⱼ = e^{-δ²/2}(δ²/2)ʲ/j!</c>, <c>qⱼ = δ e^{-δ²/2}(δ²/2)ʲ / (√2 Γ(j+3/2))</c>; for <c>t &lt; 0</c>,
/// <c>F(t; ν, δ) = 1 - F(-t; ν, -δ)</c>. The terms are summed past the Poisson mode until they fall below 1e-17.
/// </summary>
internal static class NoncentralT
{
    private const int MaxTerms = 100_000;

    public static double Cdf(double t, double df, double delta)
        => t >= 0 ? CdfNonNegative(t, df, delta) : 1 - CdfNonNegative(-t, df, -delta);

    private static double CdfNonNegative(double t, double df, double delta)
    {
        double x = t * t / ((t * t) + df);
        double lambda = delta * delta / 2;
        double baseline = Normal.CDF(0, 1, -delta);
        if (x == 0)
        {
            return baseline;
        }

        if (lambda == 0)
        {
            return baseline + (0.5 * SpecialFunctions.BetaRegularized(0.5, df / 2, x));
        }

        double logLambda = Math.Log(lambda);
        double logHalfDelta = Math.Log(Math.Abs(delta) / Math.Sqrt(2));
        double sign = Math.Sign(delta);
        double sum = 0;
        for (int j = 0; j < MaxTerms; j++)
        {
            double logPoisson = -lambda + (j * logLambda);
            double p = Math.Exp(logPoisson - SpecialFunctions.GammaLn(j + 1));
            double q = sign * Math.Exp(logPoisson + logHalfDelta - SpecialFunctions.GammaLn(j + 1.5));
            double term = (p * SpecialFunctions.BetaRegularized(j + 0.5, df / 2, x)) + (q * SpecialFunctions.BetaRegularized(j + 1, df / 2, x));
            sum += term;
            if (j > lambda && Math.Abs(p) + Math.Abs(q) < 1e-17)
            {
                break;
            }
        }

        return baseline + (0.5 * sum);
    }
}
