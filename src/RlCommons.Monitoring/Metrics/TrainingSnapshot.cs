namespace RlCommons.Monitoring.Metrics;

/// <summary>The state of a <see cref="TrainingTracker"/> at one moment.</summary>
/// <param name="Episodes">Episodes recorded so far.</param>
/// <param name="Steps">Environment steps recorded so far.</param>
/// <param name="MeanReturn">The mean return over the last window of episodes; NaN before the first.</param>
/// <param name="MeanLength">The mean length over the last window of episodes; NaN before the first.</param>
/// <param name="MeanLosses">The rolling mean of each loss term.</param>
/// <param name="MeanEntropy">The rolling mean policy entropy; NaN before the first value.</param>
/// <param name="EntropyCollapsed">Whether the rolling entropy fell below the collapse fraction of the reference.</param>
/// <param name="StepsPerSecond">Steps recorded divided by the time since the tracker was created; 0 when no time has passed.</param>
/// <param name="Segments">Per segment: episodes and rolling mean return (the same metric broken down by a segment tag).</param>
/// <param name="History">Episode returns and the rolling mean after each, oldest first, for training curves.</param>
public sealed record TrainingSnapshot(
    long Episodes,
    long Steps,
    double MeanReturn,
    double MeanLength,
    IReadOnlyDictionary<string, double> MeanLosses,
    double MeanEntropy,
    bool EntropyCollapsed,
    double StepsPerSecond,
    IReadOnlyDictionary<string, SegmentSummary> Segments,
    IReadOnlyList<EpisodePoint> History);
