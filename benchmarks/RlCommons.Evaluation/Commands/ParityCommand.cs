using System.CommandLine;
using System.Globalization;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// What the parity subcommands share: a required <c>--data</c> file, one line per reported mismatch, the summary
/// as one JSON object on the last line, and exit code 0 when everything matches, 1 when anything does not,
/// 2 when the data cannot be read.
/// </summary>
internal static class ParityCommand
{
    /// <summary>Builds a parity subcommand that runs <paramref name="run"/> on the <c>--data</c> file.</summary>
    public static Command Create(string name, string description, string dataDescription, Func<string, TextWriter, TextWriter, int> run)
    {
        var data = new Option<string>("--data") { Description = dataDescription, Required = true };
        var command = new Command(name, description) { data };
        command.SetAction(parse => run(parse.GetRequiredValue(data), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Checks <paramref name="dataPath"/> with <paramref name="check"/>, prints the mismatches and the summary, and returns the exit code.</summary>
    /// <param name="dataPath">The data file.</param>
    /// <param name="output">Where the mismatches and the summary go.</param>
    /// <param name="error">Where a read failure goes.</param>
    /// <param name="check">Checks the file.</param>
    /// <param name="describe">The report's mismatch count, its first mismatches, and its JSON summary.</param>
    public static int Run<TReport>(string dataPath, TextWriter output, TextWriter error, Func<string, TReport> check, Func<TReport, (int Mismatches, IReadOnlyList<string> FirstMismatches, string SummaryJson)> describe)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        TReport report;
        try
        {
            report = check(dataPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        (int mismatches, IReadOnlyList<string> first, string summary) = describe(report);
        foreach (string mismatch in first)
        {
            output.WriteLine($"mismatch: {mismatch}");
        }

        if (mismatches > first.Count)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"… and {mismatches - first.Count} more mismatches"));
        }

        output.WriteLine(summary);
        return mismatches == 0 ? 0 : 1;
    }
}
