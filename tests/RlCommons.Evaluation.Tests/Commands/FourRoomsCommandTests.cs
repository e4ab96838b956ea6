using System.Text.Json;
using RlCommons.Evaluation.Tests.TestSupport;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class FourRoomsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

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
    public void Run_GoalChangeAfterTheLastEpisode_ExitsOneWithAMessage()
    {
        (int code, _, string error) = Run("four-rooms", "--runs", "1", "--episodes", "10", "--goal-change", "10");

        Assert.Equal(1, code);
        Assert.Contains("goal change must fall within the episodes", error, StringComparison.Ordinal);
    }
}
