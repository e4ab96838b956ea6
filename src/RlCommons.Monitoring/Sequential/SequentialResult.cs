using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Sequential;

/// <summary>The state of a sequential test after a look.</summary>
/// <param name="Control">The control arm's summary.</param>
/// <param name="Treatment">The treatment arm's summary.</param>
/// <param name="Difference">The estimated difference in means, treatment minus control (NaN before 2 observations per arm).</param>
/// <param name="PValue">The always-valid mSPRT p-value (running minimum over looks), 1 before the first counted look.</param>
/// <param name="Interval">The asymptotic confidence sequence for the difference, or null before the first counted look.</param>
/// <param name="Decision">The recommendation.</param>
public sealed record SequentialResult(
    SampleSummary Control,
    SampleSummary Treatment,
    double Difference,
    double PValue,
    ConfidenceInterval? Interval,
    SequentialDecision Decision);
