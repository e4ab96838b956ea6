namespace RlCommons.Decisions;

/// <summary>What a decision point does with a second reward for one decision.</summary>
public enum DuplicateRewardHandling
{
    /// <summary>The first reward is joined and learned at once; later ones are rejected as <see cref="RewardJoinStatus.Duplicate"/>.</summary>
    Reject = 0,

    /// <summary>Rewards received within the window are summed; the sum is learned once, when the window closes.</summary>
    Sum = 1,
}
