namespace RlCommons.Safety.Rollout;

/// <summary>One step of a rollout schedule: from <paramref name="After"/> (measured from the start) on, <paramref name="Share"/> of units get the learned policy.</summary>
/// <param name="After">The offset from the rollout start, non-negative.</param>
/// <param name="Share">The share of units, in [0, 1].</param>
public readonly record struct RolloutStep(TimeSpan After, double Share);
