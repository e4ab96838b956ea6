namespace RlCommons.Decisions;

/// <summary>A logged decision with what has been joined to it so far.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Reward">The reward joined to it (the sum when rewards are combined, the default reward when the window closed without one); <see langword="null"/> while there is none.</param>
/// <param name="RewardCount">How many rewards were joined to it (0 when none or only the default).</param>
/// <param name="IsClosed">Whether its attribution is final: a reward was joined and will not change, or its window ended.</param>
/// <param name="IsDefaultReward">Whether <paramref name="Reward"/> is the configured default, applied because no reward arrived within the window.</param>
public sealed record DecisionLogEntry(DecisionRecord Decision, double? Reward, int RewardCount, bool IsClosed, bool IsDefaultReward)
{
    /// <summary>The name of the decision point given to entries made by <see cref="FromHistory"/>.</summary>
    public const string HistoryDecisionPoint = "history";

    /// <summary>
    /// Makes a closed, rewarded entry from historical data that no decision point logged (a data set, another system's
    /// log): the features, the action, its logging propensity and the reward. The event id is derived from
    /// <paramref name="index"/>, the timestamp is the Unix epoch and the policy is called <c>history</c>.
    /// </summary>
    /// <param name="index">The row's position in its data set (unique within it).</param>
    /// <param name="features">The context's features (kept, not copied).</param>
    /// <param name="action">The action taken; not negative.</param>
    /// <param name="propensity">The probability the logging policy had of taking it.</param>
    /// <param name="reward">The observed reward.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> or <paramref name="action"/> is negative.</exception>
    public static DecisionLogEntry FromHistory(long index, ReadOnlyMemory<float> features, int action, double propensity, double reward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        var record = new DecisionRecord
        {
            EventId = DecisionId.Create(DateTimeOffset.UnixEpoch, 0, index + 1),
            DecisionPoint = HistoryDecisionPoint,
            PolicyId = HistoryDecisionPoint,
            PolicyVersion = "0",
            Action = action,
            ActionName = action.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Propensity = propensity,
            Features = features,
            Timestamp = DateTimeOffset.UnixEpoch,
            Seed = 0,
            Sequence = index + 1,
            Source = DecisionSource.Learned,
        };
        return new DecisionLogEntry(record, reward, 1, IsClosed: true, IsDefaultReward: false);
    }
}
