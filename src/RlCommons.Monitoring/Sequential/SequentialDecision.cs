namespace RlCommons.Monitoring.Sequential;

/// <summary>What a sequential test recommends after a look.</summary>
public enum SequentialDecision
{
    /// <summary>Keep collecting data: nothing is decided yet (or too few observations).</summary>
    Continue,

    /// <summary>The treatment B is better than the control A (always-valid p ≤ α, estimate above the null).</summary>
    TreatmentBetter,

    /// <summary>The treatment B is worse than the control A (always-valid p ≤ α, estimate below the null).</summary>
    TreatmentWorse,

    /// <summary>Futility: the confidence sequence excludes every effect of at least the minimum effect in either direction.</summary>
    Futile,
}
