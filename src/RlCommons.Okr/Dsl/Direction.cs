namespace RlCommons.Okr.Dsl;

/// <summary>Which way a key result's metric should move.</summary>
public enum Direction
{
    /// <summary>Higher is better: progress is <c>value / target</c>.</summary>
    Maximize = 0,

    /// <summary>Lower is better: progress is <c>target / value</c>, and a rise of the metric is penalized.</summary>
    Minimize = 1,
}
