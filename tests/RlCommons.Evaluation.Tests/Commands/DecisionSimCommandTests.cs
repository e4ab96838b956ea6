using System.Text.Json;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class DecisionSimCommandTests
{
    [Fact]
    public void Run_SmallScenario_PrintsOneJsonLineWithTheSpecifiedFields()
    {
        (int code, string output, string error) = Run("decision-sim", "--decisions", "2000", "--duplicate-rate", "0.1", "--late-rate", "0.05", "--missing-rate", "0.05", "--seed", "3");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = output.TrimEnd().Split('\n');
        Assert.Single(lines);
        using JsonDocument json = JsonDocument.Parse(lines[0]);
        JsonElement root = json.RootElement;
        Assert.Equal(
            ["decisions", "rewards_received", "rewards_learned", "duplicates_rejected", "late", "missing", "orphans", "ope_estimate", "ope_ci_low", "ope_ci_high", "true_value", "seconds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2000, root.GetProperty("decisions").GetInt64());
        Assert.Equal(0, root.GetProperty("orphans").GetInt64());
        Assert.True(root.GetProperty("rewards_learned").GetInt64() > 1700);
    }

    [Fact]
    public void Run_BadRate_ExitsOneWithTheMessage()
    {
        (int code, _, string error) = Run("decision-sim", "--decisions", "100", "--missing-rate", "2");

        Assert.Equal(1, code);
        Assert.Contains("--missing-rate must be in [0, 1]", error);
    }
}
