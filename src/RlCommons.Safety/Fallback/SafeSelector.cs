using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Decisions;
using RlCommons.Policies;
using RlCommons.Safety.Rollout;
using RlCommons.Safety.Shield;

namespace RlCommons.Safety.Fallback;

/// <summary>
/// Routes decisions between a learned policy and a baseline, falling back to the baseline whenever the learned
/// policy must not or cannot act: kill switch engaged, not ready, failed, not confident enough, or its action rejected
/// by the safety shield. The selector is itself an <see cref="IPolicy"/>, so a decision point can use it as its policy;
/// <see cref="Decision.Source"/> says who acted and why.
/// </summary>
/// <remarks>
/// <para><b>Routing.</b> With a <see cref="GradualRollout"/> and a unit id, a unit is routed to the learned policy when
/// the rollout includes it (sticky per unit: the learned route's share is 1 or 0 for that unit); otherwise each decision
/// is routed to it with probability <c>s</c> = <see cref="SafeSelectorOptions.LearnedShare"/>, drawn from
/// <c>SeedSequence.Derive(Seed, n)</c> for decision n. The kill switch is read once, when the decision starts.</para>
/// <para><b>Propensity.</b> <see cref="Decision.Propensity"/> is the probability of the action under the whole procedure,
/// and <see cref="GetProbabilities(ReadOnlySpan{float}, Span{double}, bool)"/> is the whole distribution:
/// <c>P(a) = s·Q_L(a) + (1 − s)·P_B(a)</c>, where <c>P_B</c> is the baseline's distribution and <c>Q_L</c> the learned
/// route's effective distribution, computed from the members' <see cref="IPolicy.GetProbabilities"/> (never by making a
/// member decide): <c>Q_L = P_B</c> when the learned policy is stopped, not ready, fails or is not confident enough;
/// otherwise, with <c>A</c> the actions the shield allows the unit (all actions without a shield or a unit),
/// <c>Q_L(a) = P_L(a)·[a ∈ A] + P_B(a)·Σ_{a' ∉ A} P_L(a')</c>. With the kill switch engaged <c>P = P_B</c>. The acting
/// member's probabilities are the ones its <see cref="IPolicy.Decide"/> reported for the distribution it drew from.</para>
/// <para>The returned decision is the acting member's (its <see cref="Decision.Sequence"/>, <see cref="Decision.Seed"/> and
/// <see cref="Decision.Score"/>, so it can be replayed on that member) with the mixture's propensity and the source; the
/// acting member's own probability of the action is its entry in <see cref="IPolicy.GetProbabilities"/>.</para>
/// <para>Exactness: the value is exact for the state the decision saw. Two documented approximations: a learned policy that
/// fails in <see cref="IPolicy.Decide"/> after its <see cref="IPolicy.GetProbabilities"/> succeeded is logged with the
/// learned route as the baseline (<c>Q_L = P_B</c>); and the shield's allowed set <c>A</c> is read before the learned
/// policy decides, so a concurrent decision for the same unit that changes a budget or a cooldown in between can make
/// <c>A</c> stale.</para>
/// <para><b>Served decisions only.</b> The baseline decides only when it acts; the learned policy decides only when it is
/// routed, not stopped, ready, confident, and the shield allows some of its probability mass. The one exception is
/// inherent: a stochastic learned policy that draws an action the shield rejects has decided, and the baseline replaces
/// it (<see cref="DecisionSource.ShieldReplaced"/>).</para>
/// <para><b>Failures.</b> A learned policy that throws, or returns an action outside <c>[0, ActionCount)</c>, a propensity
/// outside (0, 1] (NaN, ∞) or probabilities that are not a distribution, has failed that decision: the baseline acts with
/// <see cref="DecisionSource.LearnedFailed"/>, the failure is counted in <see cref="LearnedFailures"/>, logged (event 7002)
/// and raised as <see cref="LearnedFailed"/>. The learned policy's probabilities are read on every decision its route
/// has a positive share in (the mixture needs them even when the baseline acts; a share of 1 without confidence check or
/// shield needs only its decision), so a failure is counted there too. The baseline must always be able to decide: its
/// exceptions propagate, and an invalid output throws <see cref="InvalidOperationException"/>.</para>
/// <para>Thread safety: all members are thread-safe when the policies are.</para>
/// </remarks>
public sealed class SafeSelector : IUnitPolicy
{
    private readonly IPolicy _baseline;
    private readonly double _share;
    private readonly double _threshold;
    private readonly Func<ReadOnlySpan<double>, double>? _confidence;
    private readonly Func<bool>? _isReady;
    private readonly ulong _seed;
    private readonly KillSwitch? _killSwitch;
    private readonly GradualRollout? _rollout;
    private readonly SafetyShield? _shield;
    private readonly ILogger _logger;
    private LearnedSlot _learned;
    private long _sequence;
    private long _learnedFailures;

