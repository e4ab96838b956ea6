using System.Text.Json;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class TrainCommandTests
{
    [Fact]
    public void Run_ShortDqnRun_PrintsTheResultLineWithEveryField()
    {
        (int code, string output, string error) = Run("train", "--env", "CartPole-v1", "--algo", "dqn", "--steps", "1500", "--seed", "3", "--eval-episodes", "3");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        JsonElement result = LastLineJson(output);
        Assert.Equal(["env", "algo", "steps", "eval_mean_return", "eval_std", "train_seconds", "steps_per_second"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal("CartPole-v1", result.GetProperty("env").GetString());
        Assert.Equal("dqn", result.GetProperty("algo").GetString());
        Assert.Equal(1500, result.GetProperty("steps").GetInt64());
        Assert.InRange(result.GetProperty("eval_mean_return").GetDouble(), 1, 500);
        Assert.True(result.GetProperty("eval_std").GetDouble() >= 0);
        Assert.True(result.GetProperty("train_seconds").GetDouble() > 0);
    }

    [Fact]
    public void Run_SameSeedTwice_GivesTheSameEvaluation()
    {
        string[] args = ["train", "--env", "Acrobot-v1", "--algo", "dqn", "--steps", "600", "--seed", "5", "--eval-episodes", "2"];

        double first = LastLineJson(Run(args).Output).GetProperty("eval_mean_return").GetDouble();
        double second = LastLineJson(Run(args).Output).GetProperty("eval_mean_return").GetDouble();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_PpoLagrangian_AddsTheMeanEpisodeCost()
    {
        (int code, string output, string error) = Run("train", "--env", "CartPole-v1", "--algo", "ppo-lag", "--steps", "2048", "--seed", "1", "--eval-episodes", "2");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        JsonElement result = LastLineJson(output);
        Assert.Equal("ppo-lag", result.GetProperty("algo").GetString());
        Assert.True(result.GetProperty("eval_mean_cost").GetDouble() >= 0);
    }

    [Fact]
    public void Run_PpoWithSharedNetwork_RunsAndSaysSo()
    {
        string[] args = ["train", "--env", "CartPole-v1", "--algo", "ppo", "--steps", "2048", "--seed", "2", "--eval-episodes", "3"];
        (int code, string output, string error) = Run([.. args, "--shared-network"]);
        (_, string separate, _) = Run(args);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("shared network", output.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("shared network", separate, StringComparison.Ordinal);
        Assert.Equal("ppo", LastLineJson(output).GetProperty("algo").GetString());
    }

    [Fact]
    public void Run_SharedNetworkWithDqn_ExitsWithAMessage()
    {
        (int code, _, string error) = Run("train", "--env", "CartPole-v1", "--algo", "dqn", "--steps", "100", "--shared-network");

        Assert.Equal(1, code);
        Assert.Contains("--shared-network applies to ppo and a2c", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Reinforce_HasNoCostField()
    {
        (int code, string output, _) = Run("train", "--env", "CartPole-v1", "--algo", "reinforce", "--steps", "1000", "--seed", "1", "--eval-episodes", "2");

        Assert.Equal(0, code);
        JsonElement result = LastLineJson(output);
        Assert.False(result.TryGetProperty("eval_mean_cost", out _));
        Assert.Equal("reinforce", result.GetProperty("algo").GetString());
    }

    [Fact]
    public void Run_PpoLagrangianOnAnotherEnvironment_ExitsWithAMessage()
    {
        (int code, _, string error) = Run("train", "--env", "Pendulum-v1", "--algo", "ppo-lag", "--steps", "100");

        Assert.Equal(1, code);
        Assert.Contains("ppo-lag runs on the constrained CartPole only", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--algo", "nope")]
    [InlineData("--env", "Pong-v5")]
    public void Run_UnknownChoice_FailsWithoutAResultLine(string option, string value)
    {
        string[] args = option == "--algo"
            ? ["train", "--env", "CartPole-v1", "--algo", value]
            : ["train", "--env", value, "--algo", "dqn"];

        (int code, string output, string error) = Run(args);

        Assert.NotEqual(0, code);
        Assert.Contains(value, error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ZeroSteps_ExitsWithAMessage()
    {
        (int code, _, string error) = Run("train", "--env", "CartPole-v1", "--algo", "dqn", "--steps", "0");

        Assert.Equal(1, code);
        Assert.Contains("--steps must be at least 1", error, StringComparison.Ordinal);
    }

}
