using RlCommons.Safety.Rollout;
using RlCommons.Safety.Shield;

namespace RlCommons.Safety.Fallback;

/// <summary>
/// Routes decisions between a learned policy and a baseline, falling back to the baseline whenever the learned
/// policy must not or cannot act: kill switch engaged, not ready, threw, or confidence below the threshold.
/// </summary>
/// <remarks>
/// <para>Routing: with a <see cref="GradualRollout"/> and a unit id, a unit is routed to the learned policy when the
/// rollout includes it (sticky per unit); otherwise each decision is routed to it with probability
/// <see cref="SafeSelectorOptions.LearnedShare"/>, drawn from <c>SeedSequence.Derive(Seed, n)</c> for decision n.</para>
/// <para>Propensity: the logged <see cref="Decision.Propensity"/> is the probability of the action under the whole
/// procedure, so inverse-propensity estimators stay valid. With random routing and share <c>s</c> it is
/// <c>s·P_L(a) + (1 − s)·P_B(a)</c>, where <c>P_L</c> is the learned policy including its fallbacks (a learned
/// policy that falls back contributes <c>P_B(a)</c>). A member's probability of an action it did not choose comes
/// from <see cref="IActionProbabilities{TContext}"/> when implemented; otherwise the other policy is asked to decide as
/// well, and a deterministic answer (propensity 1) settles it; NaN only when even that cannot tell. With sticky rollout routing the
/// route is fixed by the unit, so the propensity is the acting policy's own. A learned action the shield rejects
/// counts as a fallback of the learned route.</para>
/// <para>Thread safety: <see cref="Decide"/> and <see cref="ReplaceLearned"/> are thread-safe when the policies are.</para>
/// </remarks>
/// <typeparam name="TContext">What the policies see.</typeparam>
public sealed class SafeSelector<TContext>
{
    private readonly IPolicy<TContext> _baseline;
    private readonly SafeSelectorOptions _options;
    private readonly KillSwitch? _killSwitch;
    private readonly GradualRollout? _rollout;
    private readonly SafetyShield? _shield;
    private IPolicy<TContext> _learned;
    private long _sequence;

