using System.Diagnostics;
using RlCommons.Algorithms.Dqn;
using RlCommons.Environments;
using RlCommons.Environments.ClassicControl;
using RlCommons.Algorithms.PolicyGradient;
using RlCommons.Algorithms.Sac;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Algorithms.Training;

namespace RlCommons.Evaluation.Training;

/// <summary>The algorithms the train command knows, each with its preset per environment.</summary>
internal static class TrainingAlgorithms
{
    /// <summary>The algorithm names accepted by <c>--algo</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dqn", "ppo", "a2c", "sac", "ppo-lag", "reinforce"];

    /// <summary>The default step budget of an algorithm on an environment (the zoo's where it has one).</summary>
    public static long DefaultSteps(string algorithm, string environment) => (algorithm, environment) switch
    {
        ("dqn", "CartPole-v1") => 50_000,
        ("dqn", "Acrobot-v1") => 100_000,
        ("dqn", "MountainCar-v0") => 120_000,
        ("ppo", "CartPole-v1") => 100_000,
        ("ppo", "Pendulum-v1") => 100_000,
        ("a2c", "CartPole-v1") => 500_000,
        ("sac", "Pendulum-v1") => 20_000,
        ("ppo-lag", "CartPole-v1") => 200_000,
        ("reinforce", "CartPole-v1") => 100_000,
        _ => 100_000,
    };

    /// <summary>Trains <paramref name="algorithm"/> on <paramref name="environment"/>, then evaluates the deterministic policy.</summary>
    public static TrainingRun Run(string algorithm, string environment, long steps, long seed, int evaluationEpisodes, bool sharedNetwork = false)
    {
        if (sharedNetwork && algorithm is not ("ppo" or "a2c"))
        {
            throw new ArgumentException($"--shared-network applies to ppo and a2c, not {algorithm}.");
        }

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
                EvaluationCallback best = BestModel(environment, steps, seed);
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(train, steps, [best]);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                RestoreBest(agent, best);
                return new TrainingRun(result.Progress.Step, seconds, PolicyEvaluation.Evaluate(agent, evaluation, evaluationEpisodes, evaluationSeed));
            }

            case "ppo":
            case "a2c":
            {
                OnPolicyOptions options = algorithm == "ppo" ? PpoPreset(environment, seed) : A2cPreset(environment, seed);
                options.SharedNetwork = sharedNetwork;
                OnPolicyAgent agent = options is PpoOptions ppo ? Ppo(train, ppo) : A2c(train, (A2cOptions)options);
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(i => i == 0 ? train : ClassicControlEnvironments.Make(environment), steps);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return new TrainingRun(result.Progress.Step, seconds, agent.Evaluate(evaluation, evaluationEpisodes, evaluationSeed));
            }

            case "sac":
            {
                if (train.ActionSpace is not BoxSpace box)
                {
                    throw new ArgumentException($"sac needs a box action space; {environment} has {train.ActionSpace}.");
                }

                // The zoo's protocol, with an evaluation every 1,000 steps on Pendulum-v1 (SAC's 20k-step budget).
                bool pendulum = environment == "Pendulum-v1";
                var agent = new SacAgent(train.ObservationSpace.FlatDimension, box, pendulum ? SacOptions.PendulumZoo(seed) : new SacOptions { Seed = seed });
                EvaluationCallback best = BestModel(environment, steps, seed, pendulum ? 1000 : EvaluationFrequency);
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(train, steps, [best]);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                RestoreBest(agent, best);
                return new TrainingRun(result.Progress.Step, seconds, PolicyEvaluation.Evaluate(agent, evaluation, evaluationEpisodes, evaluationSeed));
            }

            case "reinforce":
            {
                var options = new ReinforceOptions { Seed = seed };
                ReinforceAgent agent = train.ActionSpace is BoxSpace box
                    ? new ReinforceAgent(train.ObservationSpace.FlatDimension, box, options)
                    : new ReinforceAgent(train.ObservationSpace.FlatDimension, ((DiscreteSpace)train.ActionSpace).Count, options);
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(train, steps);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                return new TrainingRun(result.Progress.Step, seconds, agent.Evaluate(evaluation, evaluationEpisodes, evaluationSeed));
            }

