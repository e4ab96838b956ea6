using System.Text.Json;
using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Protocol;
using RlCommons.Evaluation.Tests.TestSupport;
using RlCommons.Algorithms.Offline;
using RlCommons.Testing;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class OfflineCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _data;

    public OfflineCommandTests()
    {
        string[] lines = ["label,a,b", .. Enumerable.Range(0, 60).Select(i => $"{i % 3},{i % 3},{(i * 7) % 5}")];
        _data = _temp.Write("three.csv", lines);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_ValidArguments_PrintsTheSpecifiedJsonOnTheLastLine()
    {
        (int code, string output, string error) = Run("offline", "--data", _data, "--logging", "skewed", "--estimator", "ips", "--seed", "4");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        JsonElement root = json.RootElement;
        Assert.Equal(["estimator", "logging", "train_rows", "heldout_rows", "heldout_accuracy"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ips", root.GetProperty("estimator").GetString());
        Assert.Equal("skewed", root.GetProperty("logging").GetString());
        Assert.Equal(42, root.GetProperty("train_rows").GetInt32());
        Assert.Equal(18, root.GetProperty("heldout_rows").GetInt32());
        double expected = OfflineExperiment.Run(BanditDataset.Load(_data), skewed: true, OfflineEstimator.InversePropensity, 4).HeldoutAccuracy;
        Assert.Equal(expected, root.GetProperty("heldout_accuracy").GetDouble());
    }

    [Fact]
    public void Run_SameSeedTwice_PrintsIdenticalOutput()
    {
        (_, string first, _) = Run("offline", "--data", _data, "--logging", "uniform", "--estimator", "dr", "--seed", "9");
        (_, string second, _) = Run("offline", "--data", _data, "--logging", "uniform", "--estimator", "dr", "--seed", "9");

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_DigitsUniformDoublyRobust_ReachesTheAcceptanceAccuracy()
    {
        (int code, string output, _) = Run("offline", "--data", RepositoryFiles.Reference("digits.csv"), "--logging", "uniform", "--estimator", "dr", "--seed", "1");

        Assert.Equal(0, code);
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(1257, json.RootElement.GetProperty("train_rows").GetInt32());
        Assert.Equal(540, json.RootElement.GetProperty("heldout_rows").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("heldout_accuracy").GetDouble(), 0.85, 1.0);
    }

    [Theory]
    [InlineData("--logging", "greedy")]
    [InlineData("--estimator", "dm")]
    public void Run_UnknownChoice_FailsWithoutResult(string option, string value)
    {
        string[] args = ["offline", "--data", _data, "--logging", "uniform", "--estimator", "dr"];
        args[Array.IndexOf(args, option) + 1] = value;

        (int code, string output, string error) = Run(args);

        Assert.NotEqual(0, code);
        Assert.Contains(value, error);
        Assert.DoesNotContain("{", output);
    }

    [Fact]
    public void Run_MissingFile_FailsWithAMessageOnStandardError()
    {
        (int code, _, string error) = Run("offline", "--data", Path.Combine(_temp.Path, "none.csv"), "--logging", "uniform", "--estimator", "ips");

        Assert.NotEqual(0, code);
        Assert.Contains("none.csv' does not exist", error);
    }
}
