using RlCommons.Policies;

namespace RlCommons.Core.Tests.Decisions;

/// <summary>A seeded policy with a fixed, known distribution over its actions that records what it learns.</summary>
internal sealed class TestPolicy(double[] distribution, int featureCount = 2, int seed = 1) : ILearningPolicy
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private long _decisions;

    public List<(float[] Features, int Action, double Reward, double Propensity)> Learned { get; } = [];

    public int ActionCount => distribution.Length;

    public int FeatureCount => featureCount;

    public long Decisions => Interlocked.Read(ref _decisions);

    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        if (features.Length != featureCount)
        {
            throw new ArgumentException("wrong length", nameof(features));
        }

        lock (_gate)
        {
            long n = ++_decisions;
            double u = _random.NextDouble();
            int action = 0;
            double cumulative = distribution[0];
            while (u >= cumulative && action < distribution.Length - 1)
            {
                action++;
                cumulative += distribution[action];
            }

            if (!probabilities.IsEmpty)
            {
                distribution.CopyTo(probabilities);
            }

            return new Decision(action, distribution[action], 0, false, n, (ulong)n);
        }
    }

    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => distribution.CopyTo(probabilities);

    public string GetActionName(int action) => $"arm-{action}";

    public void Learn(ReadOnlySpan<float> features, int action, double reward, double propensity)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, distribution.Length);

        lock (_gate)
        {
            Learned.Add((features.ToArray(), action, reward, propensity));
        }
    }
}
