using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Randomness;

namespace RlCommons.Safety.Fallback;

/// <summary>
/// Combines several policies (learned agents and rule policies) with weights, either by routing each decision to one
/// member or by a weighted vote (see <see cref="EnsembleMode"/>). The router is itself an <see cref="IPolicy"/>; its
/// decisions have <see cref="Decision.Source"/> = <see cref="DecisionSource.Learned"/>, the sequence number of the router
/// and the seed of its routing draw.
/// </summary>
/// <remarks>
/// <para><b>Healthy members.</b> Every decision first asks each member for its probabilities
/// (<see cref="IPolicy.GetProbabilities"/>); a member that throws or returns something that is not a distribution is left
/// out of that decision and the remaining weights renormalized. In <see cref="EnsembleMode.WeightedRouting"/> the routed
/// member then decides; if it fails (throws, action outside <c>[0, ActionCount)</c>, propensity outside (0, 1]) it is left
/// out too and the decision is routed again among the rest with a fresh draw. Failures are counted in
/// <see cref="MemberFailures"/> and logged (event 7004).</para>
/// <para><b>Propensity.</b> Routing: <c>P(a) = Σ_{i healthy} wᵢ Pᵢ(a) / Σ_{i healthy} wᵢ</c>, with the acting member's
/// probabilities taken from its own <see cref="IPolicy.Decide"/> (the distribution it drew from); exact for the set of
/// members that could decide. Only the routed member's decision counter moves. Vote: 1.</para>
/// <para>Cost: every decision asks every member for its probabilities (for deep agents, one forward pass each).</para>
/// <para>Thread safety: thread-safe when the members are; routing randomness for decision n comes from
/// <c>SeedSequence.Derive(seed, n)</c>.</para>
/// </remarks>
public sealed class EnsembleRouter : IPolicy
{
    private readonly IPolicy[] _policies;
    private readonly double[] _weights;
    private readonly EnsembleMode _mode;
    private readonly ulong _seed;
    private readonly ILogger _logger;
    private long _sequence;
    private long _failures;

