using RlCommons.Algorithms.Training;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>The returns and costs of a constrained policy over evaluation episodes.</summary>
/// <param name="Evaluation">The returns and lengths.</param>
/// <param name="EpisodeCosts">The undiscounted cost of each episode, in order.</param>
public sealed record ConstrainedEvaluationResult(EvaluationResult Evaluation, IReadOnlyList<double> EpisodeCosts)
{
    /// <summary>The mean episode cost.</summary>
    public double MeanCost => EpisodeCosts.Average();
}
