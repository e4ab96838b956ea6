namespace RlCommons.Algorithms.Internal;

/// <summary>Choice helpers shared by the bandits.</summary>
internal static class Selection
{
    /// <summary>
    /// Returns the active slot with the highest score, ties broken uniformly at random (the random source is
    /// touched only when there is a tie), and the number of tied slots.
    /// </summary>
    public static int ArgMax(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, Random random, out int ties)
    {
        int best = active[0];
        double max = scores[best];
        ties = 1;
        for (int i = 1; i < active.Length; i++)
        {
            int slot = active[i];
            double s = scores[slot];
            if (s > max)
            {
                max = s;
                best = slot;
                ties = 1;
            }
            else if (s == max)
            {
                ties++;
            }
        }

        if (ties == 1)
        {
            return best;
        }

        int pick = random.Next(ties);
        foreach (int slot in active)
        {
            if (scores[slot] == max && pick-- == 0)
            {
                return slot;
            }
        }

        return best;
    }

    /// <summary>Whether <paramref name="slot"/> has the highest score among the active slots (ties included).</summary>
    public static bool IsMaximal(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, int slot)
    {
        double s = scores[slot];
        foreach (int other in active)
        {
            if (scores[other] > s)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Draws an index from the discrete distribution <paramref name="probabilities"/> over <paramref name="active"/> (inverse CDF).</summary>
    public static int Sample(ReadOnlySpan<int> active, ReadOnlySpan<double> probabilities, Random random)
    {
        double u = random.NextDouble();
        double cumulative = 0;
        foreach (int slot in active)
        {
            cumulative += probabilities[slot];
            if (u < cumulative)
            {
                return slot;
            }
        }

        // Rounding left u above the total: return the last arm with positive probability.
        for (int i = active.Length - 1; i >= 0; i--)
        {
            if (probabilities[active[i]] > 0)
            {
                return active[i];
            }
        }

        return active[^1];
    }

    /// <summary>
    /// ε-greedy choice over <paramref name="scores"/>: with probability ε a uniformly random active arm, otherwise
    /// the highest score (ties uniform). Returns the arm with its exact propensity
    /// <c>ε/K + (1 − ε)/|G|</c> for an arm in the greedy set G (<c>ε/K</c> otherwise) and whether it was non-greedy.
    /// </summary>
    public static int EpsilonGreedy(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, double epsilon, Random random, out double propensity, out bool explored)
    {
        int k = active.Length;
        int arm = epsilon > 0 && random.NextDouble() < epsilon
            ? active[random.Next(k)]
            : ArgMax(active, scores, random, out _);

        double max = MaxAndTies(active, scores, out int greedyCount);

        bool isGreedy = scores[arm] == max;
        propensity = (epsilon / k) + (isGreedy ? (1 - epsilon) / greedyCount : 0);
        explored = !isGreedy;
        return arm;
    }

    /// <summary>Writes the distribution of <see cref="ArgMax"/>: <c>1/|ties|</c> for each active slot of highest score, 0 for the others.</summary>
    public static void FillArgMax(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, Span<double> probabilities)
        => FillEpsilonGreedy(active, scores, 0, probabilities);

    /// <summary>
    /// Writes the distribution of <see cref="EpsilonGreedy"/>: <c>ε/K + (1 − ε)/|G|</c> for each active slot in the greedy
    /// set G, <c>ε/K</c> for the others (the same expression as the propensity it reports, so the two agree bit for bit).
    /// </summary>
    public static void FillEpsilonGreedy(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, double epsilon, Span<double> probabilities)
    {
        int k = active.Length;
        double max = MaxAndTies(active, scores, out int greedyCount);

        foreach (int slot in active)
        {
            bool isGreedy = scores[slot] == max;
            probabilities[slot] = (epsilon / k) + (isGreedy ? (1 - epsilon) / greedyCount : 0);
        }
    }

    /// <summary>The highest score among the active slots and how many slots reach it.</summary>
    private static double MaxAndTies(ReadOnlySpan<int> active, ReadOnlySpan<double> scores, out int ties)
    {
        double max = double.NegativeInfinity;
        foreach (int slot in active)
        {
            max = Math.Max(max, scores[slot]);
        }

        ties = 0;
        foreach (int slot in active)
        {
            if (scores[slot] == max)
            {
                ties++;
            }
        }

        return max;
    }
}
