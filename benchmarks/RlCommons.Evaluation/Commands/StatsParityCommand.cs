using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlCommons.Evaluation.Parity;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>stats-parity</c>: recomputes statistics cases recorded from scipy / statsmodels (JSON lines) with
/// <see cref="StatisticsParity"/>. Prints one line per reported mismatch, then the summary as one JSON object on the
/// last line. Exit code 0 when every case matches, 1 when any does not, 2 when the data cannot be read.
/// </summary>
internal static class StatsParityCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create() => ParityCommand.Create(
        "stats-parity",
        "Checks the experiment statistics against values computed by scipy and statsmodels.",
        "JSON-lines file: one case a line with a \"test\" field, its inputs and scipy's outputs.",
        Run);

    /// <summary>Checks every case of <paramref name="dataPath"/> and prints the result; returns the process exit code.</summary>
    public static int Run(string dataPath, TextWriter output, TextWriter error)
        => ParityCommand.Run(dataPath, output, error, StatisticsParity.CheckFile, r => (r.Mismatches, r.FirstMismatches, new StatsParitySummary(r.Cases, r.Mismatches, r.MaxRelativeError).ToJson()));

    /// <summary>The last line of the command's output.</summary>
    /// <param name="Cases">The number of cases checked.</param>
    /// <param name="Mismatches">The number of cases outside the tolerance.</param>
    /// <param name="MaxRelError">The largest relative error of any compared value.</param>
    private sealed record StatsParitySummary(
        [property: JsonPropertyName("cases")] int Cases,
        [property: JsonPropertyName("mismatches")] int Mismatches,
        [property: JsonPropertyName("max_rel_error")] double MaxRelError)
    {
        public string ToJson() => JsonSerializer.Serialize(this);
    }
}