    /// <summary>Creates a selector.</summary>
    /// <param name="learned">The learned policy.</param>
    /// <param name="baseline">The baseline; it must always be able to decide, and have the learned policy's action count.</param>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="killSwitch">An optional kill switch, read when each decision starts.</param>
    /// <param name="rollout">An optional gradual rollout that routes units stickily (decisions with a unit id).</param>
    /// <param name="shield">An optional safety shield: for decisions with a unit id, a learned action it rejects falls back to the baseline, and every action taken is recorded with it.</param>
    /// <param name="logger">Receives a message for every failure of the learned policy; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the policies disagree on the action or feature count.</exception>
    public SafeSelector(IPolicy learned, IPolicy baseline, SafeSelectorOptions options, KillSwitch? killSwitch = null, GradualRollout? rollout = null, SafetyShield? shield = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (ActionCount, FeatureCount) = PolicyOutput.Shape(nameof(learned), learned, baseline);
        _baseline = baseline;
        _share = options.LearnedShare;
        _threshold = options.ConfidenceThreshold;
        _confidence = options.Confidence;
        _isReady = options.IsLearnedReady;
        _seed = options.Seed;
        _learned = new LearnedSlot(learned, options.LearnedPolicyId);
        _killSwitch = killSwitch;
        _rollout = rollout;
        _shield = shield;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Raised, on the deciding thread, each time the learned policy fails a decision and the baseline acts instead.</summary>
    public event EventHandler<PolicyFailedEventArgs>? LearnedFailed;

    /// <inheritdoc/>
    public int ActionCount { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>The learned policy currently routed to.</summary>
    public IPolicy Learned => Volatile.Read(ref _learned).Policy;

    /// <summary>The id of the learned policy currently routed to (the kill switch is checked for it).</summary>
    public string LearnedPolicyId => Volatile.Read(ref _learned).Id;

    /// <summary>The baseline policy.</summary>
    public IPolicy Baseline => _baseline;

    /// <summary>How many decisions the learned policy failed (threw or returned invalid output) so far.</summary>
    public long LearnedFailures => Interlocked.Read(ref _learnedFailures);

    /// <summary>Swaps the learned policy (for example after a rollback); effective on the next decision.</summary>
    /// <param name="learned">The new learned policy; same action count as the baseline.</param>
    /// <param name="policyId">Its id; null keeps the current <see cref="LearnedPolicyId"/>.</param>
    /// <exception cref="ArgumentException">The policy's shape differs from the baseline's, or <paramref name="policyId"/> is empty.</exception>
    public void ReplaceLearned(IPolicy learned, string? policyId = null)
    {
        ArgumentNullException.ThrowIfNull(learned);
        if (policyId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        }

        PolicyOutput.Shape(nameof(learned), learned, _baseline);
        Volatile.Write(ref _learned, new LearnedSlot(learned, policyId ?? LearnedPolicyId));
    }

    /// <summary>Decides without a unit: random routing with <see cref="SafeSelectorOptions.LearnedShare"/>, no shield.</summary>
    /// <param name="features">The features.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: then it receives the mixture distribution.</param>
    /// <param name="explore">Passed on to the member that acts.</param>
    /// <returns>The acting member's decision with <see cref="Decision.Source"/> and the mixture <see cref="Decision.Propensity"/>.</returns>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        => Decide(features, null, probabilities, explore);

    /// <summary>Decides for a unit (user, account): sticky rollout routing and the shield apply when configured.</summary>
    /// <param name="features">The features.</param>
    /// <param name="unitId">The unit; null decides as <see cref="Decide(ReadOnlySpan{float}, Span{double}, bool)"/>.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: then it receives the distribution of the routing for this unit.</param>
    /// <param name="explore">Passed on to the member that acts.</param>
    /// <returns>The acting member's decision with <see cref="Decision.Source"/> and the propensity of the action under the routing.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid, or <paramref name="unitId"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The baseline returned an invalid decision or distribution.</exception>
    public Decision Decide(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities = default, bool explore = true)
    {
        Check(features, unitId, probabilities, required: false);
        int n = ActionCount;
        Span<double> scratch = 3 * n <= PolicyOutput.StackLimit ? stackalloc double[3 * n] : new double[3 * n];
        Span<bool> allowed = n <= PolicyOutput.StackLimit ? stackalloc bool[n] : new bool[n];
        Span<double> pL = scratch[..n];
        Span<double> pB = scratch.Slice(n, n);
        Span<double> mix = scratch.Slice(2 * n, n);

        long sequence = Interlocked.Increment(ref _sequence);
        LearnedSlot learned = Volatile.Read(ref _learned);
        Route route = Plan(learned, features, unitId, explore, pL, allowed, deciding: true);
        bool toLearned = RoutingDraw.Uniform(RoutingDraw.Seed(_seed, sequence)) < route.Share;

        if (!route.Killed && toLearned && route.State == DecisionSource.Learned)
        {
            Decision d;
            Exception? error = null;
            try
            {
                d = learned.Policy.Decide(features, pL, explore);
                if (PolicyOutput.CheckDecision(d, pL) is { } problem)
                {
                    error = new InvalidOperationException($"Policy '{learned.Id}' returned an invalid decision: {problem}.");
                }
            }
#pragma warning disable CA1031 // Any failure of the learned policy falls back to the baseline, whatever its type.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                d = default;
                error = ex;
            }

            if (error is not null)
            {
                Fail(learned.Id, error);
                return ActBaseline(features, unitId, probabilities, explore, route with { State = DecisionSource.LearnedFailed }, DecisionSource.LearnedFailed, pL, allowed, pB, mix);
            }

            if (route.Shielded && !_shield!.TryCommit(unitId!, d.Action).Allowed)
            {
                // pL now holds the decide-time distribution; the allowed set was read before the decision.
                return ActBaseline(features, unitId, probabilities, explore, route, DecisionSource.ShieldReplaced, pL, allowed, pB, mix);
            }

            double blocked = route.Shielded ? BlockedMass(pL, allowed) : 0;
            if (route.Share >= 1 && blocked <= 0 && probabilities.IsEmpty)
            {
                return d with { Source = DecisionSource.Learned };
            }

            BaselineProbabilities(features, pB, explore);
            Mix(mix, route, pL, allowed, pB);
            PolicyOutput.CopyOut(mix, probabilities);

            return d with { Propensity = mix[d.Action], Source = DecisionSource.Learned };
        }

        DecisionSource source = route.Killed ? DecisionSource.KillSwitch : toLearned ? route.State : DecisionSource.Baseline;
        return ActBaseline(features, unitId, probabilities, explore, route, source, pL, allowed, pB, mix);
    }

    /// <inheritdoc/>
    /// <remarks>The exact mixture for a decision without a unit (see the remarks on <see cref="SafeSelector"/>); nothing is counted or logged.</remarks>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        => GetProbabilities(features, null, probabilities, explore);

    /// <summary>Writes the probability of every action under the routing for <paramref name="unitId"/> without deciding (no counter moves, the shield counts and records nothing).</summary>
    /// <param name="features">The features.</param>
    /// <param name="unitId">The unit; null for a decision without a unit.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Passed on to the members.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid, or <paramref name="unitId"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The baseline returned an invalid distribution.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities, bool explore = true)
    {
        Check(features, unitId, probabilities, required: true);
        int n = ActionCount;
        Span<double> scratch = 2 * n <= PolicyOutput.StackLimit ? stackalloc double[2 * n] : new double[2 * n];
        Span<bool> allowed = n <= PolicyOutput.StackLimit ? stackalloc bool[n] : new bool[n];
        Span<double> pL = scratch[..n];
        Span<double> pB = scratch.Slice(n, n);
        Route route = Plan(Volatile.Read(ref _learned), features, unitId, explore, pL, allowed, deciding: false);
        BaselineProbabilities(features, pB, explore);
        Mix(probabilities[..n], route, pL, allowed, pB);
    }

    // What the routing is for this decision: the learned route's share, and whether the learned route is healthy
    // (State = Learned, pL filled, allowed filled when shielded) or falls back (State = the reason).
    private Route Plan(LearnedSlot learned, ReadOnlySpan<float> features, string? unitId, bool explore, Span<double> pL, Span<bool> allowed, bool deciding)
    {
        bool sticky = _rollout is not null && unitId is not null;
        double share = sticky ? (_rollout!.Includes(unitId!) ? 1 : 0) : _share;
        bool shielded = _shield is not null && unitId is not null;
        if (_killSwitch?.IsEngaged(learned.Id) == true)
        {
            return new Route(share, Killed: true, DecisionSource.KillSwitch, shielded);
        }

        if (share <= 0)
        {
            return new Route(0, Killed: false, DecisionSource.Baseline, shielded);
        }

        try
        {
            if (_isReady?.Invoke() == false)
            {
                return new Route(share, Killed: false, DecisionSource.NotReady, shielded);
            }

            // A decision whose learned route has share 1, without a confidence check or a shield, needs nothing from the
            // learned policy before it decides: its Decide reports (and is checked for) the distribution it drew from.
            if (deciding && share >= 1 && _threshold <= 0 && !shielded)
            {
                return new Route(share, Killed: false, DecisionSource.Learned, shielded);
            }

            learned.Policy.GetProbabilities(features, pL, explore);
            if (PolicyOutput.CheckDistribution(pL) is { } problem)
            {
                throw new InvalidOperationException($"Policy '{learned.Id}' returned invalid probabilities: {problem}.");
            }

            if (_threshold > 0 && !((_confidence?.Invoke(pL) ?? pL[PolicyOutput.ArgMax(pL)]) >= _threshold))
            {
                return new Route(share, Killed: false, DecisionSource.LowConfidence, shielded);
            }
        }
#pragma warning disable CA1031 // Any failure of the learned policy falls back to the baseline, whatever its type.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (deciding)
            {
                Fail(learned.Id, ex);
            }

            return new Route(share, Killed: false, DecisionSource.LearnedFailed, shielded);
        }

        if (shielded)
        {
            _shield!.Allowed(unitId!, allowed);
            if (!HasAllowedMass(pL, allowed))
            {
                if (deciding)
                {
                    // The learned policy's whole distribution is blocked: it does not decide; the block is counted on its most likely action.
                    _shield.Check(unitId!, PolicyOutput.ArgMax(pL));
                }

                return new Route(share, Killed: false, DecisionSource.ShieldReplaced, shielded);
            }
        }

        return new Route(share, Killed: false, DecisionSource.Learned, shielded);
    }

