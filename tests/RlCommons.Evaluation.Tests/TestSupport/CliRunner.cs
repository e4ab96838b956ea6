using System.Text.Json;

namespace RlCommons.Evaluation.Tests.TestSupport;

/// <summary>Runs the evaluation CLI in process and reads its result line.</summary>
internal static class CliRunner
{
    /// <summary>Runs the CLI with <paramref name="args"/>; returns the exit code and what it wrote.</summary>
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = EvaluationCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Parses the last line of <paramref name="output"/> as one JSON object.</summary>
    public static JsonElement LastLineJson(string output)
    {
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        return json.RootElement.Clone();
    }
}
