using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RlCommons.Diagnostics;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Rewards;

namespace RlCommons.Decisions;

/// <summary>
/// The runtime object a host uses for one decision: <see cref="Decide(ReadOnlySpan{float}, bool)"/> asks the policy, gives the decision an event
/// id and writes its <see cref="DecisionRecord"/> to the log; <see cref="Reward"/> joins a reward to it by that id and,
/// when the point learns online, teaches the learner — once, whatever arrives twice, late or never.
/// </summary>
/// <remarks>
/// <para>Rules (see <see cref="IDecisionLog"/> for the join itself): a duplicate reward is never learned twice
/// (rejected, or summed and learned once when the window closes, by <see cref="DecisionPointOptions.Duplicates"/>); a
/// reward after the attribution window is counted as late and not learned; a decision whose window ends without a
/// reward gets <see cref="DecisionPointOptions.DefaultReward"/> (or nothing) when <see cref="CloseExpiredDecisions"/>
/// runs; a reward for an unknown event id is counted and logged as an orphan and returned as
/// <see cref="RewardJoinStatus.Unknown"/>, never thrown. A non-finite reward throws and changes nothing.</para>
/// <para>Telemetry: decisions, rewards by status and learning updates on the <c>RlCommons</c> meter (see
/// <see cref="RlCommonsDiagnostics"/>), activities <c>rlcommons.decide</c> and <c>rlcommons.learn</c>, log messages
/// for orphan, late, duplicate and rejected rewards and for policy swaps.</para>
/// <para>Thread safety: every member is safe to call from many threads; <see cref="ReplacePolicy"/> takes effect on
/// the next decision.</para>
/// </remarks>
public sealed class DecisionPoint
{
    private readonly IDecisionLog _log;
    private readonly ILogger _logger;
    private readonly DecisionPointMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly SeedSource _ids;
    private readonly RewardJoinRules _rules;
    private readonly double? _defaultReward;
    private readonly bool _learnOnline;
    private readonly bool _recordProbabilities;
    private Serving _serving;
    private long _sequence;
    private long _rewardsReceived;
    private long _rewardsLearned;
    private long _duplicates;
    private long _late;
    private long _orphans;
    private long _missing;
    private long _defaults;
    private long _rejected;
    private long _learningFailures;

