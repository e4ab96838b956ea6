using RlCommons.Offline;

namespace RlCommons.Evaluation.Protocol;

/// <summary>The outcome of one <see cref="OfflineExperiment"/>.</summary>
/// <param name="TrainRows">The logged rows learned.</param>
/// <param name="HeldoutRows">The rows scored.</param>
/// <param name="HeldoutAccuracy">The greedy policy's share of held-out rows where it chose the label's arm.</param>
/// <param name="Report">The learner's report (rows, clipped propensities).</param>
internal sealed record OfflineExperimentResult(int TrainRows, int HeldoutRows, double HeldoutAccuracy, OfflineBanditReport Report);