            case "ppo-lag":
            {
                if (environment != "CartPole-v1")
                {
                    throw new ArgumentException($"ppo-lag runs on the constrained CartPole only (--env CartPole-v1), not {environment}.");
                }

                var agent = new PpoLagrangianAgent(train.ObservationSpace.FlatDimension, ((DiscreteSpace)train.ActionSpace).Count, ConstrainedCartPolePreset(seed));
                long start = Stopwatch.GetTimestamp();
                TrainingResult result = agent.Learn(i => i == 0 ? train : ClassicControlEnvironments.Make(environment), steps);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                ConstrainedEvaluationResult evaluated = agent.EvaluateWithCost(evaluation, evaluationEpisodes, evaluationSeed);
                return new TrainingRun(result.Progress.Step, seconds, evaluated.Evaluation, evaluated.MeanCost);
            }

            default:
                throw new ArgumentException($"Unknown algorithm '{algorithm}'.");
        }
    }

    /// <summary>Steps between the evaluations that pick the best model.</summary>
    internal const long EvaluationFrequency = 5000;

    /// <summary>Episodes of each of those evaluations.</summary>
    internal const int EvaluationEpisodes = 10;

    /// <summary>
    /// The zoo's protocol: evaluate the deterministic policy during training on a separate environment and keep the
    /// best model; the final evaluation (on other episodes) is of that model. The training time includes these
    /// evaluations.
    /// </summary>
    internal static EvaluationCallback BestModel(string environment, long steps, long seed, long frequency = EvaluationFrequency)
        => new(ClassicControlEnvironments.Make(environment), Math.Min(frequency, steps), EvaluationEpisodes, seed + 2_000_000, keepBestSnapshot: true);

    /// <summary>Loads the best snapshot the callback kept, when it kept one.</summary>
    internal static void RestoreBest(ISnapshotable agent, EvaluationCallback best)
    {
        if (best.BestSnapshot is { } snapshot)
        {
            Snapshot.Load(agent, snapshot);
        }
    }

    private static PpoAgent Ppo(TimeLimit environment, PpoOptions options) => environment.ActionSpace is BoxSpace box
        ? new PpoAgent(environment.ObservationSpace.FlatDimension, box, options)
        : new PpoAgent(environment.ObservationSpace.FlatDimension, ((DiscreteSpace)environment.ActionSpace).Count, options);

    private static A2cAgent A2c(TimeLimit environment, A2cOptions options) => environment.ActionSpace is BoxSpace box
        ? new A2cAgent(environment.ObservationSpace.FlatDimension, box, options)
        : new A2cAgent(environment.ObservationSpace.FlatDimension, ((DiscreteSpace)environment.ActionSpace).Count, options);

    /// <summary>rl-baselines3-zoo's A2C hyperparameters where they exist (SB3 defaults elsewhere).</summary>
    internal static A2cOptions A2cPreset(string environment, long seed) => environment switch
    {
        "CartPole-v1" => A2cOptions.CartPoleZoo(seed),
        _ => new A2cOptions { Seed = seed },
    };

    /// <summary>rl-baselines3-zoo's PPO hyperparameters where they exist (SB3 defaults elsewhere).</summary>
    internal static PpoOptions PpoPreset(string environment, long seed) => environment switch
    {
        "CartPole-v1" => PpoOptions.CartPoleZoo(seed),
        "Pendulum-v1" => PpoOptions.PendulumPreset(seed),
        "Acrobot-v1" or "MountainCar-v0" => new PpoOptions { Seed = seed, Environments = 16, NSteps = 256, GaeLambda = 0.94, Gamma = 0.99, Epochs = 4, EntropyCoefficient = 0.0 },
        _ => new PpoOptions { Seed = seed },
    };

    /// <summary>The cost limit of the constrained CartPole: at most this many off-centre steps per episode.</summary>
    internal const double CartPoleCostLimit = 50;

    /// <summary>The constrained CartPole's cost: 1 for every step taken with the cart more than 0.2 from the centre (|x| &gt; 0.2).</summary>
    internal static double CartOffCentreCost(ReadOnlySpan<float> observation, ReadOnlySpan<float> action) => Math.Abs(observation[0]) > 0.2 ? 1 : 0;

    /// <summary>PPO-Lagrangian on the constrained CartPole: the zoo's PPO CartPole settings with a constant learning rate and clip range (the zoo's linear decay leaves too little step size to follow λ), cost limit 50 per episode, λ from 0.001 with OmniSafe's learning rate 0.035.</summary>
    internal static PpoLagrangianOptions ConstrainedCartPolePreset(long seed) => new()
    {
        Seed = seed,
        Environments = 8,
        NSteps = 32,
        BatchSize = 256,
        GaeLambda = 0.8,
        Gamma = 0.98,
        Epochs = 20,
        EntropyCoefficient = 0,
        LearningRate = 1e-3,
        ClipRange = 0.2,
        CostFunction = CartOffCentreCost,
        CostLimit = CartPoleCostLimit,
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