    /// <summary>Creates a decision point.</summary>
    /// <param name="policy">The policy that decides.</param>
    /// <param name="options">The settings; validated and copied.</param>
    /// <param name="log">Where records go; an <see cref="InMemoryDecisionLog"/> of its own when <see langword="null"/>.</param>
    /// <param name="learner">What learns from joined rewards; by default <paramref name="policy"/> when it is an <see cref="ILearningPolicy"/>. Required when <see cref="DecisionPointOptions.LearnOnline"/> is set and the policy does not learn.</param>
    /// <param name="logger">Where log messages go; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>RlCommons</c> meter (the DI way); a shared static meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the point must learn online and nothing can learn.</exception>
    public DecisionPoint(IPolicy policy, DecisionPointOptions options, IDecisionLog? log = null, ILearningPolicy? learner = null, ILogger? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        learner ??= policy as ILearningPolicy;
        if (options.LearnOnline && learner is null)
        {
            throw new ArgumentException($"Decision point '{options.Name}' learns online (LearnOnline) but its policy {policy.GetType().Name} is not an ILearningPolicy and no learner was given; pass a learner or set LearnOnline = false.", nameof(learner));
        }

        Options = options.Clone();
        Name = options.Name;
        PolicyId = options.PolicyId ?? options.Name;
        Learner = learner;
        _log = log ?? new InMemoryDecisionLog();
        _logger = logger ?? NullLogger.Instance;
        _metrics = new DecisionPointMetrics(meterFactory);
        _time = options.TimeProvider;
        _ids = new SeedSource(options.Seed is null && options.Random is null
            ? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8))
            : SeedSequence.Resolve(options.Seed, options.Random));
        _rules = new RewardJoinRules(options.AttributionWindow, options.Duplicates);
        _defaultReward = options.DefaultReward;
        _learnOnline = options.LearnOnline;
        _recordProbabilities = options.RecordProbabilities;
        _serving = new Serving(policy, options.PolicyVersion);
    }

    /// <summary>The attribution window: how long after a decision its reward is accepted.</summary>
    public TimeSpan AttributionWindow => _rules.AttributionWindow;

    /// <summary>A copy of the options the point was built with (read by the hosted maintenance service).</summary>
    internal DecisionPointOptions Options { get; }

    /// <summary>The decision point's name.</summary>
    public string Name { get; }

    /// <summary>The id of the policy serving the point.</summary>
    public string PolicyId { get; }

    /// <summary>The policy deciding now.</summary>
    public IPolicy Policy => Volatile.Read(ref _serving).Policy;

    /// <summary>The version of the policy deciding now.</summary>
    public string PolicyVersion => Volatile.Read(ref _serving).Version;

    /// <summary>What learns from joined rewards, or <see langword="null"/> when rewards are only logged.</summary>
    public ILearningPolicy? Learner { get; }

    /// <summary>The log the point writes to.</summary>
    public IDecisionLog DecisionLog => _log;

    /// <summary>The base seed of the point's event ids.</summary>
    public ulong Seed => _ids.BaseSeed;

    /// <summary>Returns the point's counters.</summary>
    /// <returns>The counters as they are now.</returns>
    public DecisionPointStatistics GetStatistics() => new(
        Interlocked.Read(ref _sequence),
        Interlocked.Read(ref _rewardsReceived),
        Interlocked.Read(ref _rewardsLearned),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _late),
        Interlocked.Read(ref _orphans),
        Interlocked.Read(ref _missing),
        Interlocked.Read(ref _defaults),
        Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _learningFailures));

    /// <summary>Swaps in another policy (a newly published model version); the next decision uses it.</summary>
    /// <param name="policy">The new policy; same number of actions and features as the current one.</param>
    /// <param name="version">Its version, recorded with every decision it makes.</param>
    /// <exception cref="ArgumentException">The policy's action or feature count differs, or the version is blank.</exception>
    public void ReplacePolicy(IPolicy policy, string version)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Serving current = Volatile.Read(ref _serving);
        if (policy.ActionCount < current.Policy.ActionCount || policy.FeatureCount != current.Policy.FeatureCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The new policy has {policy.ActionCount} actions and {policy.FeatureCount} features; the current one has {current.Policy.ActionCount} and {current.Policy.FeatureCount}. A replacement may add actions but not remove them, and must read the same features."),
                nameof(policy));
        }

        Volatile.Write(ref _serving, new Serving(policy, version));
        Log.PolicyReplaced(_logger, Name, version, current.Version);
    }

    /// <summary>Decides for <paramref name="features"/> and logs the decision.</summary>
    /// <param name="features">The features, as the policy expects them.</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy one.</param>
    /// <returns>The record written to the log; send its <see cref="DecisionRecord.EventId"/> back with the reward.</returns>
    /// <exception cref="ArgumentException">The features are invalid for the policy; nothing is logged.</exception>
    public DecisionRecord Decide(ReadOnlySpan<float> features, bool explore = true) => Decide(features, null, explore);

    /// <summary>
    /// Decides for <paramref name="features"/> on behalf of <paramref name="unitId"/> and logs the decision with the unit.
    /// A policy that routes or shields per unit (<see cref="IUnitPolicy"/>, such as <c>SafeSelector</c> with a sticky rollout
    /// or a safety shield) receives the unit; any other policy decides as without one.
    /// </summary>
    /// <param name="features">The features, as the policy expects them.</param>
    /// <param name="unitId">The unit (customer, account) the decision is for, or <see langword="null"/>.</param>
    /// <param name="explore"><see langword="true"/> to follow the exploring policy; <see langword="false"/> for the greedy one.</param>
    /// <returns>The record written to the log.</returns>
    /// <exception cref="ArgumentException">The features are invalid for the policy; nothing is logged.</exception>
    /// <exception cref="InvalidOperationException">The policy returned an action out of range or a propensity outside (0, 1]; nothing is logged.</exception>
    public DecisionRecord Decide(ReadOnlySpan<float> features, string? unitId, bool explore = true)
    {
        // StartActivity costs tens of nanoseconds even when nobody listens; the listener check costs almost nothing.
        using Activity? activity = RlCommonsDiagnostics.ActivitySource.HasListeners() ? RlCommonsDiagnostics.ActivitySource.StartActivity("rlcommons.decide") : null;
        Serving serving = Volatile.Read(ref _serving);
        IPolicy policy = serving.Policy;
        double[]? probabilities = _recordProbabilities ? new double[policy.ActionCount] : null;
        Decision decision = unitId is not null && policy is IUnitPolicy perUnit
            ? perUnit.Decide(features, unitId, probabilities, explore)
            : policy.Decide(features, probabilities, explore);
        if ((uint)decision.Action >= (uint)policy.ActionCount || !(double.IsNaN(decision.Propensity) || (decision.Propensity > 0 && decision.Propensity <= 1)))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Decision point '{Name}': the policy {policy.GetType().Name} returned action {decision.Action} with propensity {decision.Propensity}; it must return an action in [0, {policy.ActionCount}) with a propensity in (0, 1] (or NaN when configured not to compute it). Nothing was logged."));
        }

        long sequence = Interlocked.Increment(ref _sequence);
        DateTimeOffset now = _time.GetUtcNow();
        var record = new DecisionRecord
        {
            EventId = DecisionId.Create(now, _ids.BaseSeed, sequence),
            DecisionPoint = Name,
            PolicyId = PolicyId,
            PolicyVersion = serving.Version,
            Action = decision.Action,
            ActionName = policy.GetActionName(decision.Action),
            ActionComponents = Components(policy, decision.Action),
            Propensity = decision.Propensity,
            Probabilities = probabilities,
            Features = features.ToArray(),
            Timestamp = now,
            Seed = decision.Seed,
            Sequence = sequence,
            Source = decision.Source,
            Explored = decision.Explored,
            UnitId = unitId,
        };
        _log.Append(record);
        _metrics.Decision(Name, serving.Version, decision.Source);
        if (activity is not null)
        {
            activity.SetTag("rlcommons.decision_point", Name);
            activity.SetTag("rlcommons.event_id", record.EventId.ToString());
            activity.SetTag("rlcommons.action", record.ActionName);
        }

        return record;
    }

    /// <summary>Joins <paramref name="reward"/> to the decision <paramref name="eventId"/> and, when it is the one to learn, learns it.</summary>
    /// <param name="eventId">The decision's event id.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <returns>What became of the reward.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reward"/> is not finite; counted as rejected, nothing else changes.</exception>
    public RewardJoinResult Reward(DecisionId eventId, double reward)
    {
        if (!double.IsFinite(reward))
        {
            Interlocked.Increment(ref _rejected);
            _metrics.Reward(Name, "rejected");
            Log.RejectedReward(_logger, Name, eventId, string.Create(CultureInfo.InvariantCulture, $"the reward {reward} is not finite"));
            throw new ArgumentOutOfRangeException(nameof(reward), reward, string.Create(CultureInfo.InvariantCulture, $"reward must be finite, was {reward}."));
        }

        Interlocked.Increment(ref _rewardsReceived);
        RewardJoinResult result = _log.JoinReward(eventId, reward, _time.GetUtcNow(), _rules);
        _metrics.Reward(Name, result.Status);
        switch (result.Status)
        {
            case RewardJoinStatus.Joined when _rules.Duplicates == DuplicateRewardHandling.Reject:
                LearnFrom(result.Decision!, reward);
                break;
            case RewardJoinStatus.Duplicate:
                Interlocked.Increment(ref _duplicates);
                Log.DuplicateReward(_logger, Name, eventId);
                break;
            case RewardJoinStatus.Late:
                Interlocked.Increment(ref _late);
                Log.LateReward(_logger, Name, eventId);
                break;
            case RewardJoinStatus.Unknown:
                Interlocked.Increment(ref _orphans);
                Log.OrphanReward(_logger, Name, eventId);
                break;
        }

        return result;
    }

    /// <summary>Computes the reward of <paramref name="outcome"/> with <paramref name="rewardFunction"/> and joins it (see <see cref="Reward(DecisionId, double)"/>).</summary>
    /// <typeparam name="TOutcome">What the host observed.</typeparam>
    /// <param name="eventId">The decision's event id.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="rewardFunction">The reward function.</param>
    /// <returns>What became of the reward.</returns>
    public RewardJoinResult Reward<TOutcome>(DecisionId eventId, TOutcome outcome, CompositeReward<TOutcome> rewardFunction)
    {
        ArgumentNullException.ThrowIfNull(rewardFunction);
        return Reward(eventId, rewardFunction.Compute(outcome));
    }

    /// <summary>
    /// Closes the windows that have ended (decisions older than the attribution window): learns the summed rewards
    /// under <see cref="DuplicateRewardHandling.Sum"/>, applies the default reward to decisions without one, and
    /// counts the missing. Hosts call it periodically (the hosting package runs it in the background).
    /// </summary>
    /// <param name="maxCount">The most decisions to close in this call.</param>
    /// <returns>The number of decisions closed.</returns>
    public int CloseExpiredDecisions(int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        DateTimeOffset cutoff = _time.GetUtcNow() - _rules.AttributionWindow;
        IReadOnlyList<DecisionLogEntry> closed = _log.CloseExpired(Name, cutoff, _defaultReward, maxCount);
        foreach (DecisionLogEntry entry in closed)
        {
            if (entry.RewardCount == 0)
            {
                Interlocked.Increment(ref _missing);
                if (entry.IsDefaultReward)
                {
                    Interlocked.Increment(ref _defaults);
                    _metrics.Reward(Name, "default");
                    LearnFrom(entry.Decision, entry.Reward!.Value);
                }
                else
                {
                    _metrics.Reward(Name, "missing");
                }
            }
            else if (_rules.Duplicates == DuplicateRewardHandling.Sum)
            {
                LearnFrom(entry.Decision, entry.Reward!.Value);
            }
        }

        return closed.Count;
    }

    private static int[]? Components(IPolicy policy, int action)
    {
        if (policy is not IMultiDiscretePolicy composite)
        {
            return null;
        }

        var components = new int[composite.ActionSpace.Counts.Length];
        composite.ActionSpace.FromJointIndex(action, components);
        return components;
    }

    private void LearnFrom(DecisionRecord record, double reward)
    {
        if (!_learnOnline || Learner is null)
        {
            return;
        }

        using Activity? activity = RlCommonsDiagnostics.ActivitySource.HasListeners() ? RlCommonsDiagnostics.ActivitySource.StartActivity("rlcommons.learn") : null;
        try
        {
            Learner.Learn(record.Features.Span, record.Action, reward, record.Propensity);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The reward is joined in the log either way; a learner that refuses it (an arm removed since) is counted
            // and logged rather than failing the caller, who cannot do anything about it.
            Interlocked.Increment(ref _learningFailures);
            Log.LearningFailed(_logger, ex, Name, record.EventId);
            return;
        }

        Interlocked.Increment(ref _rewardsLearned);
        _metrics.Learned(record, reward);
    }

    private sealed record Serving(IPolicy Policy, string Version);
}
