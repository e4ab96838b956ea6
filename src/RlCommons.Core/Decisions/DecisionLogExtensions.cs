namespace RlCommons.Decisions;

/// <summary>Reading a decision log for learning and evaluation.</summary>
public static class DecisionLogExtensions
{
    /// <summary>
    /// Returns the decisions that have a reward (joined, summed or the default), oldest first: what off-policy
    /// evaluation and the offline learners read.
    /// </summary>
    /// <param name="log">The log.</param>
    /// <param name="decisionPoint">The decision point, or <see langword="null"/> for all.</param>
    /// <returns>The rewarded entries.</returns>
    public static IReadOnlyList<DecisionLogEntry> ReadRewarded(this IDecisionLog log, string? decisionPoint = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        return [.. log.Read(decisionPoint).Where(e => e.Reward is not null)];
    }
}