    /// <summary>Creates a selector.</summary>
    /// <param name="learned">The learned policy.</param>
    /// <param name="baseline">The baseline; it must always be able to decide.</param>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="killSwitch">An optional kill switch, checked on every decision.</param>
    /// <param name="rollout">An optional gradual rollout that routes units stickily.</param>
    /// <param name="shield">An optional safety shield: for decisions with a unit id, a learned action it rejects falls back to the baseline, and every action taken is recorded with it.</param>
    public SafeSelector(IPolicy<TContext> learned, IPolicy<TContext> baseline, SafeSelectorOptions options, KillSwitch? killSwitch = null, GradualRollout? rollout = null, SafetyShield? shield = null)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _learned = learned;
        _baseline = baseline;
        _options = new SafeSelectorOptions
        {
            LearnedShare = options.LearnedShare,
            ConfidenceThreshold = options.ConfidenceThreshold,
            Confidence = options.Confidence,
            Seed = options.Seed,
        };
        _killSwitch = killSwitch;
        _rollout = rollout;
        _shield = shield;
    }

    /// <summary>The learned policy currently routed to.</summary>
    public IPolicy<TContext> Learned => Volatile.Read(ref _learned);

    /// <summary>The baseline policy.</summary>
    public IPolicy<TContext> Baseline => _baseline;

    /// <summary>Swaps the learned policy (for example after a rollback); effective on the next decision.</summary>
    /// <param name="learned">The new learned policy.</param>
    public void ReplaceLearned(IPolicy<TContext> learned)
    {
        ArgumentNullException.ThrowIfNull(learned);
        Volatile.Write(ref _learned, learned);
    }

    /// <summary>Decides for <paramref name="context"/>.</summary>
    /// <param name="context">The context.</param>
    /// <param name="unitId">The unit (user, account) the decision is for; enables sticky rollout routing.</param>
    /// <returns>The decision with who acted, why, and the mixture propensity.</returns>
    public SafeDecision Decide(TContext context, string? unitId = null)
    {
        SafeDecision decision = Route(context, unitId);
        if (_shield is null || unitId is null)
        {
            return decision;
        }

        if (decision.Source == DecisionSource.Learned)
        {
            ShieldVerdict verdict = _shield.TryCommit(unitId, decision.Decision.Action);
            if (verdict.Allowed)
            {
                return decision;
            }

            decision = FallBack(context, DecisionSource.ShieldRejected);
        }

        _shield.Record(unitId, decision.Decision.Action);
        return decision;
    }

    private SafeDecision Route(TContext context, string? unitId)
    {
        long n = Interlocked.Increment(ref _sequence);
        IPolicy<TContext> learned = Learned;
        if (_killSwitch?.IsEngaged(learned.Id) == true)
        {
            return FallBack(context, DecisionSource.KillSwitch);
        }

        bool sticky = _rollout is not null && unitId is not null;
        double share = sticky ? 1 : _options.LearnedShare;
        bool routed = sticky
            ? _rollout!.Includes(unitId!)
            : UniformFor(n) < share;

        if (!routed)
        {
            Decision b = _baseline.Decide(context);
            double mixture = sticky ? b.Propensity : Mix(share, LearnedProbability(learned, context, b, unitId), b.Propensity);
            return new SafeDecision(b with { Propensity = mixture }, _baseline.Id, DecisionSource.BaselineRouted, b.Propensity);
        }

        (Decision? decision, DecisionSource source, Exception? error) = TryLearned(learned, context);
        if (decision is not { } d)
        {
            return FallBack(context, source, error);
        }

        // Second look: a switch engaged while the learned policy was deciding wins.
        if (_killSwitch?.IsEngaged(learned.Id) == true)
        {
            return FallBack(context, DecisionSource.KillSwitch);
        }

        double propensity = share >= 1 ? d.Propensity : Mix(share, d.Propensity, BaselineProbability(context, d.Action));
        return new SafeDecision(d with { Propensity = propensity }, learned.Id, DecisionSource.Learned, d.Propensity);
    }

    private (Decision? Decision, DecisionSource Source, Exception? Error) TryLearned(IPolicy<TContext> learned, TContext context)
    {
        if (!learned.IsReady)
        {
            return (null, DecisionSource.NotReady, null);
        }

        Decision d;
        try
        {
            d = learned.Decide(context);
        }
#pragma warning disable CA1031 // Any failure of the learned policy must fall back to the baseline, whatever its type.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (null, DecisionSource.LearnedFailed, ex);
        }

        if (_options.ConfidenceThreshold > 0)
        {
            double confidence = _options.Confidence?.Invoke(d) ?? d.Propensity;
            if (!(confidence >= _options.ConfidenceThreshold))
            {
                return (null, DecisionSource.LowConfidence, null);
            }
        }

        return (d, DecisionSource.Learned, null);
    }

    // The probability that the learned route (with its fallbacks) picks the baseline's action b.
    private double LearnedProbability(IPolicy<TContext> learned, TContext context, Decision b, string? unitId)
    {
        if (_options.LearnedShare <= 0)
        {
            return 0;
        }

        if (learned is IActionProbabilities<TContext> probabilities && learned.IsReady && _options.ConfidenceThreshold <= 0)
        {
            return probabilities.Probability(context, b.Action);
        }

        (Decision? d, _, _) = TryLearned(learned, context);
        return d is { } decision && (_shield is null || unitId is null || _shield.Allows(unitId, decision.Action))
            ? MixturePropensity.Member(learned, decision, context, b.Action)
            : b.Propensity;
    }

    // The probability that the baseline picks the learned policy's action.
    private double BaselineProbability(TContext context, int action)
        => _baseline is IActionProbabilities<TContext> probabilities
            ? probabilities.Probability(context, action)
            : MixturePropensity.Member(_baseline, _baseline.Decide(context), context, action);

    private SafeDecision FallBack(TContext context, DecisionSource source, Exception? error = null)
    {
        Decision b = _baseline.Decide(context);
        return new SafeDecision(b, _baseline.Id, source, b.Propensity, error);
    }

    private static double Mix(double share, double learned, double baseline) => (share * learned) + ((1 - share) * baseline);

    private double UniformFor(long n) => RoutingDraw.Uniform(RoutingDraw.Seed(_options.Seed, n));
}
