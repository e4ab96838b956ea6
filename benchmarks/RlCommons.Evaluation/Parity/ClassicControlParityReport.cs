namespace RlCommons.Evaluation.Parity;

/// <summary>The outcome of <see cref="ClassicControlParity.Check"/>.</summary>
/// <param name="Rows">The number of transitions checked.</param>
/// <param name="Mismatches">The number of transitions whose observation, reward or flags differ beyond the tolerance.</param>
/// <param name="MaxAbsError">The largest absolute difference seen in any observation component or reward.</param>
/// <param name="FirstMismatches">A description of each of the first mismatches (at most <see cref="ClassicControlParity.MaxReportedMismatches"/>).</param>
internal sealed record ClassicControlParityReport(int Rows, int Mismatches, double MaxAbsError, IReadOnlyList<string> FirstMismatches);
