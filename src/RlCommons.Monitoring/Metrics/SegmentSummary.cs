namespace RlCommons.Monitoring.Metrics;

/// <summary>One segment's episode statistics.</summary>
/// <param name="Episodes">Episodes recorded in the segment.</param>
/// <param name="MeanReturn">The segment's mean return over its last window of episodes.</param>
public sealed record SegmentSummary(long Episodes, double MeanReturn);
