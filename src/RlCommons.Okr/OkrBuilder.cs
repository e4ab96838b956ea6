using RlCommons.Okr.Dsl;

namespace RlCommons.Okr;

/// <summary>
/// Declares an <see cref="Okr"/> fluently; start with <see cref="Okr.Create"/>. Nothing is checked until
/// <see cref="Build"/>, which reports every problem at once. Not thread-safe.
/// </summary>
public sealed class OkrBuilder
{
    private readonly string _id;
    private readonly List<KeyResultSpec> _keyResults = [];
    private readonly List<ConstraintSpec> _constraints = [];
    private string? _objective;
    private string? _northStar;

    internal OkrBuilder(string id) => _id = id;

    /// <summary>Sets the objective: the qualitative goal, in words.</summary>
    /// <param name="objective">A non-empty sentence.</param>
    /// <returns>This builder.</returns>
    public OkrBuilder WithObjective(string objective)
    {
        _objective = objective;
        return this;
    }

    /// <summary>Adds a key result.</summary>
    /// <param name="metric">The metric's name, unique among the key results.</param>
    /// <param name="target">The target value; finite and non-zero (it scales the reward).</param>
    /// <param name="direction">Whether the metric should rise or fall.</param>
    /// <param name="weight">The relative importance; finite and positive. The default is 1. Weights are normalized to sum to 1.</param>
    /// <param name="unit">The metric's unit for reports, or <see langword="null"/>.</param>
    /// <param name="defaultValue">The value assumed when a metric snapshot lacks the metric; <see langword="null"/> (the default) makes a missing metric an error.</param>
    /// <returns>This builder.</returns>
    public OkrBuilder WithKeyResult(string metric, double target, Direction direction, double weight = 1.0, string? unit = null, double? defaultValue = null)
    {
        _keyResults.Add(new KeyResultSpec(metric, target, direction, weight, unit, defaultValue));
        return this;
    }

    /// <summary>Adds a constraint that is penalized while violated.</summary>
    /// <param name="metric">The metric's name (it may also be a key result's metric).</param>
    /// <param name="comparison">How the metric must compare with <paramref name="threshold"/>.</param>
    /// <param name="threshold">The threshold; finite, 0 allowed (see <see cref="Constraint.RelativeViolation"/>).</param>
    /// <param name="penalty">The penalty per unit of relative violation; finite and at least 0. The default is 1.</param>
    /// <param name="tolerance">The slack before a violation counts; required to be positive for <see cref="Comparison.Equal"/>. The default is 0.</param>
    /// <param name="defaultValue">The value assumed when a metric snapshot lacks the metric; <see langword="null"/> (the default) makes a missing metric an error.</param>
    /// <returns>This builder.</returns>
    public OkrBuilder WithConstraint(string metric, Comparison comparison, double threshold, double penalty = 1.0, double tolerance = 0.0, double? defaultValue = null)
    {
        _constraints.Add(new ConstraintSpec(metric, comparison, threshold, penalty, tolerance, defaultValue));
        return this;
    }

    /// <summary>Names the north-star metric reported by <see cref="Okr.Evaluate"/>; it need not be a key result's metric.</summary>
    /// <param name="metric">The metric's name.</param>
    /// <returns>This builder.</returns>
    public OkrBuilder WithNorthStar(string metric)
    {
        _northStar = metric;
        return this;
    }

    /// <summary>Validates the declaration and builds the immutable OKR with normalized weights.</summary>
    /// <returns>The OKR.</returns>
    /// <exception cref="OkrValidationException">
    /// Anything is wrong: empty id or objective, no key result, an empty or duplicate metric, a non-finite or
    /// non-positive weight, a zero or non-finite target, a non-finite threshold or default, a negative penalty or
    /// tolerance, an equality constraint without a tolerance, an empty north star. The message lists every problem.
    /// </exception>
    public Okr Build() => OkrDefinition.Build(_id, _objective, _keyResults, _constraints, _northStar);
}
