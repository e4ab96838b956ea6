using RlCommons.Okr.Rewards;
using RlCommons.Rewards;

namespace RlCommons.Okr.Integration;

/// <summary>
/// Gives an agent its rewards from an <see cref="OkrReward"/> when it sees only the current metrics: the tracker keeps
/// the previous snapshot, so each <see cref="Observe"/> rewards the move from it to the new one. Use it in a host loop
/// (decide, act, read the metrics, learn) where there is no <see cref="Environments.IEnvironment"/> to wrap.
/// </summary>
/// <remarks>Thread-safe: calls are serialized, so concurrent observations form one sequence of transitions.</remarks>
public sealed class OkrRewardTracker
{
    private readonly Lock _gate = new();
    private Dictionary<string, double>? _previous;

    /// <summary>Creates a tracker over <paramref name="reward"/>.</summary>
    /// <param name="reward">The OKR reward.</param>
    public OkrRewardTracker(OkrReward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        Reward = reward;
    }

    /// <summary>Gets the OKR reward in use.</summary>
    public OkrReward Reward { get; }

    /// <summary>Gets the breakdown of the last observed step, or <see langword="null"/> before the first step after <see cref="Start"/>.</summary>
    public RewardBreakdown? LastBreakdown
    {
        get
        {
            lock (_gate)
            {
                return field;
            }
        }

        private set;
    }

    /// <summary>Starts (or restarts, for a new episode) from <paramref name="metrics"/>, which are copied.</summary>
    /// <param name="metrics">The current metrics.</param>
    public void Start(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var copy = new Dictionary<string, double>(metrics, StringComparer.Ordinal);
        lock (_gate)
        {
            _previous = copy;
            LastBreakdown = null;
        }
    }

    /// <summary>Rewards the move from the previous metrics to <paramref name="metrics"/> (copied), which then become the previous ones.</summary>
    /// <param name="metrics">The metrics after the step.</param>
    /// <param name="action">The discrete action taken, or <see langword="null"/> for no exploration bonus.</param>
    /// <param name="terminal">Whether the episode ended in a terminal state; call <see cref="Start"/> before observing again.</param>
    /// <returns>The reward and its breakdown.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> has not been called.</exception>
    /// <exception cref="ArgumentException">A needed metric is missing without a default or not finite; the previous metrics are kept.</exception>
    public RewardBreakdown Observe(IReadOnlyDictionary<string, double> metrics, int? action = null, bool terminal = false)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var after = new Dictionary<string, double>(metrics, StringComparer.Ordinal);
        lock (_gate)
        {
            Dictionary<string, double> before = _previous ?? throw new InvalidOperationException("Call Start with the initial metrics before observing a step.");
            RewardBreakdown breakdown = Reward.Compute(before, after, action, terminal);
            _previous = after;
            LastBreakdown = breakdown;
            return breakdown;
        }
    }
}
