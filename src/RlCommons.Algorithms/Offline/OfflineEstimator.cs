namespace RlCommons.Algorithms.Offline;

/// <summary>How <see cref="OfflineContextualBandit"/> turns one logged reward into a reward estimate for every arm (VW's <c>--cb_type</c>).</summary>
public enum OfflineEstimator
{
    /// <summary>
    /// Inverse propensity scoring: the logged arm gets <c>r / p</c>, every other arm 0. Unbiased when the
    /// propensities are right, but its variance grows as 1/p.
    /// </summary>
    InversePropensity = 0,

    /// <summary>
    /// Doubly robust (Dudík, Langford &amp; Li 2011): every arm gets the reward model's prediction <c>r̂(x, a)</c>,
    /// and the logged arm adds the correction <c>(r − r̂(x, a)) / p</c>. Unbiased when either the propensities or
    /// the reward model are right, with far less variance than IPS when the model is good.
    /// </summary>
    DoublyRobust = 1,
}