    private Decision ActBaseline(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities, bool explore, Route route, DecisionSource source, ReadOnlySpan<double> pL, ReadOnlySpan<bool> allowed, Span<double> pB, Span<double> mix)
    {
        Decision b = _baseline.Decide(features, pB, explore);
        if (PolicyOutput.CheckDecision(b, pB) is { } problem)
        {
            throw new InvalidOperationException($"The baseline returned an invalid decision: {problem}.");
        }

        if (route.Shielded)
        {
            _shield!.Record(unitId!, b.Action);
        }

        Mix(mix, route, pL, allowed, pB);
        PolicyOutput.CopyOut(mix, probabilities);

        return b with { Propensity = mix[b.Action], Source = source };
    }

    private void BaselineProbabilities(ReadOnlySpan<float> features, Span<double> pB, bool explore)
    {
        _baseline.GetProbabilities(features, pB, explore);
        if (PolicyOutput.CheckDistribution(pB) is { } problem)
        {
            throw new InvalidOperationException($"The baseline returned invalid probabilities: {problem}.");
        }
    }

    // P(a) = s·Q_L(a) + (1 − s)·P_B(a), with Q_L the learned route's effective distribution (see the class remarks).
    private static void Mix(Span<double> mix, Route route, ReadOnlySpan<double> pL, ReadOnlySpan<bool> allowed, ReadOnlySpan<double> pB)
    {
        double s = route.Killed ? 0 : route.Share;
        if (route.State != DecisionSource.Learned || s <= 0)
        {
            pB.CopyTo(mix);
            return;
        }

        double blocked = route.Shielded ? BlockedMass(pL, allowed) : 0;
        for (int a = 0; a < mix.Length; a++)
        {
            double learned = (!route.Shielded || allowed[a] ? pL[a] : 0) + (blocked * pB[a]);
            mix[a] = (s * learned) + ((1 - s) * pB[a]);
        }
    }

