namespace RlCommons.Okr.Dsl;

/// <summary>One measurable key result of an <see cref="Okr"/>: a metric, its target, a direction and a weight.</summary>
/// <remarks>Immutable and thread-safe. Created by <see cref="OkrBuilder.Build"/>, which validates every field.</remarks>
public sealed record KeyResult
{
    internal KeyResult(string metric, double target, Direction direction, double weight, double declaredWeight, string? unit, double? defaultValue)
    {
        Metric = metric;
        Target = target;
        Direction = direction;
        Weight = weight;
        DeclaredWeight = declaredWeight;
        Unit = unit;
        DefaultValue = defaultValue;
    }

    /// <summary>Gets the name of the metric, unique among the key results of its OKR.</summary>
    public string Metric { get; }

    /// <summary>Gets the target value of the metric; finite and non-zero.</summary>
    public double Target { get; }

    /// <summary>Gets whether the metric should rise or fall.</summary>
    public Direction Direction { get; }

    /// <summary>Gets the normalized weight: the declared weight divided by the sum of all declared weights, so the weights of an OKR sum to 1.</summary>
    public double Weight { get; }

    /// <summary>Gets the weight as declared (positive and finite); kept so that JSON round-trips exactly.</summary>
    public double DeclaredWeight { get; }

    /// <summary>Gets the unit of the metric (for reports), or <see langword="null"/>.</summary>
    public string? Unit { get; }

    /// <summary>Gets the value used when a metric snapshot lacks the metric, or <see langword="null"/> when a missing metric is an error.</summary>
    public double? DefaultValue { get; }

    /// <summary>
    /// Returns the progress of <paramref name="value"/> toward the target, capped at 1:
    /// <c>min(1, value / target)</c> for <see cref="Direction.Maximize"/>, and for <see cref="Direction.Minimize"/>
    /// 1 when <c>value ≤ target</c>, else <c>target / value</c>. Defined for positive targets; with a negative target
    /// the same formulas apply as written. Not floored: a value of the wrong sign gives a negative progress.
    /// </summary>
    /// <param name="value">The metric's value.</param>
    /// <returns>The progress, at most 1.</returns>
    public double Progress(double value) => Direction == Direction.Maximize
        ? Math.Min(1.0, value / Target)
        : value <= Target ? 1.0 : Target / value;
}
