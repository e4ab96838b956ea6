using System.Globalization;

namespace RlCommons.Okr.Dsl;

/// <summary>
/// A hard requirement of an <see cref="Okr"/>: a metric compared with a threshold. While violated it costs
/// <c>Penalty · |value − Threshold| / |Threshold|</c> per step (with <c>|Threshold|</c> replaced by 1 when the
/// threshold is 0, so the penalty is then proportional to the absolute excess).
/// </summary>
/// <remarks>Immutable and thread-safe. Created by <see cref="OkrBuilder.Build"/>, which validates every field.</remarks>
public sealed record Constraint
{
    internal Constraint(string metric, Comparison comparison, double threshold, double penalty, double tolerance, double? defaultValue)
    {
        Metric = metric;
        Comparison = comparison;
        Threshold = threshold;
        Penalty = penalty;
        Tolerance = tolerance;
        DefaultValue = defaultValue;
        Name = string.Create(CultureInfo.InvariantCulture, $"{metric} {Symbol(comparison)} {threshold:R}");
    }

    /// <summary>Gets the name of the metric.</summary>
    public string Metric { get; }

    /// <summary>Gets the comparison the metric must satisfy.</summary>
    public Comparison Comparison { get; }

    /// <summary>Gets the threshold; finite (0 is allowed).</summary>
    public double Threshold { get; }

    /// <summary>Gets the penalty per unit of relative violation; finite and at least 0.</summary>
    public double Penalty { get; }

    /// <summary>Gets the slack allowed before the constraint counts as violated; positive for <see cref="Comparison.Equal"/>, at least 0 otherwise.</summary>
    public double Tolerance { get; }

    /// <summary>Gets the value used when a metric snapshot lacks the metric, or <see langword="null"/> when a missing metric is an error.</summary>
    public double? DefaultValue { get; }

    /// <summary>Gets the constraint written out, for example <c>churn_rate &lt;= 0.05</c>; unique within its OKR.</summary>
    public string Name { get; }

    /// <summary>Returns whether <paramref name="value"/> violates the constraint (lies beyond the threshold by more than the tolerance).</summary>
    /// <param name="value">The metric's value.</param>
    /// <returns><see langword="true"/> when violated.</returns>
    public bool IsViolated(double value) => Comparison switch
    {
        Comparison.LessOrEqual => value > Threshold + Tolerance,
        Comparison.GreaterOrEqual => value < Threshold - Tolerance,
        _ => Math.Abs(value - Threshold) > Tolerance,
    };

    /// <summary>
    /// Returns the relative violation <c>|value − Threshold| / |Threshold|</c> when violated (the denominator is 1 when
    /// the threshold is 0), else 0. The distance is measured from the threshold, not from the edge of the tolerance.
    /// </summary>
    /// <param name="value">The metric's value.</param>
    /// <returns>The relative violation, at least 0.</returns>
    public double RelativeViolation(double value)
    {
        if (!IsViolated(value))
        {
            return 0.0;
        }

        // A zero threshold has no scale of its own; dividing by 1 keeps the penalty finite and proportional.
        double scale = Threshold == 0 ? 1.0 : Math.Abs(Threshold);
        return Math.Abs(value - Threshold) / scale;
    }

    internal static string Symbol(Comparison comparison) => comparison switch
    {
        Comparison.LessOrEqual => "<=",
        Comparison.GreaterOrEqual => ">=",
        _ => "==",
    };
}
