namespace ProviderSelection;

/// <summary>What happened when a provider served a request.</summary>
/// <param name="Quality">Graded answer quality in [0, 1] (0 when the call failed).</param>
/// <param name="LatencySeconds">Time to the full answer.</param>
/// <param name="CostDollars">Price of the call.</param>
/// <param name="Failed">Whether the call errored (timeout, rate limit, refusal).</param>
public sealed record LlmOutcome(double Quality, double LatencySeconds, double CostDollars, bool Failed);
