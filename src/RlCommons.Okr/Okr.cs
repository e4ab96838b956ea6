using RlCommons.Okr.Dsl;
using RlCommons.Okr.Progress;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Serialization;

namespace RlCommons.Okr;

/// <summary>
/// An objective with weighted key results, constraints and an optional north-star metric: a business goal stated
/// so that <see cref="OkrReward"/> can turn it into an explainable reward. Declare one with <see cref="Create"/>,
/// or read one from JSON with <see cref="FromJson"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <example>
/// <code>
/// Okr okr = Okr.Create("revenue_q1")
///     .WithObjective("Maximize revenue while maintaining quality")
///     .WithKeyResult("monthly_recurring_revenue", 100_000, Direction.Maximize, weight: 0.6, unit: "USD")
///     .WithKeyResult("customer_satisfaction", 0.9, Direction.Maximize, weight: 0.4)
///     .WithConstraint("churn_rate", Comparison.LessOrEqual, 0.05, penalty: 10)
///     .WithNorthStar("customer_lifetime_value")
///     .Build();
/// </code>
/// </example>
public sealed class Okr
{
    internal Okr(string id, string objective, KeyResult[] keyResults, Constraint[] constraints, string? northStar)
    {
        Id = id;
        Objective = objective;
        KeyResults = keyResults;
        Constraints = constraints;
        NorthStar = northStar;
    }

    /// <summary>Gets the identifier, for example <c>revenue_q1</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the objective in words.</summary>
    public string Objective { get; }

    /// <summary>Gets the key results in declaration order; their <see cref="KeyResult.Weight"/>s sum to 1.</summary>
    public IReadOnlyList<KeyResult> KeyResults { get; }

    /// <summary>Gets the constraints in declaration order.</summary>
    public IReadOnlyList<Constraint> Constraints { get; }

    /// <summary>Gets the north-star metric, or <see langword="null"/>.</summary>
    public string? NorthStar { get; }

    /// <summary>Starts declaring an OKR.</summary>
    /// <param name="id">The identifier; must not be empty (checked by <see cref="OkrBuilder.Build"/> together with everything else).</param>
    /// <returns>A builder.</returns>
    public static OkrBuilder Create(string id) => new(id);

    /// <summary>Reads an OKR from JSON written by <see cref="ToJson"/> (or by hand in the same shape) and validates it as <see cref="OkrBuilder.Build"/> does.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The OKR.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="OkrValidationException">The text is not valid JSON of this shape (the message gives the JSON path), or the definition is not valid (the message lists every problem).</exception>
    public static Okr FromJson(string json) => OkrJson.Read(json);

    /// <summary>Writes this OKR as indented JSON (camelCase names, enums as strings, declared weights), which <see cref="FromJson"/> reads back exactly.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => OkrJson.Write(this);

    /// <summary>Measures where a metric snapshot stands: progress per key result, overall progress, constraint status and the north-star value.</summary>
    /// <param name="metrics">The metric values.</param>
    /// <returns>The progress record.</returns>
    /// <exception cref="ArgumentException">A key-result or constraint metric is missing and has no default, or a value is not finite.</exception>
    public OkrProgress Evaluate(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var keyResults = new KeyResultProgress[KeyResults.Count];
        double overall = 0;
        for (int i = 0; i < keyResults.Length; i++)
        {
            KeyResult kr = KeyResults[i];
            double value = Metrics.Read(metrics, kr.Metric, kr.DefaultValue, nameof(metrics));
            double progress = kr.Progress(value);
            overall += kr.Weight * progress;
            keyResults[i] = new KeyResultProgress(kr.Metric, value, kr.Target, kr.Direction, kr.Weight, progress, kr.Unit);
        }

        var constraints = new ConstraintStatus[Constraints.Count];
        for (int i = 0; i < constraints.Length; i++)
        {
            Constraint c = Constraints[i];
            double value = Metrics.Read(metrics, c.Metric, c.DefaultValue, nameof(metrics));
            bool violated = c.IsViolated(value);
            constraints[i] = new ConstraintStatus(c.Name, c.Metric, c.Comparison, c.Threshold, value, !violated, violated ? Math.Abs(value - c.Threshold) : 0.0);
        }

        double? northStar = null;
        if (NorthStar is not null && metrics.TryGetValue(NorthStar, out double star))
        {
            northStar = star;
        }

        return new OkrProgress(Id, keyResults, overall, constraints, NorthStar, northStar);
    }

    /// <summary>Φ(s) = Σ wᵢ · progressᵢ(s): the weighted progress used as the shaping potential.</summary>
    internal double Potential(IReadOnlyDictionary<string, double> metrics, string paramName)
    {
        double potential = 0;
        foreach (KeyResult kr in KeyResults)
        {
            potential += kr.Weight * kr.Progress(Metrics.Read(metrics, kr.Metric, kr.DefaultValue, paramName));
        }

        return potential;
    }
}
