namespace RlCommons.Decisions;

/// <summary>Who chose the action of a decision, and why: recorded with every decision so that evaluation can tell them apart.</summary>
public enum DecisionSource
{
    /// <summary>The learned policy acted, as routed.</summary>
    Learned = 0,

    /// <summary>The baseline acted because the decision was routed to it (rollout share, sticky rollout or ensemble draw).</summary>
    Baseline = 1,

    /// <summary>The baseline acted because a kill switch (global, per policy or forced from configuration) is engaged.</summary>
    KillSwitch = 2,

    /// <summary>The baseline acted because the learned policy reported it is not ready.</summary>
    NotReady = 3,

    /// <summary>The baseline acted because the learned policy threw.</summary>
    LearnedFailed = 4,

    /// <summary>The baseline acted because the learned policy's confidence was below the threshold.</summary>
    LowConfidence = 5,

    /// <summary>The safety shield rejected the learned policy's action and the baseline's action replaced it.</summary>
    ShieldReplaced = 6,

    /// <summary>A person approved the action (a high-stakes action held for approval).</summary>
    HumanApproved = 7,
}
