using System.Text.Json;
using RlCommons.Evaluation.Commands;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class TrainCommandSacTests
{
    [Fact]
    public void Run_SacOnPendulum_PrintsTheJsonLine()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = TrainCommand.Run("Pendulum-v1", "sac", 150, 0, 1, output, error);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        using JsonDocument json = JsonDocument.Parse(output.ToString().TrimEnd().Split('\n')[^1]);
        JsonElement line = json.RootElement;
        Assert.Equal("sac", line.GetProperty("algo").GetString());
        Assert.Equal(150, line.GetProperty("steps").GetInt64());

        // A Pendulum step costs between 0 and −(π² + 0.1·8² + 0.001·2²) ≈ −16.27; one episode is 200 steps.
        Assert.InRange(line.GetProperty("eval_mean_return").GetDouble(), -3300, 0);
    }

    [Fact]
    public void Run_SacOnDiscreteActions_ExitsOneNamingTheSpace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = TrainCommand.Run("CartPole-v1", "sac", 10, 0, 1, output, error);

        Assert.Equal(1, code);
        Assert.Contains("sac needs a box action space", error.ToString(), StringComparison.Ordinal);
    }
}
