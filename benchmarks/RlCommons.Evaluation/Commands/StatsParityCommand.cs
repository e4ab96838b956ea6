using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>stats-parity</c>: recomputes statistics cases recorded from scipy / statsmodels (JSON lines) with
/// <see cref="StatisticsParity"/>. Prints one line per reported mismatch, then the summary as one JSON object on the
/// last line. Exit code 0 when every case matches, 1 when any does not, 2 when the data cannot be read.
/// </summary>
internal static class StatsParityCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "JSON-lines file: one case a line with a \"test\" field, its inputs and scipy's outputs.",
            Required = true,
        };
        var command = new Command("stats-parity", "Checks the experiment statistics against values computed by scipy and statsmodels.") { data };
        command.SetAction(parse => Run(parse.GetRequiredValue(data), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Checks every case of <paramref name="dataPath"/> and prints the result; returns the process exit code.</summary>
    public static int Run(string dataPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        StatisticsParityReport report;
        try
        {
            report = StatisticsParity.CheckFile(dataPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        foreach (string mismatch in report.FirstMismatches)
        {
            output.WriteLine($"mismatch: {mismatch}");
        }

        if (report.Mismatches > report.FirstMismatches.Count)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… and {report.Mismatches - report.FirstMismatches.Count} more mismatches"));
        }

        output.WriteLine(new StatsParitySummary(report.Cases, report.Mismatches, report.MaxRelativeError).ToJson());
        return report.Mismatches == 0 ? 0 : 1;
    }

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
