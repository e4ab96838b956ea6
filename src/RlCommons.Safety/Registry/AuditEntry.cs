namespace RlCommons.Safety.Registry;

/// <summary>One line of the registry's audit trail: who did what, when and why.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who (a person, or a component such as "guardrail:revenue").</param>
/// <param name="Action">What.</param>
/// <param name="Version">The version acted on (the new current one for promotions and rollbacks); null for a rollback to the baseline.</param>
/// <param name="PreviousVersion">The version that was current before, if any.</param>
/// <param name="Reason">Why.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, AuditAction Action, int? Version, int? PreviousVersion, string Reason);
