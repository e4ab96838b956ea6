namespace RlCommons.Monitoring.Experiments;

/// <summary>The lifecycle of an <see cref="Experiment"/>: draft → running → stopped or completed.</summary>
public enum ExperimentState
{
    /// <summary>Defined but not started: units can be assigned (to preview), nothing is recorded.</summary>
    Draft,

    /// <summary>Recording exposures and observations.</summary>
    Running,

    /// <summary>Ended early (for example for a bug or a guardrail); the data stays readable.</summary>
    Stopped,

    /// <summary>Ended as planned; the data stays readable.</summary>
    Completed,
}
