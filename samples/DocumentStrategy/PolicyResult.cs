namespace DocumentStrategy;

/// <summary>What one strategy policy achieved over the run.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Documents">How many documents it processed.</param>
/// <param name="MeanReward">Mean observed OKR reward.</param>
/// <param name="MeanAccuracy">Mean observed accuracy.</param>
/// <param name="MeanCostPerPage">Mean dollars per page.</param>
/// <param name="LateShare">Share of documents over the 90 s latency constraint.</param>
/// <param name="MatchedBest">Share of documents sent to the best strategy (by noise-free expected reward).</param>
/// <param name="Choices">How often each strategy was chosen, by strategy index.</param>
public sealed record PolicyResult(string Policy, int Documents, double MeanReward, double MeanAccuracy, double MeanCostPerPage, double LateShare, double MatchedBest, int[] Choices);
