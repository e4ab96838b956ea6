namespace RlCommons.Safety.Fallback;

/// <summary>Raised once when an apprentice is promoted to acting.</summary>
/// <param name="policyId">The apprentice's policy id.</param>
/// <param name="matchRate">The match rate over the window at promotion.</param>
/// <param name="sample">The number of proposals in the window at promotion.</param>
public sealed class ApprenticePromotedEventArgs(string policyId, double matchRate, int sample) : EventArgs
{
    /// <summary>The apprentice's policy id.</summary>
    public string PolicyId { get; } = policyId;

    /// <summary>The match rate over the window at promotion.</summary>
    public double MatchRate { get; } = matchRate;

    /// <summary>The number of proposals in the window at promotion.</summary>
    public int Sample { get; } = sample;
}
