using RlCommons.Environments;
using RlCommons.Environments.GridWorlds;
using RlCommons.Algorithms.Hierarchical;
using RlCommons.Randomness;
using RlCommons.Algorithms.Tabular;

namespace RlCommons.Evaluation.Hierarchical;

/// <summary>
/// Runs the Four Rooms transfer experiment (Bacon, Harb &amp; Precup 2017, Fig. 2) for several learners: each run
/// trains a fresh agent for <see cref="FourRoomsSettings.Episodes"/> episodes and records the steps of each.
/// Run r of every agent draws its environment seed and its new goal from (seed, r), and its agent seed from
/// (seed, r) too, so the result depends only on the settings (not on <see cref="FourRoomsSettings.Threads"/>).
/// </summary>
internal static class FourRoomsExperiment
{
    /// <summary>Runs <paramref name="agents"/> under <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public static IReadOnlyList<FourRoomsResult> Run(FourRoomsSettings settings, IReadOnlyList<FourRoomsAgent> agents)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(agents);
        if (settings.Runs < 1 || settings.Episodes < 1 || settings.MaxSteps < 1 || settings.Threads < 1
            || settings.GoalChangeEpisode < 0 || settings.GoalChangeEpisode >= settings.Episodes)
        {
            throw new ArgumentException($"Invalid settings {settings}: runs, episodes, max steps and threads must be at least 1, and the goal change must fall within the episodes.", nameof(settings));
        }

        if (agents.Contains(FourRoomsAgent.OptionCritic))
        {
            // Bad Option-Critic settings fail here with the options' message, not inside the parallel runs.
            OptionCritic(settings, 0).Validate();
        }

        var results = new List<FourRoomsResult>(agents.Count);
        foreach (FourRoomsAgent agent in agents)
        {
            var steps = new int[settings.Runs][];
            Parallel.For(0, settings.Runs, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, run => steps[run] = RunOnce(agent, settings, run));
            var mean = new double[settings.Episodes];
            var window = new double[settings.Runs];
            for (int run = 0; run < settings.Runs; run++)
            {
                for (int e = 0; e < settings.Episodes; e++)
                {
                    mean[e] += steps[run][e] / (double)settings.Runs;
                }

                window[run] = steps[run].AsSpan(settings.GoalChangeEpisode).ToArray().Average();
            }

            results.Add(new FourRoomsResult(agent, mean, window));
        }

