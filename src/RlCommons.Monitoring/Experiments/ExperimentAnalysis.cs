using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Experiments;

/// <summary>The result of analysing one metric of an experiment.</summary>
/// <param name="Metric">The analysed metric.</param>
/// <param name="Variants">Every variant's summary, in definition order (the control first).</param>
/// <param name="ControlName">The variant the others are compared with.</param>
/// <param name="Comparisons">Each treatment against the control, in definition order; empty when some variant has fewer than 2 units.</param>
/// <param name="SampleRatio">The sample-ratio-mismatch check of unit counts against the planned weights.</param>
/// <param name="Recommendation">Ship, don't ship or keep running.</param>
/// <param name="ShipVariant">The variant to ship when the recommendation is <see cref="Recommendation.Ship"/>; otherwise <see langword="null"/>.</param>
/// <param name="Reason">A sentence explaining the recommendation, with the numbers it rests on.</param>
public sealed record ExperimentAnalysis(
    string Metric,
    IReadOnlyList<VariantSummary> Variants,
    string ControlName,
    IReadOnlyList<VariantComparison> Comparisons,
    SampleRatioMismatchResult SampleRatio,
    Recommendation Recommendation,
    string? ShipVariant,
    string Reason);