    private static double BlockedMass(ReadOnlySpan<double> pL, ReadOnlySpan<bool> allowed)
    {
        double blocked = 0;
        for (int a = 0; a < pL.Length; a++)
        {
            blocked += allowed[a] ? 0 : pL[a];
        }

        return blocked;
    }

    private static bool HasAllowedMass(ReadOnlySpan<double> pL, ReadOnlySpan<bool> allowed)
    {
        for (int a = 0; a < pL.Length; a++)
        {
            if (allowed[a] && pL[a] > 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Fail(string policyId, Exception error)
    {
        Interlocked.Increment(ref _learnedFailures);
        Log.PolicyFailed(_logger, policyId, error.Message, error);
        LearnedFailed?.Invoke(this, new PolicyFailedEventArgs(policyId, error));
    }

    private void Check(ReadOnlySpan<float> features, string? unitId, Span<double> probabilities, bool required)
    {
        PolicyOutput.CheckFeatures(features, FeatureCount);
        PolicyOutput.CheckBuffer(probabilities, ActionCount, required);
        if (unitId is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(unitId);
        }
    }

    private sealed record LearnedSlot(IPolicy Policy, string Id);

    // Share: probability of the learned route; State: Learned when the learned route is healthy, else why it falls back.
    private readonly record struct Route(double Share, bool Killed, DecisionSource State, bool Shielded);
}
