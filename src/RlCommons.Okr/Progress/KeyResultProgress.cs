using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Progress;

/// <summary>The progress of one key result.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Value">The metric's value (or its declared default when the snapshot lacked it).</param>
/// <param name="Target">The target.</param>
/// <param name="Direction">Whether the metric should rise or fall.</param>
/// <param name="Weight">The normalized weight.</param>
/// <param name="Progress">The progress toward the target, capped at 1 (see <see cref="KeyResult.Progress"/>).</param>
/// <param name="Unit">The unit, or <see langword="null"/>.</param>
public sealed record KeyResultProgress(string Metric, double Value, double Target, Direction Direction, double Weight, double Progress, string? Unit);
