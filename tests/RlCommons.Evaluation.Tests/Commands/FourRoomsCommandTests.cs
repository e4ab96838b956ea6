using System.Text.Json;
using RlCommons.Evaluation.Hierarchical;
using RlCommons.Evaluation.Tests.TestSupport;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class FourRoomsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static double StepsAfterGoalChange(string output)
    {
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        return json.RootElement.GetProperty("steps_after_goal_change").GetProperty("option-critic").GetDouble();
    }

    [Fact]
    public void Run_SmallExperiment_PrintsOneLinePerAgentJsonAndWritesTheSvg()
    {
        string svg = Path.Combine(_temp.Path, "curve.svg");

        (int code, string output, string error) = Run("four-rooms", "--runs", "2", "--episodes", "40", "--goal-change", "20", "--agents", "sarsa", "option-critic", "--svg", svg);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("sarsa: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("option-critic: ", lines[1], StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(lines[^1]);
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetInt32());
        Assert.Equal(["sarsa", "option-critic"], json.RootElement.GetProperty("steps_after_goal_change").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("<svg", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OptionCriticSettings_AreTheExperimentsSettings()
    {
        string[] tuned = ["--oc-critic-alpha", "0.3", "--oc-intra-alpha", "0.5", "--oc-termination-alpha", "1", "--oc-epsilon", "0.05", "--oc-options", "2", "--oc-temperature", "0.2", "--oc-entropy", "0", "--oc-xi", "0.01"];

        (int code, string output, _) = Run(["four-rooms", "--runs", "2", "--episodes", "60", "--goal-change", "30", "--agents", "option-critic", .. tuned]);
        (_, string defaults, _) = Run("four-rooms", "--runs", "2", "--episodes", "60", "--goal-change", "30", "--agents", "option-critic");

        Assert.Equal(0, code);
        var settings = new FourRoomsSettings(2, 0, 60, 30)
        {
            OptionCriticCriticLearningRate = 0.3, OptionCriticIntraLearningRate = 0.5, OptionCriticTerminationLearningRate = 1, OptionCriticEpsilon = 0.05,
            OptionCriticOptionCount = 2, OptionCriticTemperature = 0.2, OptionCriticEntropy = 0, OptionCriticXi = 0.01,
        };
        double expected = Math.Round(FourRoomsExperiment.Run(settings, [FourRoomsAgent.OptionCritic])[0].WindowMean, 4);
        Assert.Equal(expected, StepsAfterGoalChange(output));
        Assert.NotEqual(expected, StepsAfterGoalChange(defaults));
    }

    [Fact]
    public void Run_InvalidOptionCriticSetting_ExitsOneNamingIt()
    {
        (int code, _, string error) = Run("four-rooms", "--runs", "1", "--episodes", "10", "--goal-change", "5", "--agents", "option-critic", "--oc-critic-alpha", "1.5", "--oc-options", "0");

        Assert.Equal(1, code);
        Assert.Contains("CriticLearningRate must be in (0, 1], was 1.5", error, StringComparison.Ordinal);
        Assert.Contains("OptionCount must be at least 1, was 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_GoalChangeAfterTheLastEpisode_ExitsOneWithAMessage()
    {
        (int code, _, string error) = Run("four-rooms", "--runs", "1", "--episodes", "10", "--goal-change", "10");

        Assert.Equal(1, code);
        Assert.Contains("goal change must fall within the episodes", error, StringComparison.Ordinal);
    }
}
