namespace RlCommons.Okr.Dsl;

/// <summary>How a constraint compares its metric with the threshold.</summary>
public enum Comparison
{
    /// <summary>The metric must stay at or below the threshold (plus the tolerance).</summary>
    LessOrEqual = 0,

    /// <summary>The metric must stay at or above the threshold (minus the tolerance).</summary>
    GreaterOrEqual = 1,

    /// <summary>The metric must stay within the tolerance of the threshold; a positive tolerance is required.</summary>
    Equal = 2,
}
