namespace RlCommons.Safety.Adjustment;

/// <summary>The allowed range and largest single change of one numeric policy parameter.</summary>
/// <param name="Min">The smallest allowed value.</param>
/// <param name="Max">The largest allowed value, above <paramref name="Min"/>.</param>
/// <param name="MaxStep">The largest change in one adjustment, positive.</param>
public sealed record ParameterLimits(double Min, double Max, double MaxStep);
