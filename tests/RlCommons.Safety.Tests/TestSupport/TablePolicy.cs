using RlCommons.Policies;
using RlCommons.Randomness;

namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>
/// A test policy with a known distribution computed from the features by a function, drawing from it with a seeded
/// inverse CDF; counts its decisions and its probability queries. Thread-safe when the function is.
/// </summary>
internal sealed class TablePolicy(int actionCount, Func<float[], double[]> distribution, ulong seed = 1) : IPolicy
{
    private long _decisions;
    private long _queries;

    public int ActionCount { get; } = actionCount;

    public int FeatureCount => 0;

    public long Decisions => Interlocked.Read(ref _decisions);

    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>ε-greedy over the given action values: the greedy action gets 1 − ε + ε/n, every other ε/n.</summary>
    public static double[] EpsilonGreedy(double[] values, double epsilon)
    {
        int greedy = Array.IndexOf(values, values.Max());
        return [.. values.Select((_, a) => (a == greedy ? 1 - epsilon : 0) + (epsilon / values.Length))];
    }

    /// <summary>Softmax of the given logits at temperature 1.</summary>
    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = [.. logits.Select(l => Math.Exp(l - max))];
        double sum = e.Sum();
        return [.. e.Select(x => x / sum)];
    }

    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        long n = Interlocked.Increment(ref _decisions);
        double[] p = distribution(features.ToArray());
        if (!probabilities.IsEmpty)
        {
            p.CopyTo(probabilities);
        }

        ulong s = SeedSequence.Derive(seed, (ulong)n);
        double u = (s >> 11) * (1.0 / (1UL << 53));
        int action = 0;
        double cumulative = 0;
        for (int a = 0; a < p.Length; a++)
        {
            if (p[a] <= 0)
            {
                continue;
            }

            action = a;
            cumulative += p[a];
            if (u < cumulative)
            {
                break;
            }
        }

        return new Decision(action, p[action], 0, false, n, s);
    }

    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        Interlocked.Increment(ref _queries);
        distribution(features.ToArray()).CopyTo(probabilities);
    }
}
