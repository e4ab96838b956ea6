namespace RlCommons.Algorithms.Bandits;

/// <summary>What a bandit has observed of one arm.</summary>
/// <param name="Name">The arm's name.</param>
/// <param name="Index">The arm's stable index (the <see cref="Decision.Action"/> that chooses it).</param>
/// <param name="Pulls">How many rewards the arm has received.</param>
/// <param name="MeanReward">The mean of those rewards, or 0 before the first.</param>
public sealed record ArmStatistics(string Name, int Index, long Pulls, double MeanReward);
