using RlCommons.Monitoring.Sequential;

namespace RlCommons.Safety.Guardrails;

/// <summary>Why and when a guardrail breached.</summary>
/// <param name="Guardrail">The guardrail's name.</param>
/// <param name="Reason">A readable reason, written to the audit trail.</param>
/// <param name="At">When the breach was detected.</param>
/// <param name="Test">The sequential test's state at the breach.</param>
/// <param name="Violations">The violation signals counted so far.</param>
public sealed record GuardrailBreach(string Guardrail, string Reason, DateTimeOffset At, SequentialResult Test, int Violations);
