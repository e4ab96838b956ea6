namespace RlCommons.Storage;

/// <summary>One point of a training run's curves: a named metric at a step.</summary>
/// <param name="Step">The environment step (or update) it was measured at; not negative.</param>
/// <param name="Name">The metric (<c>return</c>, <c>eval_return</c>, <c>loss</c>, <c>entropy</c>, <c>epsilon</c>…); not blank.</param>
/// <param name="Value">Its value; finite.</param>
/// <param name="At">When it was measured.</param>
public sealed record TrainingMetricPoint(long Step, string Name, double Value, DateTimeOffset At);
