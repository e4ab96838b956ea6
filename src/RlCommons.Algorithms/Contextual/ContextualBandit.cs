using RlCommons.Features;
using RlCommons.Snapshots;

namespace RlCommons.Contextual;

/// <summary>
/// The base class host applications subclass to learn a decision from context: override
/// <see cref="ExtractFeatures"/> (or pass a <see cref="FeatureExtractor{TContext}"/>) and choose the learning
/// policy (<see cref="LinUcbBandit"/>, <see cref="LinearThompsonSamplingBandit"/>,
/// <see cref="LinearEpsilonGreedyBandit"/>). Add a reward calculation by deriving from
/// <see cref="ContextualBandit{TContext, TOutcome}"/> instead.
/// </summary>
/// <typeparam name="TContext">What a decision is about (a request, a customer, a document).</typeparam>
/// <remarks>
/// Thread-safe: <see cref="Decide"/> and <see cref="Learn(ContextualDecision, double)"/> may be called from many
/// threads, provided <see cref="ExtractFeatures"/> is thread-safe. A snapshot holds the policy and, when the
/// feature extractor normalizes, its running statistics.
/// </remarks>
public abstract class ContextualBandit<TContext> : ISnapshotable
{
    private readonly FeatureExtractor<TContext>? _features;

    /// <summary>Creates the adapter around <paramref name="policy"/>.</summary>
    /// <param name="policy">The learning policy; its <see cref="LinearBandit.Dimension"/> must match the features.</param>
    /// <param name="features">Extracts the features; when null, the subclass must override <see cref="ExtractFeatures"/>.</param>
    /// <exception cref="ArgumentException">The extractor's dimension differs from the policy's.</exception>
    protected ContextualBandit(LinearBandit policy, FeatureExtractor<TContext>? features = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (features is not null && features.Dimension != policy.Dimension)
        {
            throw new ArgumentException($"The feature extractor produces {features.Dimension} features, the policy expects {policy.Dimension}.", nameof(features));
        }

        Policy = policy;
        _features = features;
    }

    /// <summary>The learning policy.</summary>
    public LinearBandit Policy { get; }

    /// <summary>The names of the active arms.</summary>
    public IReadOnlyList<string> Arms => Policy.Arms;

    /// <inheritdoc />
    public string SnapshotType => $"RlCommons.ContextualBandit({Policy.SnapshotType})";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Chooses an arm for <paramref name="context"/>.</summary>
    /// <param name="context">The context.</param>
    /// <param name="explore"><see langword="true"/> to explore; <see langword="false"/> for the greedy choice.</param>
    /// <returns>The decision, with the features it used; pass it to <see cref="Learn(ContextualDecision, double)"/> when the reward is known.</returns>
    /// <exception cref="ArgumentException">The features extracted are invalid.</exception>
    /// <exception cref="InvalidOperationException">No arm is active.</exception>
    public ContextualDecision Decide(TContext context, bool explore = true)
    {
        var features = new float[Policy.Dimension];
        ExtractFeatures(context, features);
        Decision decision = Policy.Decide(features, explore, out double[] scores);
        return new ContextualDecision(decision, Policy.GetArmName(decision.Action), features, scores);
    }

    /// <summary>Learns <paramref name="reward"/> for <paramref name="decision"/>, with the features the decision saw.</summary>
    /// <param name="decision">A decision of this adapter.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <exception cref="ArgumentException">The reward is not finite, or the arm has been removed; nothing changes.</exception>
    public void Learn(ContextualDecision decision, double reward)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Policy.Update(decision.Action, decision.Features, reward);
    }

    /// <summary>Learns <paramref name="reward"/> for <paramref name="arm"/> in <paramref name="context"/> (for rewards of decisions made elsewhere, such as a baseline's).</summary>
    /// <param name="context">The context.</param>
    /// <param name="arm">The arm's name.</param>
    /// <param name="reward">The reward; finite.</param>
    /// <exception cref="ArgumentException">The arm is unknown, or the features or reward are invalid; nothing changes.</exception>
    public void Learn(TContext context, string arm, double reward)
    {
        // Validate before extracting: extraction updates the normalizer, which must not count a rejected reward.
        ArgumentNullException.ThrowIfNull(arm);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), reward, "reward must be finite.");
        }

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
