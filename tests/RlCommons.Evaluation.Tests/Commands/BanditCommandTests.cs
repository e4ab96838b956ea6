using System.Text.Json;
using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Policies;
using RlCommons.Evaluation.Protocol;
using RlCommons.Evaluation.Tests.TestSupport;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class BanditCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _data;

    public BanditCommandTests()
    {
        string[] lines = ["label,a,b", .. Enumerable.Range(0, 60).Select(i => $"{i % 3},{i % 3},{(i * 7) % 5}")];
        _data = _temp.Write("three.csv", lines);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_ValidArguments_PrintsOneJsonObjectWithTheSpecifiedFieldsOnTheLastLine()
    {
        (int code, string output, string error) = Run("bandit", "--data", _data, "--policy", "linucb", "--alpha", "0.5", "--seed", "4", "--passes", "2");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string last = output.TrimEnd().Split('\n')[^1];
        using JsonDocument json = JsonDocument.Parse(last);
        JsonElement root = json.RootElement;
        Assert.Equal(["policy", "rows", "arms", "pv_accuracy", "seconds", "decisions_per_second"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("linucb", root.GetProperty("policy").GetString());
        Assert.Equal(120, root.GetProperty("rows").GetInt64());
        Assert.Equal(3, root.GetProperty("arms").GetInt32());
        Assert.Equal(ExpectedAccuracy(new BanditPolicySettings("linucb", 0.5, null, 4), passes: 2), root.GetProperty("pv_accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("seconds").ValueKind);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("decisions_per_second").ValueKind);
    }

    [Fact]
    public void Run_DefaultOptions_UseSeedZeroAndOnePass()
    {
        (int code, string output, _) = Run("bandit", "--data", _data, "--policy", "egreedy-linear");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(60, json.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(ExpectedAccuracy(new BanditPolicySettings("egreedy-linear", null, null, 0), passes: 1), json.RootElement.GetProperty("pv_accuracy").GetDouble());
    }

    [Fact]
    public void Run_MissingFile_FailsWithAMessageOnStandardError()
    {
        (int code, string output, string error) = Run("bandit", "--data", Path.Combine(_temp.Path, "none.csv"), "--policy", "ucb1");

        Assert.NotEqual(0, code);
        Assert.Contains("none.csv' does not exist", error);
        Assert.DoesNotContain("{", output);
    }

    [Fact]
    public void Run_RaggedFile_FailsNamingTheLine()
    {
        string ragged = _temp.Write("ragged.csv", "label,a,b", "0,1,2", "1,2");

        (int code, _, string error) = Run("bandit", "--data", ragged, "--policy", "random");

        Assert.NotEqual(0, code);
        Assert.Contains("error: ragged.csv, line 3: 2 columns, but the header has 3.", error);
    }

    [Fact]
    public void Run_BadLabel_FailsNamingTheLabel()
    {
        string bad = _temp.Write("bad.csv", "label,a", "0,1", "one,2");

        (int code, _, string error) = Run("bandit", "--data", bad, "--policy", "random");

        Assert.NotEqual(0, code);
        Assert.Contains("the label 'one' is not an integer", error);
    }

    [Fact]
    public void Run_UnknownPolicy_FailsListingTheChoices()
    {
        (int code, _, string error) = Run("bandit", "--data", _data, "--policy", "greedy");

        Assert.NotEqual(0, code);
        Assert.Contains("'greedy'", error);
        Assert.Contains("linucb", error);
    }

    [Theory]
    [InlineData(new[] { "--policy", "ucb1", "--alpha", "1" }, "error: --alpha is not used by policy ucb1; it applies to linucb, lints, softmax.")]
    [InlineData(new[] { "--policy", "linucb", "--passes", "0" }, "error: --passes must be at least 1, was 0.")]
    [InlineData(new[] { "--policy", "egreedy", "--epsilon", "2" }, "Epsilon")]
    public void Run_BadOption_FailsWithTheProblem(string[] options, string expected)
    {
        (int code, string output, string error) = Run(["bandit", "--data", _data, .. options]);

        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Run_NoPolicy_FailsAsAParseError()
    {
        (int code, _, string error) = Run("bandit", "--data", _data);

        Assert.NotEqual(0, code);
        Assert.Contains("--policy", error);
    }

    private double ExpectedAccuracy(BanditPolicySettings settings, int passes)
    {
        BanditDataset data = BanditDataset.Load(_data);
        IBanditPolicy policy = BanditPolicyFactory.Create(settings, data.ArmCount, data.Dimension);
        return ProgressiveValidation.Run(data, policy, passes, (ulong)settings.Seed).Accuracy;
    }
}
