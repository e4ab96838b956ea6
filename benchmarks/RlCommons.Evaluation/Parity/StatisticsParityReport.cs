namespace RlCommons.Evaluation.Parity;

/// <summary>The result of checking reference statistics cases.</summary>
/// <param name="Cases">The number of cases (lines) checked.</param>
/// <param name="Mismatches">The number of cases with at least one value outside its tolerance.</param>
/// <param name="MaxRelativeError">The largest relative error over every compared value.</param>
/// <param name="FirstMismatches">Descriptions of the first mismatching cases (at most 20).</param>
internal sealed record StatisticsParityReport(int Cases, int Mismatches, double MaxRelativeError, IReadOnlyList<string> FirstMismatches);
