namespace ProviderSelection;

/// <summary>What one routing policy achieved over the run.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Requests">How many requests it served.</param>
/// <param name="MeanReward">Mean observed reward.</param>
/// <param name="Regret">Total expected regret against the oracle that knows every provider's expected reward per request.</param>
/// <param name="MeanCost">Mean dollars per request.</param>
/// <param name="ErrorRate">Share of failed calls.</param>
/// <param name="Choices">How often each provider was chosen, by provider index.</param>
public sealed record PolicyResult(string Policy, int Requests, double MeanReward, double Regret, double MeanCost, double ErrorRate, int[] Choices);