        return results;
    }

    /// <summary>One run of one agent: the steps of every episode.</summary>
    internal static int[] RunOnce(FourRoomsAgent agent, FourRoomsSettings settings, int run)
    {
        ulong runSeed = SeedSequence.Derive(unchecked((ulong)settings.Seed), (ulong)run);
        var goalRandom = new Xoshiro256Random(SeedSequence.Derive(runSeed, 1));
        int newGoal = FourRooms.LowerRightRoomGoals[goalRandom.Next(FourRooms.LowerRightRoomGoals.Count)];
        long agentSeed = unchecked((long)SeedSequence.Derive(runSeed, 2));
        IStepLearner learner = Create(agent, settings, agentSeed);

        var env = new FourRooms();
        var observation = new float[FourRooms.StateCount];
        var steps = new int[settings.Episodes];
        for (int episode = 0; episode < settings.Episodes; episode++)
        {
            if (episode == settings.GoalChangeEpisode)
            {
                env.SetGoal(newGoal);
            }

            env.Reset(episode == 0 ? unchecked((long)SeedSequence.Derive(runSeed, 0)) : null, observation);
            steps[episode] = learner.RunEpisode(env, observation, settings.MaxSteps);
        }

        return steps;
    }

    private static IStepLearner Create(FourRoomsAgent agent, FourRoomsSettings settings, long seed)
    {
        IReadOnlyList<Option> hallwaysAndPrimitives =
        [
            .. FourRoomsHallwayOption.CreateAll().Select(h => Option.Create($"room {h.Room} to hallway {h.TargetHallway}", h.Initiation, h.Policy, h.Termination)),
            .. Option.Primitives(FourRooms.ActionCount, FourRooms.StateCount),
        ];
        return agent switch
        {
            FourRoomsAgent.Sarsa => new FlatLearner(new SarsaAgent(Flat<SarsaOptions>(settings, settings.SarsaLearningRate, seed)), sarsa: true),
            FourRoomsAgent.QLearning => new FlatLearner(new QLearningAgent(Flat<QLearningOptions>(settings, settings.QLearningRate, seed)), sarsa: false),
            FourRoomsAgent.SmdpHallways => Drive(new SmdpQLearningAgent(Hallway<SmdpQLearningOptions>(settings, seed, hallwaysAndPrimitives))),
            FourRoomsAgent.IntraOptionHallways => Drive(new IntraOptionQLearningAgent(Hallway<IntraOptionQLearningOptions>(settings, seed, hallwaysAndPrimitives))),
            FourRoomsAgent.OptionCritic => Drive(new OptionCriticAgent(OptionCritic(settings, seed))),
            _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "Unknown agent."),
        };
    }

    /// <summary>The Option-Critic options of <paramref name="settings"/>.</summary>
    internal static OptionCriticOptions OptionCritic(FourRoomsSettings settings, long seed) => new()
    {
        StateCount = FourRooms.StateCount,
        ActionCount = FourRooms.ActionCount,
        OptionCount = settings.OptionCriticOptionCount,
        DiscountFactor = settings.Discount,
        CriticLearningRate = settings.OptionCriticCriticLearningRate,
        IntraOptionLearningRate = settings.OptionCriticIntraLearningRate,
        TerminationLearningRate = settings.OptionCriticTerminationLearningRate,
        Epsilon = settings.OptionCriticEpsilon,
        TerminationRegularizer = settings.OptionCriticXi,
        EntropyCoefficient = settings.OptionCriticEntropy,
        Temperature = settings.OptionCriticTemperature,
        Seed = seed,
    };

    private static ActLearnLearner Drive(OptionValueAgent agent) => new(s => agent.Act(s), agent.Learn, agent.EndEpisode);

    private static ActLearnLearner Drive(OptionCriticAgent agent) => new(s => agent.Act(s), agent.Learn, agent.EndEpisode);

    private static T Flat<T>(FourRoomsSettings settings, double learningRate, long seed)
        where T : TabularOptions, new() => new()
        {
            StateCount = FourRooms.StateCount,
            ActionCount = FourRooms.ActionCount,
            LearningRate = learningRate,
            DiscountFactor = settings.Discount,
            Epsilon = settings.FlatEpsilon,
            Seed = seed,
        };

    private static T Hallway<T>(FourRoomsSettings settings, long seed, IReadOnlyList<Option> options)
        where T : OptionValueOptions, new() => new()
        {
            StateCount = FourRooms.StateCount,
            ActionCount = FourRooms.ActionCount,
            OptionSet = options,
            LearningRate = settings.OptionLearningRate,
            DiscountFactor = settings.Discount,
            Epsilon = settings.OptionEpsilon,
            Seed = seed,
        };

    /// <summary>Plays one episode, learning online; returns its number of steps.</summary>
    private interface IStepLearner
    {
        int RunEpisode(FourRooms env, float[] observation, int maxSteps);
    }

    private sealed class FlatLearner(TabularAgent agent, bool sarsa) : IStepLearner
    {
        public int RunEpisode(FourRooms env, float[] observation, int maxSteps)
        {
            int state = env.State;
            int action = agent.Decide(state).Action;
            for (int step = 1; step <= maxSteps; step++)
            {
                StepResult result = env.Step(action, observation);
                int next = env.State;
                if (sarsa)
                {
                    int nextAction = agent.Decide(next).Action;
                    ((SarsaAgent)agent).Learn(state, action, result.Reward, next, nextAction, result.Terminated);
                    action = nextAction;
                }
                else
                {
                    ((QLearningAgent)agent).Learn(state, action, result.Reward, next, result.Terminated);
                    action = result.Terminated ? 0 : agent.Decide(next).Action;
                }

                if (result.Terminated)
                {
                    return step;
                }

                state = next;
            }

            return maxSteps;
        }
    }

    /// <summary>Drives an agent with the Act / Learn / EndEpisode loop (the option agents and Option-Critic).</summary>
    private sealed class ActLearnLearner(Func<int, int> act, Action<double, int, bool> learn, Action endEpisode) : IStepLearner
    {
        public int RunEpisode(FourRooms env, float[] observation, int maxSteps)
        {
            endEpisode();
            for (int step = 1; step <= maxSteps; step++)
            {
                int action = act(env.State);
                StepResult result = env.Step(action, observation);
                learn(result.Reward, env.State, result.Terminated);
                if (result.Terminated)
                {
                    return step;
                }
            }

            endEpisode();
            return maxSteps;
        }
    }
}
