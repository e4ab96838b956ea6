using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Support;

/// <summary>Builds every bandit type by name and drives them through one interface, for the tests that cover them all.</summary>
internal static class BanditCatalog
{
    public const int Dimension = 3;

    public static readonly string[] MultiArmed = ["EpsilonGreedy", "Ucb1", "ThompsonSampling", "GaussianThompsonSampling", "Softmax", "Exp3"];

    public static readonly string[] Linear = ["LinUcb", "LinearThompsonSampling", "LinearEpsilonGreedy"];

    public static TheoryData<string> AllKinds => [.. MultiArmed, .. Linear];

    public static TheoryData<string> MultiArmedKinds => [.. MultiArmed];

    public static TheoryData<string> LinearKinds => [.. Linear];

    public static bool IsLinear(string kind) => Linear.Contains(kind);

    /// <summary>Creates a bandit of <paramref name="kind"/> with <paramref name="arms"/> arms, the fixed clock and the given seed.</summary>
    public static Bandit Create(string kind, long seed, int arms = 3, int dimension = Dimension) => kind switch
    {
        "EpsilonGreedy" => new EpsilonGreedyBandit(Configure(new EpsilonGreedyOptions { Epsilon = 0.2 }, seed, arms)),
        "Ucb1" => new Ucb1Bandit(Configure(new Ucb1Options(), seed, arms)),
        "ThompsonSampling" => new ThompsonSamplingBandit(Configure(new ThompsonSamplingOptions(), seed, arms)),
        "GaussianThompsonSampling" => new GaussianThompsonSamplingBandit(Configure(new GaussianThompsonSamplingOptions(), seed, arms)),
        "Softmax" => new SoftmaxBandit(Configure(new SoftmaxOptions { Temperature = 0.2 }, seed, arms)),
        "Exp3" => new Exp3Bandit(Configure(new Exp3Options { Gamma = 0.2 }, seed, arms)),
        "LinUcb" => new LinUcbBandit(Configure(new LinUcbOptions { Dimension = dimension, Alpha = 0.5 }, seed, arms)),
        "LinearThompsonSampling" => new LinearThompsonSamplingBandit(Configure(new LinearThompsonSamplingOptions { Dimension = dimension, ExplorationScale = 0.5 }, seed, arms)),
        "LinearEpsilonGreedy" => new LinearEpsilonGreedyBandit(Configure(new LinearEpsilonGreedyOptions { Dimension = dimension, Epsilon = 0.2 }, seed, arms)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown bandit kind."),
    };

    /// <summary>A context vector with small integer-like values (exact in float) and a bias of 1 in the last slot.</summary>
    public static float[] Context(Random rng, int dimension = Dimension)
    {
        var x = new float[dimension];
        for (int i = 0; i < dimension - 1; i++)
        {
            x[i] = rng.Next(-4, 5) / 4f;
        }

        x[^1] = 1f;
        return x;
    }

    public static Decision Decide(Bandit bandit, float[] context, bool explore = true, double[]? scores = null) => bandit switch
    {
        MultiArmedBandit mab => mab.Decide(scores ?? Span<double>.Empty, explore),
        LinearBandit linear => linear.Decide(context, scores ?? Span<double>.Empty, explore),
        _ => throw new ArgumentException("Unknown bandit.", nameof(bandit)),
    };

    public static void Learn(Bandit bandit, in Decision decision, float[] context, double reward)
    {
        switch (bandit)
        {
            case MultiArmedBandit mab:
                mab.Update(decision, reward);
                break;
            case LinearBandit linear:
                linear.Update(decision.Action, context, reward);
                break;
            default:
                throw new ArgumentException("Unknown bandit.", nameof(bandit));
        }
    }

    /// <summary>Runs <paramref name="steps"/> decide/learn rounds with rewards drawn from <paramref name="rng"/>; returns the decisions.</summary>
    public static List<Decision> Play(Bandit bandit, Random rng, int steps)
    {
        var decisions = new List<Decision>(steps);
        for (int t = 0; t < steps; t++)
        {
            float[] x = Context(rng, bandit is LinearBandit l ? l.Dimension : Dimension);
            Decision d = Decide(bandit, x);
            decisions.Add(d);
            double reward = rng.NextDouble() < 0.3 + (0.2 * (d.Action % 3)) ? 1 : 0;
            Learn(bandit, d, x, reward);
        }

        return decisions;
    }

    private static T Configure<T>(T options, long seed, int arms)
        where T : BanditOptions
    {
        options.Seed = seed;
        options.ArmCount = arms;
        options.TimeProvider = FixedTimeProvider.Instance;
        return options;
    }
}
