namespace RlCommons.Storage;

/// <summary>One status change of a policy adjustment (seed 004's <c>policy_adjustments</c>); a history is the list of them.</summary>
/// <param name="PolicyId">The policy adjusted.</param>
/// <param name="AdjustmentId">The adjustment's id within the policy; positive.</param>
/// <param name="Status">Its status after this change (<c>Proposed</c>, <c>Applied</c>, <c>Rejected</c>, <c>PendingApproval</c>, <c>Denied</c>, <c>RolledBack</c>…); not blank.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who made the change, or <see langword="null"/>.</param>
/// <param name="SnapshotVersion">The model version holding the policy as it was before the change, when one was stored.</param>
/// <param name="Details">The proposal and the problems found, as JSON; not null.</param>
public sealed record StoredAdjustment(string PolicyId, long AdjustmentId, string Status, DateTimeOffset At, string? Actor, int? SnapshotVersion, string Details);
