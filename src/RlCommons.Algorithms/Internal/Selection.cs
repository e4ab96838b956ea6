namespace RlCommons.Internal;

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
}
