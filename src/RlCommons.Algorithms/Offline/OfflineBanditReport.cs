namespace RlCommons.Algorithms.Offline;

/// <summary>What an <see cref="OfflineContextualBandit"/> has learned from so far.</summary>
/// <param name="Rows">The logged decisions learned.</param>
/// <param name="ClippedPropensities">How many of them had a propensity below the floor and were weighted with the floor instead.</param>
/// <param name="MinimumPropensity">The smallest logged propensity seen (before clipping); 1 when no row was learned.</param>
/// <param name="PropensityFloor">The floor in use.</param>
public sealed record OfflineBanditReport(long Rows, long ClippedPropensities, double MinimumPropensity, double PropensityFloor)
{
    /// <summary>The share of rows whose propensity was clipped, in [0, 1]; 0 when no row was learned.</summary>
    public double ClippedShare => Rows == 0 ? 0 : (double)ClippedPropensities / Rows;
}
