using RlCommons.Decisions;
using RlCommons.Features;
using RlCommons.Policies;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Contextual;

/// <summary>
/// The base class host applications subclass to learn a decision from context: override
/// <see cref="ExtractFeatures"/> (or pass a <see cref="FeatureExtractor{TContext}"/>) and choose the learning
/// policy (<see cref="LinUcbBandit"/>, <see cref="LinearThompsonSamplingBandit"/>,
/// <see cref="LinearEpsilonGreedyBandit"/>). Add a reward calculation by deriving from
/// <see cref="ContextualBandit{TContext, TOutcome}"/> instead.
/// </summary>
/// <typeparam name="TContext">What a decision is about (a request, a customer, a document).</typeparam>
/// <remarks>
/// <para>The adapter decides through a <see cref="Decisions.DecisionPoint"/> of its own: <see cref="Decide"/> returns the
/// <see cref="DecisionRecord"/> written to the point's log (event id, arm, propensity, the features the policy saw),
/// and <see cref="Reward(DecisionId, double)"/> joins the reward to it by event id and learns it once, whatever arrives
/// twice, late or never (see <see cref="Decisions.DecisionPoint"/>). The host keeps no dictionary of pending
/// decisions; it sends the event id back with the outcome.</para>
/// <para>The adapter is itself a policy on the common contract (<see cref="ILearningPolicy"/> over the features),
/// delegating to <see cref="Policy"/>, so it can serve inside a <c>SafeSelector</c> or be evaluated off-policy.</para>
/// <para>Thread-safe: every member may be called from many threads, provided <see cref="ExtractFeatures"/> is
/// thread-safe. A snapshot holds the policy and, when the feature extractor normalizes, its running statistics.</para>
/// </remarks>
public abstract class ContextualBandit<TContext> : ISnapshotable, ILearningPolicy
{
    private readonly FeatureExtractor<TContext>? _features;

    /// <summary>Creates the adapter around <paramref name="policy"/>.</summary>
    /// <param name="policy">The learning policy; its <see cref="LinearBandit.Dimension"/> must match the features.</param>
    /// <param name="features">Extracts the features; when null, the subclass must override <see cref="ExtractFeatures"/>.</param>
    /// <param name="decisionPoint">The settings of the adapter's decision point (name, attribution window, duplicate and default rewards, seed of the event ids); when null, a point named after the adapter's type, on the policy's clock, with the policy's seed.</param>
    /// <param name="log">Where the decisions go; an <see cref="InMemoryDecisionLog"/> when null.</param>
    /// <exception cref="ArgumentException">The extractor's dimension differs from the policy's, or the decision point's options are invalid.</exception>
    protected ContextualBandit(LinearBandit policy, FeatureExtractor<TContext>? features = null, DecisionPointOptions? decisionPoint = null, IDecisionLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (features is not null && features.Dimension != policy.Dimension)
        {
            throw new ArgumentException($"The feature extractor produces {features.Dimension} features, the policy expects {policy.Dimension}.", nameof(features));
        }

        Policy = policy;
        _features = features;
        decisionPoint ??= new DecisionPointOptions
        {
            Name = GetType().Name,
            Seed = unchecked((long)policy.Seed),
            TimeProvider = policy.TimeProvider,
        };
        DecisionPoint = new DecisionPoint(policy, decisionPoint, log);
    }

    /// <summary>The learning policy.</summary>
    public LinearBandit Policy { get; }

    /// <summary>The decision point the adapter decides through: its log, counters and window expiry (<see cref="Decisions.DecisionPoint.CloseExpiredDecisions"/>).</summary>
    public DecisionPoint DecisionPoint { get; }

    /// <summary>The names of the active arms.</summary>
    public IReadOnlyList<string> Arms => Policy.Arms;

    /// <inheritdoc />
    public string SnapshotType => $"RlCommons.ContextualBandit({Policy.SnapshotType})";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    int IPolicy.ActionCount => Policy.ArmSlotCount;

    int IPolicy.FeatureCount => Policy.Dimension;

    /// <summary>Chooses an arm for <paramref name="context"/> and logs the decision.</summary>
    /// <param name="context">The context.</param>
    /// <param name="explore"><see langword="true"/> to explore; <see langword="false"/> for the greedy choice.</param>
    /// <returns>The decision's record: <see cref="DecisionRecord.ActionName"/> is the arm; send <see cref="DecisionRecord.EventId"/> back with the reward.</returns>
    /// <exception cref="ArgumentException">The features extracted are invalid.</exception>
    /// <exception cref="InvalidOperationException">No arm is active.</exception>
    public DecisionRecord Decide(TContext context, bool explore = true)
    {
        Span<float> features = Policy.Dimension <= 256 ? stackalloc float[Policy.Dimension] : new float[Policy.Dimension];
        ExtractFeatures(context, features);
        return DecisionPoint.Decide(features, explore);
    }

