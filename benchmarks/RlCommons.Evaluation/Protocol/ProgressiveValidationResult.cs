namespace RlCommons.Evaluation.Protocol;

/// <summary>The outcome of a progressive-validation run.</summary>
/// <param name="Decisions">The number of decisions made (rows × passes).</param>
/// <param name="Rewards">The number of decisions that earned reward 1.</param>
internal readonly record struct ProgressiveValidationResult(long Decisions, long Rewards)
{
    /// <summary>The progressive-validation accuracy: the mean reward over all decisions.</summary>
    public double Accuracy => Decisions == 0 ? 0 : (double)Rewards / Decisions;
}
