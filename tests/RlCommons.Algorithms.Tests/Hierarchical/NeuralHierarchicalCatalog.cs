using RlCommons.Algorithms.Tests.Support;
using RlCommons.Algorithms.Hierarchical;
using RlCommons.Randomness;

namespace RlCommons.Algorithms.Tests.Hierarchical;

/// <summary>
/// Drives the neural hierarchical agents on the corridor of <see cref="HierarchicalCatalog"/>, with the one-hot
/// code of the state as the observation. Episodes start in state 0 and are cut off after <see cref="StepLimit"/> steps.
/// </summary>
internal static class NeuralHierarchicalCatalog
{
    public const int StepLimit = 60;

    public static NeuralSmdpQLearningAgent CreateSmdp(long seed, double epsilon = 0.2) => new(new NeuralSmdpQLearningOptions
    {
        StateCount = HierarchicalCatalog.States,
        ActionCount = 2,
        ObservationDimension = HierarchicalCatalog.States,
        OptionSet = HierarchicalCatalog.CorridorOptions(),
        HiddenSizes = [32],
        LearningRate = 0.01,
        Epsilon = epsilon,
        DiscountFactor = 0.9,
        BatchSize = 16,
        BufferSize = 500,
        TargetUpdateInterval = 20,
        Seed = seed,
        TimeProvider = FixedTimeProvider.Instance,
    });

    public static NeuralOptionCriticAgent CreateOptionCritic(long seed, double epsilon = 0.05) => new(new NeuralOptionCriticOptions
    {
        ObservationDimension = HierarchicalCatalog.States,
        ActionCount = 2,
        OptionCount = 2,
        HiddenSizes = [32],
        LearningRate = 0.01,
        DiscountFactor = 0.9,
        Epsilon = epsilon,
        Seed = seed,
        TimeProvider = FixedTimeProvider.Instance,
    });

    public static float[] OneHot(int state)
    {
        var observation = new float[HierarchicalCatalog.States];
        observation[state] = 1f;
        return observation;
    }

    /// <summary>Plays one episode from state 0; returns its length (<see cref="StepLimit"/> when cut off) and appends the actions.</summary>
    public static int Episode(object agent, bool explore, List<int>? actions = null)
    {
        int state = 0;
        for (int step = 1; step <= StepLimit; step++)
        {
            int action = agent switch
            {
                NeuralSmdpQLearningAgent a => a.Act(state, OneHot(state), explore),
                NeuralOptionCriticAgent a => a.Act(OneHot(state), explore),
                _ => throw new ArgumentException("Unknown agent.", nameof(agent)),
            };
            actions?.Add(action);
            (int next, double reward, bool terminal) = HierarchicalCatalog.Step(state, action);
            switch (agent)
            {
                case NeuralSmdpQLearningAgent a:
                    a.Learn(reward, next, OneHot(next), terminal);
                    break;
                case NeuralOptionCriticAgent a:
                    a.Learn(reward, OneHot(next), terminal);
                    break;
            }

            if (terminal)
            {
                return step;
            }

            state = next;
        }

        switch (agent)
        {
            case NeuralSmdpQLearningAgent a:
                a.EndEpisode();
                break;
            case NeuralOptionCriticAgent a:
                a.EndEpisode();
                break;
        }

        return StepLimit;
    }

    /// <summary>Plays <paramref name="episodes"/> exploring episodes; returns their lengths.</summary>
    public static List<int> Train(object agent, int episodes, List<int>? actions = null)
    {
        var lengths = new List<int>(episodes);
        for (int e = 0; e < episodes; e++)
        {
            lengths.Add(Episode(agent, explore: true, actions));
        }

        return lengths;
    }

    /// <summary>The lengths of <paramref name="episodes"/> episodes of uniformly random primitive actions (seeded).</summary>
    public static List<int> RandomPolicy(int episodes, long seed)
    {
        var random = new Xoshiro256Random((ulong)seed);
        var lengths = new List<int>(episodes);
        for (int e = 0; e < episodes; e++)
        {
            int state = 0;
            int step = 0;
            bool terminal = false;
            while (!terminal && step < StepLimit)
            {
                (state, _, terminal) = HierarchicalCatalog.Step(state, random.Next(2));
                step++;
            }

            lengths.Add(step);
        }

        return lengths;
    }

    public static float[] Values(object agent, int state)
    {
        switch (agent)
        {
            case NeuralSmdpQLearningAgent a:
            {
                var q = new float[a.OptionCount];
                a.GetOptionValues(OneHot(state), q);
                return q;
            }

            case NeuralOptionCriticAgent a:
            {
                var q = new float[a.OptionCount];
                a.GetOptionValues(OneHot(state), q);
                return q;
            }

            default:
                throw new ArgumentException("Unknown agent.", nameof(agent));
        }
    }
}
