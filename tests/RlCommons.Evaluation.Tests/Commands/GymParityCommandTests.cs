using System.Text.Json;
using RlCommons.Evaluation.Tests.TestSupport;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class GymParityCommandTests : IDisposable
{
    private const string Header = "env,episode,step,state...,action,next_obs...,reward,terminated,truncated";

    // Two rows of Gymnasium's Pendulum-v1 from the shared reference file.
    private const string PendulumRow0 = "Pendulum-v1,0,0,2.3145111901155513,-0.5410278740105401,1.2480930946143376,-0.6842849254608154,0.7292147874832153,0.19815503060817719,-5.387790901672413,0,0";
    private const string PendulumRow1 = "Pendulum-v1,0,1,2.324418941684903,0.19815503138703505,2.459038582488141,-0.7214374542236328,0.6924795508384705,1.0450661182403564,-5.410849958109964,0,0";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_AllRowsMatch_ExitsZeroWithNoMismatch()
    {
        string data = _temp.Write("good.csv", Header, PendulumRow0, PendulumRow1);

        (int code, string output, string error) = Run("gym-parity", "--data", data);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        JsonElement summary = LastLineJson(output);
        Assert.Equal(2, summary.GetProperty("rows").GetInt32());
        Assert.Equal(0, summary.GetProperty("mismatches").GetInt32());
        Assert.InRange(summary.GetProperty("max_abs_error").GetDouble(), 0, 1e-6);
    }

    [Fact]
    public void Run_OneCorrectAndOneWrongRow_ExitsNonZeroAndCountsOneMismatch()
    {
        // The second row's reward is off by 0.5.
        string wrong = PendulumRow1.Replace("-5.410849958109964", "-4.910849958109964", StringComparison.Ordinal);
        string data = _temp.Write("mixed.csv", Header, PendulumRow0, wrong);

        (int code, string output, _) = Run("gym-parity", "--data", data);

        Assert.Equal(1, code);
        JsonElement summary = LastLineJson(output);
        Assert.Equal(["rows", "mismatches", "max_abs_error"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, summary.GetProperty("rows").GetInt32());
        Assert.Equal(1, summary.GetProperty("mismatches").GetInt32());
        Assert.Equal(0.5, summary.GetProperty("max_abs_error").GetDouble(), 1e-9);
        Assert.Contains("mismatch: line 3: Pendulum-v1 episode 0 step 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsWithAMessageOnStandardError()
    {
        (int code, string output, string error) = Run("gym-parity", "--data", Path.Combine(_temp.Path, "none.csv"));

        Assert.Equal(2, code);
        Assert.Contains("none.csv", error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

}
