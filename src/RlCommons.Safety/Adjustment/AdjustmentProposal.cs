namespace RlCommons.Safety.Adjustment;

/// <summary>A proposed change to a numeric policy, usually computed from aggregated feedback.</summary>
/// <param name="NewValues">The proposed new values by parameter name.</param>
/// <param name="Proposer">Who or what proposes it.</param>
/// <param name="Reason">Why (for example the feedback it is based on).</param>
/// <param name="HighStakes">When true the change goes through the approval callback, whatever its size.</param>
public sealed record AdjustmentProposal(IReadOnlyDictionary<string, double> NewValues, string Proposer, string Reason, bool HighStakes = false);
