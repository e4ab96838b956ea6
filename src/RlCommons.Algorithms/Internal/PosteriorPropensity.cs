namespace RlCommons.Algorithms.Internal;

/// <summary>Draws one posterior sample of an arm's score.</summary>
internal interface IScoreSampler
{
    double Sample(int slot, Random random);
}

/// <summary>
/// The opt-in Monte Carlo propensity of a Thompson-sampling choice (<c>PropensityDraws = M</c>; the default is the
/// deterministic integral of <see cref="ThompsonPropensity"/>): the fraction of <c>M + 1</c>
/// posterior draws in which the chosen arm has the highest sample — the decision's own draw and
/// <c>M</c> independent ones from the same random stream. The estimate is never 0 for the chosen arm
/// (at least <c>1/(M + 1)</c>) and its standard error is at most <c>0.5/√(M + 1)</c>.
/// </summary>
internal static class PosteriorPropensity
{
    /// <summary>The propensity of a Thompson-sampling decision: the estimate when exploring, 1/|ties| for a greedy (posterior-mean) choice.</summary>
    public static double OfChoice<TSampler>(ref TSampler sampler, ReadOnlySpan<int> active, int arm, Random random, int draws, bool explore, int ties)
        where TSampler : struct, IScoreSampler
        => explore ? Estimate(ref sampler, active, arm, random, draws) : 1.0 / ties;

    public static double Estimate<TSampler>(ref TSampler sampler, ReadOnlySpan<int> active, int arm, Random random, int draws)
        where TSampler : struct, IScoreSampler
    {
        if (draws == 0)
        {
            return double.NaN;
        }

        if (active.Length == 1)
        {
            return 1.0;
        }

        int wins = 1;
        for (int m = 0; m < draws; m++)
        {
            int best = -1;
            double max = double.NegativeInfinity;
            foreach (int slot in active)
            {
                double s = sampler.Sample(slot, random);
                if (best < 0 || s > max)
                {
                    max = s;
                    best = slot;
                }
            }

            if (best == arm)
            {
                wins++;
            }
        }

        return (double)wins / (draws + 1);
    }
}
