namespace RlCommons.Decisions;

/// <summary>What happened to a reward sent for a decision.</summary>
public enum RewardJoinStatus
{
    /// <summary>The reward was joined to its decision: learned at once under <see cref="DuplicateRewardHandling.Reject"/> (when the decision point learns online), or the first of a sum learned when the window closes under <see cref="DuplicateRewardHandling.Sum"/>.</summary>
    Joined = 0,

    /// <summary>The reward was added to the decision's earlier rewards (<see cref="DuplicateRewardHandling.Sum"/>); the sum is learned when the window closes.</summary>
    Combined = 1,

    /// <summary>The decision already has its reward; this one was rejected and not learned (<see cref="DuplicateRewardHandling.Reject"/>).</summary>
    Duplicate = 2,

    /// <summary>The reward arrived after the decision's attribution window; counted and not learned.</summary>
    Late = 3,

    /// <summary>No logged decision has this event id (an orphan); counted and reported, not learned.</summary>
    Unknown = 4,
}
