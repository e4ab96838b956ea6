using System.CommandLine;
using System.Globalization;
using RlCommons.Environments.ClassicControl;
using RlCommons.Evaluation.Training;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>train</c>: trains one algorithm on one classic-control environment with its preset, evaluates the deterministic
/// policy, and prints one descriptive line, then the result as one JSON object on the last line.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var environment = new Option<string>("--env") { Description = "The environment id.", Required = true };
        environment.AcceptOnlyFromAmong([.. ClassicControlEnvironments.Ids]);
        var algorithm = new Option<string>("--algo")
        {
            Description = "The algorithm. ppo-lag runs on --env CartPole-v1 with a cost applied by this command (1 per step with |x| > 0.2, limit 50 per episode) and adds eval_mean_cost.",
            Required = true,
        };
        algorithm.AcceptOnlyFromAmong([.. TrainingAlgorithms.Names]);
        var steps = new Option<long?>("--steps") { Description = "Environment steps to train (default: the preset's budget)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the agent and the environments.", DefaultValueFactory = _ => 0 };
        var episodes = new Option<int>("--eval-episodes") { Description = "Evaluation episodes of the deterministic policy.", DefaultValueFactory = _ => 20 };
        var shared = new Option<bool>("--shared-network") { Description = "ppo and a2c: one network with a policy head and a value head instead of two networks." };
        var command = new Command("train", "Train an agent on a classic-control environment and evaluate its deterministic policy.")
        {
            environment, algorithm, steps, seed, episodes, shared,
        };
        command.SetAction(parse =>
        {
            string env = parse.GetRequiredValue(environment);
            string algo = parse.GetRequiredValue(algorithm);
            return Run(env, algo, parse.GetValue(steps) ?? TrainingAlgorithms.DefaultSteps(algo, env), parse.GetValue(seed), parse.GetValue(episodes),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(shared));
        });
        return command;
    }

    /// <summary>Trains, evaluates and prints; returns the process exit code (0 on success, 1 on any error).</summary>
    public static int Run(string environment, string algorithm, long steps, long seed, int evaluationEpisodes, TextWriter output, TextWriter error, bool sharedNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (steps < 1)
            {
                throw new ArgumentException($"--steps must be at least 1, was {steps}.");
            }

            if (evaluationEpisodes < 1)
            {
                throw new ArgumentException($"--eval-episodes must be at least 1, was {evaluationEpisodes}.");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{algorithm} on {environment}: {steps} steps, seed {seed}, {evaluationEpisodes} evaluation episodes{(sharedNetwork ? ", shared network" : "")}"));
            TrainingRun run = TrainingAlgorithms.Run(algorithm, environment, steps, seed, evaluationEpisodes, sharedNetwork);
            var report = new TrainReport(environment, algorithm, run.Steps, run.Evaluation.MeanReturn, run.Evaluation.StdReturn, run.TrainSeconds,
                run.TrainSeconds > 0 ? run.Steps / run.TrainSeconds : 0, run.EvalMeanCost);
            output.WriteLine(report.ToJson());
            return 0;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
