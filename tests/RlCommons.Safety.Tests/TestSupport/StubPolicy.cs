using RlCommons.Policies;

namespace RlCommons.Safety.Tests.TestSupport;

/// <summary>
/// A policy with a fixed answer: <c>action</c> with probability <c>propensity</c>, the rest of the mass spread evenly
/// over the other actions (so it is deterministic with the default propensity 1). It counts its decisions and can be
/// made failing or returning invalid output; thread-safe.
/// </summary>
internal sealed class StubPolicy(string name, int action, double propensity = 1, int actionCount = 8) : IPolicy
{
    private long _decisions;

    public string Name { get; } = name;

    public int ActionCount { get; } = actionCount;

    public int FeatureCount => 0;

    /// <summary>Thrown by <see cref="Decide"/> and <see cref="GetProbabilities"/> when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Replaces the decided action (to test out-of-range outputs).</summary>
    public int? ReturnedAction { get; set; }

    /// <summary>Replaces the decided propensity (to test NaN, 0, ∞ …).</summary>
    public double? ReturnedPropensity { get; set; }

    /// <summary>The number of <see cref="Decide"/> calls (failed ones included).</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        long n = Interlocked.Increment(ref _decisions);
        if (Failure is { } f)
        {
            throw f;
        }

        if (!probabilities.IsEmpty)
        {
            Fill(probabilities);
        }

        return new Decision(ReturnedAction ?? action, ReturnedPropensity ?? propensity, 0, false, n, 0);
    }

    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        if (Failure is { } f)
        {
            throw f;
        }

        Fill(probabilities);
    }

    private void Fill(Span<double> probabilities)
    {
        for (int a = 0; a < ActionCount; a++)
        {
            probabilities[a] = a == action ? propensity : (1 - propensity) / (ActionCount - 1);
        }
    }
}
