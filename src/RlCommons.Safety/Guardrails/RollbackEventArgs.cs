namespace RlCommons.Safety.Guardrails;

/// <summary>Describes an automatic rollback.</summary>
/// <param name="breach">The guardrail breach that caused it.</param>
/// <param name="fromVersion">The version that was current, if any.</param>
/// <param name="toVersion">The version now current, or null when the baseline acts.</param>
public sealed class RollbackEventArgs(GuardrailBreach breach, int? fromVersion, int? toVersion) : EventArgs
{
    /// <summary>The guardrail breach that caused the rollback.</summary>
    public GuardrailBreach Breach { get; } = breach;

    /// <summary>The version that was current, if any.</summary>
    public int? FromVersion { get; } = fromVersion;

    /// <summary>The version now current, or null when the baseline acts.</summary>
    public int? ToVersion { get; } = toVersion;
}
