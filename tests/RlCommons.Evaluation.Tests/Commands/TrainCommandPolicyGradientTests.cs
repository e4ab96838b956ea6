using System.Text.Json;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class TrainCommandPolicyGradientTests
{
    [Theory]
    [InlineData("ppo", "CartPole-v1", 256)]
    [InlineData("ppo", "Pendulum-v1", 4096)]
    [InlineData("a2c", "CartPole-v1", 120)]
    public void Run_PolicyGradientAlgorithm_PrintsJsonLineWithWholeRollouts(string algorithm, string environment, long expectedSteps)
    {
        (int code, string output, string error) = Run("train", "--algo", algorithm, "--env", environment, "--steps", "100", "--eval-episodes", "1");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using JsonDocument json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(algorithm, json.RootElement.GetProperty("algo").GetString());
        Assert.Equal(environment, json.RootElement.GetProperty("env").GetString());

        // Whole rollouts: PPO CartPole 8 × 32, PPO Pendulum 4 × 1024, A2C CartPole 8 × 5 (three rollouts pass 100).
        Assert.Equal(expectedSteps, json.RootElement.GetProperty("steps").GetInt64());
        Assert.True(double.IsFinite(json.RootElement.GetProperty("eval_mean_return").GetDouble()));
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = EvaluationCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
