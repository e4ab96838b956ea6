using RlCommons.Policies;
using RlCommons.Randomness;

namespace RlCommons.Safety.Fallback;

/// <summary>
/// A policy written as a rule over the features: the usual shape of a baseline ("the rule we run today"). Either the
/// rule returns an action (deterministic: that action has probability 1, every other 0), or it writes a distribution
/// over the actions, from which <see cref="Decide"/> draws (decision n with <c>SeedSequence.Derive(seed, n)</c>).
/// </summary>
/// <remarks>
/// <para>Greedy decisions (<c>explore: false</c>) of a distribution rule take its most probable action (ties go to the
/// smallest index) with probability 1; a deterministic rule is the same in both modes.</para>
/// <para>A rule that returns an action outside <c>[0, ActionCount)</c> or a distribution that is not one (values outside
/// [0, 1], or a sum more than 1e-6 from 1) makes <see cref="Decide"/> and <see cref="GetProbabilities"/> throw
/// <see cref="InvalidOperationException"/>; mixtures treat that as a failure of the rule.</para>
/// <para>Thread safety: thread-safe when the rule is.</para>
/// </remarks>
public sealed class RulePolicy : IPolicy
{
    private readonly Func<ReadOnlySpan<float>, int>? _rule;
    private readonly Action<ReadOnlySpan<float>, Span<double>>? _distribution;
    private readonly ulong _seed;
    private long _decisions;

    /// <summary>Creates a deterministic rule policy.</summary>
    /// <param name="actionCount">The number of actions; at least 1.</param>
    /// <param name="rule">Returns the action for the features, in <c>[0, actionCount)</c>.</param>
    /// <param name="featureCount">The number of features the rule reads; 0 (the default) accepts any length.</param>
    public RulePolicy(int actionCount, Func<ReadOnlySpan<float>, int> rule, int featureCount = 0)
    {
        ArgumentNullException.ThrowIfNull(rule);
        (ActionCount, FeatureCount) = CheckCounts(actionCount, featureCount);
        _rule = rule;
    }

    /// <summary>Creates a stochastic rule policy from a distribution.</summary>
    /// <param name="actionCount">The number of actions; at least 1.</param>
    /// <param name="distribution">Writes the probability of every action for the features into a span of <paramref name="actionCount"/> values (cleared to 0 before the call).</param>
    /// <param name="featureCount">The number of features the rule reads; 0 (the default) accepts any length.</param>
    /// <param name="seed">The seed of the draws; decision n uses <c>SeedSequence.Derive(seed, n)</c>.</param>
    public RulePolicy(int actionCount, Action<ReadOnlySpan<float>, Span<double>> distribution, int featureCount = 0, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        (ActionCount, FeatureCount) = CheckCounts(actionCount, featureCount);
        _distribution = distribution;
        _seed = seed;
    }

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>The number of decisions made so far (<see cref="GetProbabilities"/> does not count).</summary>
    public long Decisions => Interlocked.Read(ref _decisions);

    /// <inheritdoc/>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: false);
        Span<double> p = probabilities.IsEmpty
            ? (ActionCount <= PolicyOutput.StackLimit ? stackalloc double[ActionCount] : new double[ActionCount])
            : probabilities[..ActionCount];
        long n = Interlocked.Increment(ref _decisions);
        ulong seed = SeedSequence.Derive(_seed, (ulong)n);
        if (_rule is not null || !explore)
        {
            int greedy = Fill(features, p, explore);
            return new Decision(greedy, 1, 1, explored: false, n, seed);
        }

        Fill(features, p, explore: true);
        int action = PolicyOutput.Sample(p, RoutingDraw.Uniform(seed));
        return new Decision(action, p[action], p[action], explored: action != PolicyOutput.ArgMax(p), n, seed);
    }

    /// <inheritdoc/>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: true);
        Fill(features, probabilities[..ActionCount], explore);
    }

    // Writes the distribution into p; for a deterministic rule or a greedy decision, returns the action with probability 1.
    private int Fill(ReadOnlySpan<float> features, Span<double> p, bool explore)
    {
        p.Clear();
        if (_rule is not null)
        {
            int action = _rule(features);
            if (action < 0 || action >= ActionCount)
            {
                throw new InvalidOperationException($"The rule returned action {action}, outside [0, {ActionCount}).");
            }

            p[action] = 1;
            return action;
        }

        _distribution!(features, p);
        if (PolicyOutput.CheckDistribution(p) is { } problem)
        {
            throw new InvalidOperationException($"The rule's distribution is invalid: {problem}.");
        }

        if (explore)
        {
            return -1;
        }

        int greedy = PolicyOutput.ArgMax(p);
        p.Clear();
        p[greedy] = 1;
        return greedy;
    }

    private static (int, int) CheckCounts(int actionCount, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        return (actionCount, featureCount);
    }
}
