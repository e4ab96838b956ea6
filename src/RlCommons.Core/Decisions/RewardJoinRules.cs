namespace RlCommons.Decisions;

/// <summary>The rules a log applies when it joins a reward to its decision.</summary>
/// <param name="AttributionWindow">How long after a decision its reward is accepted; positive.</param>
/// <param name="Duplicates">What a second reward for one decision does.</param>
public readonly record struct RewardJoinRules(TimeSpan AttributionWindow, DuplicateRewardHandling Duplicates);
