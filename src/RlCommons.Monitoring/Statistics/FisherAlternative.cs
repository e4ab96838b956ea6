namespace RlCommons.Monitoring.Statistics;

/// <summary>The alternative hypothesis of Fisher's exact test, about the odds ratio of a 2×2 table.</summary>
public enum FisherAlternative
{
    /// <summary>The odds ratio differs from 1.</summary>
    TwoSided,

    /// <summary>The odds ratio is below 1.</summary>
    Less,

    /// <summary>The odds ratio is above 1.</summary>
    Greater,
}
