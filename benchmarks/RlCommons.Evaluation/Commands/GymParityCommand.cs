using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using RlCommons.Evaluation.Parity;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>gym-parity</c>: replays transitions recorded from Gymnasium's classic-control tasks through the ports and
/// compares observation, reward and flags. Prints one line per reported mismatch, then the summary as one JSON
/// object on the last line. Exit code 0 when every row matches, 1 when any does not, 2 when the data cannot be read.
/// </summary>
internal static class GymParityCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create() => ParityCommand.Create(
        "gym-parity",
        "Checks the classic-control environments against transitions recorded from Gymnasium.",
        "CSV file: env, episode, step, state before the step, action, observation after it, reward, terminated, truncated.",
        Run);

    /// <summary>Checks every row of <paramref name="dataPath"/> and prints the result; returns the process exit code.</summary>
    public static int Run(string dataPath, TextWriter output, TextWriter error)
        => ParityCommand.Run(dataPath, output, error, ClassicControlParity.CheckFile, r => (r.Mismatches, r.FirstMismatches, new GymParitySummary(r.Rows, r.Mismatches, r.MaxAbsError).ToJson()));

    /// <summary>The last line of the command's output.</summary>
    /// <param name="Rows">The number of transitions checked.</param>
    /// <param name="Mismatches">The number of transitions outside the tolerance.</param>
    /// <param name="MaxAbsError">The largest absolute difference in any observation component or reward.</param>
    private sealed record GymParitySummary(
        [property: JsonPropertyName("rows")] int Rows,
        [property: JsonPropertyName("mismatches")] int Mismatches,
        [property: JsonPropertyName("max_abs_error")] double MaxAbsError)
    {
        public string ToJson() => JsonSerializer.Serialize(this);
    }
}
