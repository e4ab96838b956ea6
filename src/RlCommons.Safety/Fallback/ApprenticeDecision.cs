namespace RlCommons.Safety.Fallback;

/// <summary>One decision in apprentice mode.</summary>
/// <param name="Acted">What was done: the baseline's decision before promotion, the apprentice's after.</param>
/// <param name="Proposal">What the apprentice proposed before promotion (null when it was not ready, failed, or is promoted).</param>
/// <param name="Matched">Whether the proposal equals the baseline's action; null when there was no proposal.</param>
public sealed record ApprenticeDecision(SafeDecision Acted, Decision? Proposal, bool? Matched);
