using RlCommons.Environments;
using RlCommons.Okr.Rewards;
using RlCommons.Rewards;
using RlCommons.Spaces;

namespace RlCommons.Okr.Integration;

/// <summary>
/// A Gymnasium-style wrapper that replaces an environment's reward with an <see cref="OkrReward"/>: the inner
/// environment (or any <see cref="IMetricSource"/>) supplies the metrics, read after <see cref="Reset"/> and after
/// every step, and the step's reward becomes the OKR reward of the move from the previous metrics to the new ones.
/// Termination and truncation pass through unchanged; a terminated step gives Φ(s′) = 0 to the shaping term.
/// </summary>
/// <remarks>
/// Core's <see cref="StepResult"/> has no info dictionary, so the breakdown of the last step is exposed as
/// <see cref="LastBreakdown"/> (Gymnasium would put it in <c>info</c>). Not thread-safe, like every environment;
/// the <see cref="OkrReward"/> itself may be shared.
/// </remarks>
public sealed class OkrRewardEnvironment : IEnvironment
{
    private readonly IMetricSource _metrics;
    private readonly OkrRewardTracker _tracker;
    private bool _started;

    /// <summary>Wraps <paramref name="inner"/>, reading metrics from <paramref name="metrics"/>.</summary>
    /// <param name="inner">The environment whose dynamics are kept.</param>
    /// <param name="reward">The OKR reward that replaces the environment's reward.</param>
    /// <param name="metrics">The metric source; when <see langword="null"/>, <paramref name="inner"/> must implement <see cref="IMetricSource"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> is null and <paramref name="inner"/> is not an <see cref="IMetricSource"/>.</exception>
    public OkrRewardEnvironment(IEnvironment inner, OkrReward reward, IMetricSource? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(reward);
        Inner = inner;
        Reward = reward;
        _tracker = new OkrRewardTracker(reward);
        _metrics = metrics ?? inner as IMetricSource
            ?? throw new ArgumentException($"{inner.GetType().Name} does not implement IMetricSource; pass a metric source.", nameof(metrics));
    }

    /// <summary>Gets the wrapped environment.</summary>
    public IEnvironment Inner { get; }

    /// <summary>Gets the OKR reward in use.</summary>
    public OkrReward Reward { get; }

    /// <summary>Gets the breakdown of the last step, or <see langword="null"/> before the first step after a reset.</summary>
    public RewardBreakdown? LastBreakdown => _tracker.LastBreakdown;

    /// <summary>Gets the reward the inner environment returned for the last step (kept for comparison), or NaN before the first.</summary>
    public double LastInnerReward { get; private set; } = double.NaN;

    /// <inheritdoc />
    public Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public void Reset(long? seed, Span<float> observation)
    {
        Inner.Reset(seed, observation);
        _tracker.Start(_metrics.GetMetrics());
        _started = true;
        LastInnerReward = double.NaN;
    }

    /// <inheritdoc />
    public StepResult Step(int action, Span<float> observation)
    {
        RequireStarted();
        return Replace(Inner.Step(action, observation), action);
    }

    /// <inheritdoc />
    /// <remarks>Continuous actions earn no exploration bonus (novelty is counted per discrete action).</remarks>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        RequireStarted();
        return Replace(Inner.Step(action, observation), null);
    }

    private StepResult Replace(StepResult result, int? action)
    {
        RewardBreakdown breakdown = _tracker.Observe(_metrics.GetMetrics(), action, result.Terminated);
        LastInnerReward = result.Reward;
        return result with { Reward = breakdown.Reward };
    }

    private void RequireStarted()
    {
        // Checked before the inner step, so a wrapper that was never reset does not advance the inner environment.
        if (!_started)
        {
            throw new InvalidOperationException("Call Reset before stepping OkrRewardEnvironment.");
        }
    }
}
