namespace RlCommons.Decisions;

/// <summary>A logged decision with what has been joined to it so far.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Reward">The reward joined to it (the sum when rewards are combined, the default reward when the window closed without one); <see langword="null"/> while there is none.</param>
/// <param name="RewardCount">How many rewards were joined to it (0 when none or only the default).</param>
/// <param name="IsClosed">Whether its attribution is final: a reward was joined and will not change, or its window ended.</param>
/// <param name="IsDefaultReward">Whether <paramref name="Reward"/> is the configured default, applied because no reward arrived within the window.</param>
public sealed record DecisionLogEntry(DecisionRecord Decision, double? Reward, int RewardCount, bool IsClosed, bool IsDefaultReward);
