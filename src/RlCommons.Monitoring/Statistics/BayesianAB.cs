using MathNet.Numerics;

namespace RlCommons.Monitoring.Statistics;

/// <summary>
/// Beta–binomial A/B comparison in closed form (Evan Miller, "Formulas for Bayesian A/B testing"): with posteriors
/// <c>p_A ~ Beta(α_A, β_A)</c> and <c>p_B ~ Beta(α_B, β_B)</c>,
/// <c>P(p_B &gt; p_A) = Σ_{i=0}^{α_B-1} B(α_A+i, β_A+β_B) / ((β_B+i) B(1+i, β_B) B(α_A, β_A))</c>, summed in log space.
/// The sum has α_B positive terms, so α_B must be a whole number.
/// </summary>
public static class BayesianAB
{
    /// <summary>The posterior probability that B's rate exceeds A's.</summary>
    /// <param name="alphaA">A's α (successes + prior α), at least 1.</param>
    /// <param name="betaA">A's β (failures + prior β), at least 1.</param>
    /// <param name="alphaB">B's α, at least 1.</param>
    /// <param name="betaB">B's β, at least 1.</param>
    /// <returns><c>P(p_B &gt; p_A)</c>.</returns>
    public static double ProbabilityBBeatsA(int alphaA, int betaA, int alphaB, int betaB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaB, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaB, 1);
        return BeatsSum(alphaA, betaA, alphaB, betaB);
    }

    /// <summary>
    /// The expected loss of choosing B, <c>E[max(p_A - p_B, 0)] = E[p_A]·P(A' &gt; B) - E[p_B]·P(A &gt; B')</c> where
    /// <c>A' ~ Beta(α_A+1, β_A)</c> and <c>B' ~ Beta(α_B+1, β_B)</c> are the size-biased posteriors.
    /// </summary>
    /// <param name="alphaA">A's α, at least 1.</param>
    /// <param name="betaA">A's β, at least 1.</param>
    /// <param name="alphaB">B's α, at least 1.</param>
    /// <param name="betaB">B's β, at least 1.</param>
    /// <returns>The expected loss, in [0, 1].</returns>
    public static double ExpectedLossOfChoosingB(int alphaA, int betaA, int alphaB, int betaB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaA, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alphaB, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(betaB, 1);
        double meanA = (double)alphaA / (alphaA + betaA);
        double meanB = (double)alphaB / (alphaB + betaB);

        // P(A > B) as "A beats B" with the roles swapped, so no 1 - P cancellation.
        double loss = (meanA * BeatsSum(alphaB, betaB, alphaA + 1, betaA)) - (meanB * BeatsSum(alphaB + 1, betaB, alphaA, betaA));
        return Math.Max(loss, 0);
    }

    private static double BeatsSum(int alphaA, int betaA, int alphaB, int betaB)
    {
        double logNormaliser = SpecialFunctions.BetaLn(alphaA, betaA);
        double sum = 0;
        for (int i = 0; i < alphaB; i++)
        {
            sum += Math.Exp(SpecialFunctions.BetaLn(alphaA + i, betaA + betaB) - Math.Log(betaB + i) - SpecialFunctions.BetaLn(1 + i, betaB) - logNormaliser);
        }

        return Math.Min(sum, 1);
    }
}
