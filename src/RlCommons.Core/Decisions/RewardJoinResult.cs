namespace RlCommons.Decisions;

/// <summary>The answer of a log to a reward: what it did with it and, unless the event id is unknown, the decision it belongs to.</summary>
/// <param name="Status">What happened to the reward.</param>
/// <param name="Decision">The decision the reward was for; <see langword="null"/> when <paramref name="Status"/> is <see cref="RewardJoinStatus.Unknown"/>.</param>
public readonly record struct RewardJoinResult(RewardJoinStatus Status, DecisionRecord? Decision);
