using System.Numerics;
using RlCommons.Neural.Distributions;

namespace RlCommons.Algorithms.Policies;

/// <summary>
/// The action distributions the deep and hierarchical agents report through <see cref="RlCommons.Policies.IPolicy"/>, and the one draw
/// they decide with, so that the distribution a decision is drawn from is, value for value, the one reported.
/// </summary>
internal static class DiscreteDistribution
{
    /// <summary>
    /// ε-greedy over <paramref name="values"/> (Q-values or logits, float or double): ε/|allowed| on every allowed
    /// action, plus (1 − ε)/|ties| on each allowed action of highest value; masked actions get 0. With ε = 0 this is the
    /// greedy policy with ties broken uniformly.
    /// </summary>
    public static void EpsilonGreedy<T>(ReadOnlySpan<T> values, ReadOnlySpan<bool> mask, double epsilon, Span<double> probabilities)
        where T : INumber<T>
    {
        int allowed = 0;
        int ties = 0;
        T best = T.Zero;
        for (int j = 0; j < values.Length; j++)
        {
            if (!Allowed(mask, j))
            {
                continue;
            }

            allowed++;
            if (ties == 0 || values[j] > best)
            {
                best = values[j];
                ties = 1;
            }
            else if (values[j] == best)
            {
                ties++;
            }
        }

        double uniform = epsilon / allowed;
        double greedy = (1.0 - epsilon) / ties;
        for (int j = 0; j < values.Length; j++)
        {
            probabilities[j] = !Allowed(mask, j) ? 0.0 : values[j] == best ? uniform + greedy : uniform;
        }
    }

    /// <summary>The categorical softmax of <paramref name="logits"/> (masked actions 0), with the normalization <see cref="CategoricalDistribution"/> uses.</summary>
    public static void Softmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<double> probabilities)
        => CategoricalDistribution.Normalize(logits, mask, probabilities[..logits.Length], out _);

    /// <summary>
    /// Draws an index with the given probabilities from one uniform of <paramref name="random"/> (inverse CDF).
    /// Rounding can leave the cumulative sum a hair below 1: the last index of positive probability takes that remainder.
    /// </summary>
    public static int Draw(ReadOnlySpan<double> probabilities, Random random)
    {
        double u = random.NextDouble();
        double cumulative = 0;
        int last = -1;
        for (int j = 0; j < probabilities.Length; j++)
        {
            double p = probabilities[j];
            if (p <= 0)
            {
                continue;
            }

            cumulative += p;
            last = j;
            if (u < cumulative)
            {
                return j;
            }
        }

        return last;
    }

    /// <summary>Whether <paramref name="action"/> has the highest probability (ties included): a decision that is not is an exploratory one.</summary>
    public static bool IsMode(ReadOnlySpan<double> probabilities, int action)
    {
        double p = probabilities[action];
        foreach (double other in probabilities)
        {
            if (other > p)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="probabilities"/> is empty (when <paramref name="allowEmpty"/>) or holds at least <paramref name="actionCount"/> values.</summary>
    public static void CheckBuffer(Span<double> probabilities, int actionCount, bool allowEmpty)
    {
        if ((allowEmpty && probabilities.IsEmpty) || probabilities.Length >= actionCount)
        {
            return;
        }

        throw new ArgumentException($"probabilities must hold at least {actionCount} values{(allowEmpty ? " or none" : "")}, has {probabilities.Length}.", nameof(probabilities));
    }

    private static bool Allowed(ReadOnlySpan<bool> mask, int j) => mask.IsEmpty || mask[j];
}
