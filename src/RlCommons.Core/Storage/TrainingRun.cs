namespace RlCommons.Storage;

/// <summary>A training run as an <see cref="ITrainingRunStore"/> keeps it.</summary>
/// <param name="Id">The run's id; 1–200 characters, not blank, unique.</param>
/// <param name="PolicyId">The policy it trains.</param>
/// <param name="Algorithm">The algorithm (<c>dqn</c>, <c>ppo</c>…).</param>
/// <param name="Environment">What it trains on (an environment id, or <c>decision-log</c>).</param>
/// <param name="Started">When it started.</param>
/// <param name="Status">Its status: <c>Running</c>, <c>Completed</c>, <c>Failed</c> or <c>Cancelled</c>.</param>
/// <param name="Ended">When it ended, or <see langword="null"/> while it runs.</param>
/// <param name="Settings">Its settings as JSON, or <see langword="null"/>.</param>
public sealed record TrainingRun(string Id, string PolicyId, string Algorithm, string Environment, DateTimeOffset Started, string Status, DateTimeOffset? Ended, string? Settings);
