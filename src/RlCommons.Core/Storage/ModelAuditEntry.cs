namespace RlCommons.Storage;

/// <summary>One entry of a policy's audit trail in an <see cref="IModelStore"/>: who did what, when and why.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who (a person, or a component such as <c>guardrail:revenue</c>); not blank.</param>
/// <param name="Action">What.</param>
/// <param name="Version">The version acted on (the newly published one for promotions and rollbacks); <see langword="null"/> for a rollback to the baseline.</param>
/// <param name="PreviousVersion">The version that was published before, if any.</param>
/// <param name="Reason">Why; not blank.</param>
public sealed record ModelAuditEntry(DateTimeOffset At, string Actor, ModelAuditAction Action, int? Version, int? PreviousVersion, string Reason);
