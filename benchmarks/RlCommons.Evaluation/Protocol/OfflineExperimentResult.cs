using RlCommons.Algorithms.Offline;

namespace RlCommons.Evaluation.Protocol;

/// <summary>The outcome of one <see cref="OfflineExperiment"/>.</summary>
/// <param name="TrainRows">The logged rows learned.</param>
/// <param name="HeldoutRows">The rows scored.</param>
/// <param name="HeldoutAccuracy">The greedy policy's share of held-out rows where it chose the label's arm.</param>
/// <param name="Report">The learner's report (rows, clipped propensities).</param>
/// <param name="PolicyLambda">The policy's cross-validated ridge λ.</param>
/// <param name="RewardModelLambda">The doubly robust reward model's cross-validated ridge λ (unused by IPS).</param>
internal sealed record OfflineExperimentResult(int TrainRows, int HeldoutRows, double HeldoutAccuracy, OfflineBanditReport Report, double PolicyLambda, double RewardModelLambda);
