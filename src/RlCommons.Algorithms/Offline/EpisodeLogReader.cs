using System.Globalization;
using System.Text.Json;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// Reads episode logs in JSON Lines: one JSON object a line, one line per step.
/// </summary>
/// <remarks>
/// <para>The line schema (names are case-sensitive; other properties are ignored):</para>
/// <code>
/// {"run_id": "r-17", "step": 0, "state": [0.5, 1.0], "action": 2, "reward": 0.25,
///  "policy_mode": "rule", "propensity": 0.5}
/// </code>
/// <list type="bullet">
/// <item><c>run_id</c>: a non-empty string; the steps of a run may be interleaved with other runs'.</item>
/// <item><c>step</c>: an integer ≥ 0, the step's position in its run.</item>
/// <item><c>state</c>: an array of exactly <c>dimension</c> finite numbers.</item>
/// <item><c>action</c>: an integer from 0 to <c>actionCount</c> − 1.</item>
/// <item><c>reward</c>: a finite number.</item>
/// <item><c>policy_mode</c>: <c>"rule"</c>, <c>"learned"</c> or <c>"static"</c>.</item>
/// <item><c>propensity</c>: optional (absent or null); otherwise a number in (0, 1].</item>
/// </list>
/// <para>
/// A line that is not such an object, or that repeats a (run, step) pair already read, is skipped and counted; blank
/// lines are ignored. Thread-safe (no shared state).
/// </para>
/// </remarks>
public static class EpisodeLogReader
{
    /// <summary>The number of problems kept in <see cref="EpisodeLog.Problems"/>; the rest are only counted.</summary>
    public const int MaxProblems = 100;

    /// <summary>Reads an episode log from <paramref name="reader"/> to its end.</summary>
    /// <param name="reader">The JSON Lines text.</param>
    /// <param name="actionCount">The number of actions; logged actions must be below it.</param>
    /// <param name="dimension">The length every state must have.</param>
    /// <returns>The valid steps and the counts of what was skipped.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actionCount"/> is below 2 or <paramref name="dimension"/> below 1.</exception>
    public static EpisodeLog Read(TextReader reader, int actionCount, int dimension)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        var steps = new List<EpisodeStep>();
        var problems = new List<string>();
        var seen = new HashSet<(string, int)>();
        int lines = 0;
        int malformed = 0;
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            lines++;
            string? problem = TryParse(line, actionCount, dimension, out EpisodeStep? step);
            if (problem is null && !seen.Add((step!.RunId, step.Step)))
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"run '{step.RunId}' step {step.Step} appears twice");
            }

            if (problem is not null)
            {
                malformed++;
                if (problems.Count < MaxProblems)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {problem}"));
                }

                continue;
            }

            steps.Add(step!);
        }

        return new EpisodeLog(steps, lines, malformed, problems);
    }

    /// <summary>Returns null and the step when <paramref name="line"/> is valid, else a description of the first problem.</summary>
    private static string? TryParse(string line, int actionCount, int dimension, out EpisodeStep? step)
    {
        step = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return $"not JSON ({e.Message})";
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "not a JSON object";
            }

            if (!root.TryGetProperty("run_id", out JsonElement run) || run.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(run.GetString()))
            {
                return "run_id must be a non-empty string";
            }

            if (!root.TryGetProperty("step", out JsonElement stepElement) || stepElement.ValueKind != JsonValueKind.Number || !stepElement.TryGetInt32(out int index) || index < 0)
            {
                return "step must be an integer of at least 0";
            }

            if (!root.TryGetProperty("state", out JsonElement stateElement) || stateElement.ValueKind != JsonValueKind.Array)
            {
                return "state must be an array of numbers";
            }

            if (stateElement.GetArrayLength() != dimension)
            {
                return string.Create(CultureInfo.InvariantCulture, $"state has {stateElement.GetArrayLength()} values, expected {dimension}");
            }

            var state = new float[dimension];
            int i = 0;
            foreach (JsonElement value in stateElement.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !float.IsFinite(state[i] = (float)number))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"state[{i}] is not a finite number");
                }

                i++;
            }

            if (!root.TryGetProperty("action", out JsonElement actionElement) || actionElement.ValueKind != JsonValueKind.Number || !actionElement.TryGetInt32(out int action) || (uint)action >= (uint)actionCount)
            {
                return string.Create(CultureInfo.InvariantCulture, $"action must be an integer from 0 to {actionCount - 1}");
            }

            if (!root.TryGetProperty("reward", out JsonElement rewardElement) || rewardElement.ValueKind != JsonValueKind.Number || !rewardElement.TryGetDouble(out double reward) || !double.IsFinite(reward))
            {
                return "reward must be a finite number";
            }

            PolicyMode? mode = root.TryGetProperty("policy_mode", out JsonElement modeElement) && modeElement.ValueKind == JsonValueKind.String
                ? modeElement.GetString() switch
                {
                    "rule" => PolicyMode.Rule,
                    "learned" => PolicyMode.Learned,
                    "static" => PolicyMode.Static,
                    _ => null,
                }
                : null;
            if (mode is null)
            {
                return "policy_mode must be \"rule\", \"learned\" or \"static\"";
            }

            double? propensity = null;
            if (root.TryGetProperty("propensity", out JsonElement propensityElement) && propensityElement.ValueKind != JsonValueKind.Null)
            {
                if (propensityElement.ValueKind != JsonValueKind.Number || !propensityElement.TryGetDouble(out double p) || !(p is > 0 and <= 1))
                {
                    return "propensity must be null or a number in (0, 1]";
                }

                propensity = p;
            }

            step = new EpisodeStep(run.GetString()!, index, state, action, reward, mode.Value, propensity);
            return null;
        }
    }
}