    /// <summary>Joins <paramref name="reward"/> to the decision <paramref name="eventId"/> and learns it with the features that decision saw (once: see <see cref="Decisions.DecisionPoint.Reward(DecisionId, double)"/>).</summary>
    /// <param name="eventId">The decision's event id.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <returns>What became of the reward (joined, duplicate, late, unknown…).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The reward is not finite; nothing changes.</exception>
    public RewardJoinResult Reward(DecisionId eventId, double reward) => DecisionPoint.Reward(eventId, reward);

    Decision IPolicy.Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore) => ((IPolicy)Policy).Decide(features, probabilities, explore);

    void IPolicy.GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore) => ((IPolicy)Policy).GetProbabilities(features, probabilities, explore);

    string IPolicy.GetActionName(int action) => Policy.GetArmName(action);

    void ILearningPolicy.Learn(ReadOnlySpan<float> features, int action, double reward, double propensity) => ((ILearningPolicy)Policy).Learn(features, action, reward, propensity);

    /// <summary>Learns <paramref name="reward"/> for <paramref name="arm"/> in <paramref name="context"/> (for rewards of decisions made elsewhere, such as a baseline's).</summary>
    /// <param name="context">The context.</param>
    /// <param name="arm">The arm's name.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <exception cref="ArgumentException">The arm is unknown, or the features or reward are invalid; nothing changes.</exception>
    public void Learn(TContext context, string arm, double reward)
    {
        // Validate before extracting: extraction updates the normalizer, which must not count a rejected reward.
        ArgumentNullException.ThrowIfNull(arm);
        NumericDomain.RequireReward(reward, nameof(reward));

        if (!Policy.HasActiveArm(arm))
        {
            throw new ArgumentException($"Unknown arm '{arm}'. Arms: {string.Join(", ", Policy.Arms)}.", nameof(arm));
        }

        Span<float> features = Policy.Dimension <= 256 ? stackalloc float[Policy.Dimension] : new float[Policy.Dimension];
        ExtractFeatures(context, features);
        Policy.Update(arm, features, reward);
    }

    /// <summary>Adds an arm (it starts with no history).</summary>
    /// <param name="name">A new arm name.</param>
    /// <returns>The arm's index.</returns>
    public int AddArm(string name) => Policy.AddArm(name);

    /// <summary>Removes an arm.</summary>
    /// <param name="name">The arm's name.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    public bool RemoveArm(string name) => Policy.RemoveArm(name);

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RunningMeanVariance? normalizer = _features?.Normalizer;
        writer.WriteBoolean(normalizer is not null);
        if (normalizer is not null)
        {
            var statistics = new SnapshotWriter();
            normalizer.WriteSnapshot(statistics);
            writer.WriteBytes(statistics.WrittenSpan);
        }

        Policy.WriteSnapshot(writer);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RunningMeanVariance? normalizer = _features?.Normalizer;
        bool hasNormalizer = reader.ReadBoolean();
        if (hasNormalizer != normalizer is not null)
        {
            throw new SnapshotException(hasNormalizer
                ? "The snapshot has feature-normalization statistics but this adapter does not normalize."
                : "This adapter normalizes its features but the snapshot has no statistics for them.");
        }

        byte[]? statistics = null;
        if (normalizer is not null)
        {
            // Parse the statistics into a scratch object first: if they are bad, nothing has changed yet.
            statistics = reader.ReadBytes();
            new RunningMeanVariance(normalizer.Dimension).ReadSnapshot(new SnapshotReader(statistics), 1);
        }

        // The policy validates its whole payload before it replaces its state.
        Policy.ReadSnapshot(reader, version);
        if (normalizer is not null)
        {
            normalizer.ReadSnapshot(new SnapshotReader(statistics), 1);
        }
    }

    /// <summary>Writes the features of <paramref name="context"/>. The default asks the feature extractor given to the constructor.</summary>
    /// <param name="context">The context.</param>
    /// <param name="destination">Exactly <see cref="LinearBandit.Dimension"/> floats.</param>
    /// <exception cref="InvalidOperationException">No extractor was given and the method is not overridden.</exception>
    protected virtual void ExtractFeatures(TContext context, Span<float> destination)
    {
        if (_features is null)
        {
            throw new InvalidOperationException($"{GetType().Name} must override ExtractFeatures or pass a FeatureExtractor to the constructor.");
        }

        _features.Extract(context, destination);
    }
}