    /// <summary>Creates an ensemble.</summary>
    /// <param name="members">At least one member, each with a positive finite weight; all with the same action count.</param>
    /// <param name="mode">How the members are combined.</param>
    /// <param name="seed">The routing seed.</param>
    /// <param name="logger">Receives a message for every member failure; none when null.</param>
    /// <exception cref="ArgumentException">No member, a weight that is not positive and finite, or members that disagree on the action or feature count.</exception>
    public EnsembleRouter(IEnumerable<(IPolicy Policy, double Weight)> members, EnsembleMode mode = EnsembleMode.WeightedRouting, ulong seed = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        (IPolicy Policy, double Weight)[] all = [.. members];
        if (all.Length == 0)
        {
            throw new ArgumentException("At least one member is required.", nameof(members));
        }

        foreach ((IPolicy policy, double weight) in all)
        {
            if (policy is null || !(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentException($"Every member needs a policy and a positive finite weight; got weight {weight}.", nameof(members));
            }
        }

        _policies = [.. all.Select(m => m.Policy)];
        _weights = [.. all.Select(m => m.Weight)];
        (ActionCount, FeatureCount) = PolicyOutput.Shape(nameof(members), _policies);
        _mode = mode;
        _seed = seed;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>The number of members.</summary>
    public int MemberCount => _policies.Length;

    /// <summary>How many member failures (a throw or an invalid output, each time a member was left out) so far.</summary>
    public long MemberFailures => Interlocked.Read(ref _failures);

    /// <inheritdoc/>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        => Decide(features, probabilities, explore, out _);

    /// <summary>Decides, and reports which member acted.</summary>
    /// <param name="features">The features.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: then it receives the ensemble's distribution for this decision.</param>
    /// <param name="explore">Passed on to the members.</param>
    /// <param name="member">The index (in construction order) of the member that decided; −1 for a vote.</param>
    /// <returns>The decision with the ensemble's propensity.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">No member could decide.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore, out int member)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: false);
        int n = ActionCount;
        int m = _policies.Length;
        Span<double> all = (m + 2) * n <= PolicyOutput.StackLimit ? stackalloc double[(m + 2) * n] : new double[(m + 2) * n];
        Span<bool> healthy = m <= PolicyOutput.StackLimit ? stackalloc bool[m] : new bool[m];
        Span<double> own = all.Slice(m * n, n);
        Span<double> mix = all.Slice((m + 1) * n, n);
        long sequence = Interlocked.Increment(ref _sequence);
        ulong seed = RoutingDraw.Seed(_seed, sequence);
        Probe(features, all[..(m * n)], healthy, explore, count: true);

        if (_mode == EnsembleMode.WeightedVote)
        {
            member = -1;
            int winner = Vote(all, healthy, out double share);
            mix.Clear();
            mix[winner] = 1;
            PolicyOutput.CopyOut(mix, probabilities);
            return new Decision(winner, 1, share, explored: false, sequence, seed) { Source = DecisionSource.Learned };
        }

        for (ulong attempt = 0; ; attempt++)
        {
            member = Route(healthy, RoutingDraw.Uniform(attempt == 0 ? seed : SeedSequence.Derive(seed, attempt)));
            Decision d;
            string? problem;
            Exception? error = null;
            try
            {
                d = _policies[member].Decide(features, own, explore);
                problem = PolicyOutput.CheckDecision(d, own);
            }
#pragma warning disable CA1031 // A failing member is left out of this decision.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                d = default;
                problem = ex.Message;
                error = ex;
            }

            if (problem is null)
            {
                own.CopyTo(all.Slice(member * n, n));
                Mix(all, healthy, mix);
                PolicyOutput.CopyOut(mix, probabilities);
                return d with { Propensity = mix[d.Action], Sequence = sequence, Seed = seed, Source = DecisionSource.Learned };
            }

            Fail(member, problem, error);
            healthy[member] = false;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The exact distribution of <see cref="Decide(ReadOnlySpan{float}, Span{double}, bool)"/> over the members that report valid probabilities now; nothing is counted.</remarks>
    /// <exception cref="InvalidOperationException">No member reports valid probabilities.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required: true);
        int n = ActionCount;
        int m = _policies.Length;
        Span<double> all = m * n <= PolicyOutput.StackLimit ? stackalloc double[m * n] : new double[m * n];
        Span<bool> healthy = m <= PolicyOutput.StackLimit ? stackalloc bool[m] : new bool[m];
        Probe(features, all, healthy, explore, count: false);
        Span<double> target = probabilities[..n];
        if (_mode == EnsembleMode.WeightedVote)
        {
            target.Clear();
            target[Vote(all, healthy, out _)] = 1;
            return;
        }

        Mix(all, healthy, target);
    }

    // Fills each member's probabilities into its slice of `all` and marks the members whose output is a distribution.
    private void Probe(ReadOnlySpan<float> features, Span<double> all, Span<bool> healthy, bool explore, bool count)
    {
        int n = ActionCount;
        bool any = false;
        for (int i = 0; i < _policies.Length; i++)
        {
            Span<double> p = all.Slice(i * n, n);
            string? problem;
            Exception? error = null;
            try
            {
                _policies[i].GetProbabilities(features, p, explore);
                problem = PolicyOutput.CheckDistribution(p);
            }
#pragma warning disable CA1031 // A failing member is left out of this decision.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                problem = ex.Message;
                error = ex;
            }

            healthy[i] = problem is null;
            any |= healthy[i];
            if (problem is not null && count)
            {
                Fail(i, problem, error);
            }
        }

        if (!any)
        {
            throw new InvalidOperationException("No member of the ensemble could decide.");
        }
    }

    private int Route(ReadOnlySpan<bool> healthy, double u)
    {
        double total = 0;
        int last = -1;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (healthy[i])
            {
                total += _weights[i];
                last = i;
            }
        }

        if (last < 0)
        {
            throw new InvalidOperationException("No member of the ensemble could decide.");
        }

        double point = u * total;
        double cumulative = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (healthy[i])
            {
                cumulative += _weights[i];
                if (point < cumulative)
                {
                    return i;
                }
            }
        }

        return last;
    }

    // P(a) = Σ_{i healthy} wᵢ Pᵢ(a) / Σ_{i healthy} wᵢ.
    private void Mix(ReadOnlySpan<double> all, ReadOnlySpan<bool> healthy, Span<double> mix)
    {
        int n = ActionCount;
        mix.Clear();
        double total = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (!healthy[i])
            {
                continue;
            }

            total += _weights[i];
            ReadOnlySpan<double> p = all.Slice(i * n, n);
            for (int a = 0; a < n; a++)
            {
                mix[a] += _weights[i] * p[a];
            }
        }

        for (int a = 0; a < n; a++)
        {
            mix[a] /= total;
        }
    }

    // Each healthy member votes its weight for its most probable action; the heaviest action wins, ties to the smallest index.
    private int Vote(ReadOnlySpan<double> all, ReadOnlySpan<bool> healthy, out double share)
    {
        int n = ActionCount;
        Span<double> votes = n <= PolicyOutput.StackLimit ? stackalloc double[n] : new double[n];
        votes.Clear();
        double total = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            if (healthy[i])
            {
                votes[PolicyOutput.ArgMax(all.Slice(i * n, n))] += _weights[i];
                total += _weights[i];
            }
        }

        int winner = PolicyOutput.ArgMax(votes);
        share = votes[winner] / total;
        return winner;
    }

    private void Fail(int member, string problem, Exception? error)
    {
        Interlocked.Increment(ref _failures);
        Log.EnsembleMemberFailed(_logger, member, problem, error);
    }
}
