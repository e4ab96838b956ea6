using System.Diagnostics;
using RlCommons.Dqn;
using RlCommons.Environments;
using RlCommons.Environments.ClassicControl;
using RlCommons.PolicyGradient;
using RlCommons.Sac;
using RlCommons.Spaces;
using RlCommons.Training;

namespace RlCommons.Evaluation.Training;

/// <summary>The algorithms the train command knows, each with its preset per environment.</summary>
internal static class TrainingAlgorithms
{
    /// <summary>The algorithm names accepted by <c>--algo</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dqn", "ppo", "sac"];

    /// <summary>The default step budget of an algorithm on an environment (the zoo's where it has one).</summary>
    public static long DefaultSteps(string algorithm, string environment) => (algorithm, environment) switch
    {
        ("dqn", "CartPole-v1") => 50_000,
        ("dqn", "Acrobot-v1") => 100_000,
        ("dqn", "MountainCar-v0") => 120_000,
        ("ppo", "CartPole-v1") => 100_000,
        ("ppo", "Pendulum-v1") => 100_000,
        ("sac", "Pendulum-v1") => 20_000,
        _ => 100_000,
    };

    /// <summary>Trains <paramref name="algorithm"/> on <paramref name="environment"/>, then evaluates the deterministic policy.</summary>
    public static TrainingRun Run(string algorithm, string environment, long steps, long seed, int evaluationEpisodes)
    {
        TimeLimit train = ClassicControlEnvironments.Make(environment);
        TimeLimit evaluation = ClassicControlEnvironments.Make(environment);
        long evaluationSeed = seed + 1_000_000;
        switch (algorithm)
        {
            case "dqn":
            {
                if (train.ActionSpace is not DiscreteSpace actions)
                {
                    throw new ArgumentException($"dqn needs a discrete action space; {environment} has {train.ActionSpace}.");
                }

                var agent = new DqnAgent(train.ObservationSpace.FlatDimension, actions.Count, DqnPreset(environment, seed));
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(train, steps);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return new TrainingRun(result.Progress.Step, seconds, PolicyEvaluation.Evaluate(agent, evaluation, evaluationEpisodes, evaluationSeed));
            }

            case "ppo":
            {
                PpoOptions options = PpoPreset(environment, seed);
                PpoAgent agent = train.ActionSpace is BoxSpace box
                    ? new PpoAgent(train.ObservationSpace.FlatDimension, box, options)
                    : new PpoAgent(train.ObservationSpace.FlatDimension, ((DiscreteSpace)train.ActionSpace).Count, options);
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(i => i == 0 ? train : ClassicControlEnvironments.Make(environment), steps);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                EvaluationResult evaluated = agent.IsContinuous
                    ? PolicyEvaluation.Evaluate((IContinuousPolicy)agent, evaluation, evaluationEpisodes, evaluationSeed)
                    : PolicyEvaluation.Evaluate((IDiscretePolicy)agent, evaluation, evaluationEpisodes, evaluationSeed);
                return new TrainingRun(result.Progress.Step, seconds, evaluated);
            }

            case "sac":
            {
                if (train.ActionSpace is not BoxSpace box)
                {
                    throw new ArgumentException($"sac needs a box action space; {environment} has {train.ActionSpace}.");
                }

                // Pendulum-v1: like SB3's StopTrainingOnRewardThreshold, stop once a 10-episode evaluation every 1,000
                // steps reaches the acceptance threshold of −200; "steps" then reports where it stopped.
                bool pendulum = environment == "Pendulum-v1";
                var agent = new SacAgent(train.ObservationSpace.FlatDimension, box, pendulum ? SacOptions.PendulumZoo(seed) : new SacOptions { Seed = seed });
                TrainingCallback[] callbacks = pendulum ? [new EvaluationCallback(ClassicControlEnvironments.Make(environment), 1000, 10, seed + 2_000_000, stopAtMeanReturn: -200)] : [];
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(train, steps, callbacks);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return new TrainingRun(result.Progress.Step, seconds, PolicyEvaluation.Evaluate(agent, evaluation, evaluationEpisodes, evaluationSeed));
            }

            default:
                throw new ArgumentException($"Unknown algorithm '{algorithm}'.");
        }
    }

    /// <summary>rl-baselines3-zoo's PPO hyperparameters where they exist (SB3 defaults elsewhere).</summary>
    internal static PpoOptions PpoPreset(string environment, long seed) => environment switch
    {
        "CartPole-v1" => PpoOptions.CartPoleZoo(seed),
        "Pendulum-v1" => PpoOptions.PendulumPreset(seed),
        "Acrobot-v1" or "MountainCar-v0" => new PpoOptions { Seed = seed, Environments = 16, NSteps = 256, GaeLambda = 0.94, Gamma = 0.99, Epochs = 4, EntropyCoefficient = 0.0 },
        _ => new PpoOptions { Seed = seed },
    };

    /// <summary>rl-baselines3-zoo's DQN hyperparameters for the classic-control tasks (SB3 defaults elsewhere).</summary>
    internal static DqnOptions DqnPreset(string environment, long seed) => environment switch
    {
        "CartPole-v1" => DqnOptions.CartPoleZoo(seed),
        "Acrobot-v1" => new DqnOptions
        {
            Seed = seed, LearningRate = 6.3e-4, BatchSize = 128, BufferSize = 50_000, LearningStarts = 0, Gamma = 0.99,
            TargetUpdateInterval = 250, TrainFrequency = 4, GradientSteps = 4, ExplorationFraction = 0.12,
            ExplorationFinalEpsilon = 0.1, HiddenSizes = [256, 256],
        },
        "MountainCar-v0" => new DqnOptions
        {
            Seed = seed, LearningRate = 4e-3, BatchSize = 128, BufferSize = 10_000, LearningStarts = 1000, Gamma = 0.98,
            TargetUpdateInterval = 600, TrainFrequency = 16, GradientSteps = 8, ExplorationFraction = 0.2,
            ExplorationFinalEpsilon = 0.07, HiddenSizes = [256, 256],
        },
        _ => new DqnOptions { Seed = seed },
    };
}
