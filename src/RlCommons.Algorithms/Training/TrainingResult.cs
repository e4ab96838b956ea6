namespace RlCommons.Algorithms.Training;

/// <summary>The outcome of a training run.</summary>
/// <param name="Progress">The progress when the run ended.</param>
/// <param name="StoppedByCallback">Whether a callback stopped the run before it used all its steps.</param>
/// <param name="EpisodeReturns">The undiscounted return of every episode finished during the run, in order.</param>
public sealed record TrainingResult(TrainingProgress Progress, bool StoppedByCallback, IReadOnlyList<double> EpisodeReturns);
