namespace RlCommons.Safety.Adjustment;

/// <summary>Where an adjustment ended up.</summary>
public enum AdjustmentStatus
{
    /// <summary>Applied to the policy (after a snapshot).</summary>
    Applied,

    /// <summary>Valid but too large to apply automatically: queued for human approval.</summary>
    PendingApproval,

    /// <summary>Failed validation (bounds, step, unknown parameter, rate limit).</summary>
    Rejected,

    /// <summary>Denied by an approver, or by the approval timeout.</summary>
    Denied,
}
