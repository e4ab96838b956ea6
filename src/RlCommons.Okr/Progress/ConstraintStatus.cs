using RlCommons.Okr.Dsl;

namespace RlCommons.Okr.Progress;

/// <summary>Whether one constraint is met, and by how much it is violated.</summary>
/// <param name="Name">The constraint written out, for example <c>churn_rate &lt;= 0.05</c>.</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="Comparison">The comparison.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="Value">The metric's value (or its declared default).</param>
/// <param name="IsMet">Whether the constraint holds (within its tolerance).</param>
/// <param name="Violation">The absolute distance <c>|Value − Threshold|</c> when violated, else 0.</param>
public sealed record ConstraintStatus(string Name, string Metric, Comparison Comparison, double Threshold, double Value, bool IsMet, double Violation);
