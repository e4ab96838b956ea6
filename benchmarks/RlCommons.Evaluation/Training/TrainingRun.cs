using RlCommons.Algorithms.Training;

namespace RlCommons.Evaluation.Training;

/// <summary>What one training run produced: the trained policy evaluated, and the run's own numbers.</summary>
/// <param name="Steps">Environment steps trained.</param>
/// <param name="TrainSeconds">Wall time of training.</param>
/// <param name="Evaluation">The deterministic policy's evaluation.</param>
/// <param name="EvalMeanCost">Mean episode cost, for constrained algorithms.</param>
internal sealed record TrainingRun(long Steps, double TrainSeconds, EvaluationResult Evaluation, double? EvalMeanCost = null);
