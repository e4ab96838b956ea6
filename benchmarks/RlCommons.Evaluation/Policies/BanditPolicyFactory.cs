using System.Globalization;
using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;
using RlCommons.Randomness;

namespace RlCommons.Evaluation.Policies;

/// <summary>
/// Maps a policy name and the --alpha/--epsilon options to a configured bandit. Each option means one
/// hyperparameter per policy (see <see cref="Describe"/>); giving an option the chosen policy does not use is
/// an error, so a sweep can never silently measure the default.
/// </summary>
internal static class BanditPolicyFactory
{
    /// <summary>LinUCB's default α, the value the reference run on digits uses.</summary>
    public const double DefaultLinUcbAlpha = 0.3;

    /// <summary>Linear Thompson sampling's default posterior scale v.</summary>
    public const double DefaultLinTsScale = 0.1;

    /// <summary>The default ε of both ε-greedy policies (the library's default).</summary>
    public const double DefaultEpsilon = 0.1;

    /// <summary>Softmax's default temperature τ (the library's default, for rewards on a unit scale).</summary>
    public const double DefaultTemperature = 0.1;

    /// <summary>EXP3's default γ (the library's default).</summary>
    public const double DefaultGamma = 0.1;

    /// <summary>The stream of the run seed that seeds the uniform random policy (the shuffle uses 2⁶⁴ − 1).</summary>
    internal const ulong RandomPolicyStream = ulong.MaxValue - 1;

    /// <summary>The policy names the CLI accepts.</summary>
    public static readonly string[] Names = ["linucb", "lints", "egreedy-linear", "egreedy", "ucb1", "thompson", "softmax", "exp3", "random"];

    private static readonly string[] AlphaUsers = ["linucb", "lints", "softmax"];
    private static readonly string[] EpsilonUsers = ["egreedy-linear", "egreedy", "exp3"];

    /// <summary>Builds the policy for <paramref name="armCount"/> arms and feature vectors of <paramref name="dimension"/> values.</summary>
    /// <exception cref="ArgumentException">Unknown policy, an option the policy does not use, or an invalid value (the library's message).</exception>
    public static IBanditPolicy Create(BanditPolicySettings settings, int armCount, int dimension)
    {
        Check(settings);
        double alpha = settings.Alpha ?? DefaultAlpha(settings.Name);
        double epsilon = settings.Epsilon ?? DefaultEpsilonFor(settings.Name);
        long seed = settings.Seed;
        return settings.Name switch
        {
            "linucb" => new LinearBanditPolicy(new LinUcbBandit(new LinUcbOptions { ArmCount = armCount, Dimension = dimension, Alpha = alpha, Lambda = 1.0, Seed = seed })),
            "lints" => new LinearBanditPolicy(new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { ArmCount = armCount, Dimension = dimension, ExplorationScale = alpha, Lambda = 1.0, PropensityDraws = 0, Seed = seed })),
            "egreedy-linear" => new LinearBanditPolicy(new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { ArmCount = armCount, Dimension = dimension, Epsilon = epsilon, Lambda = 1.0, Seed = seed })),
            "egreedy" => new MultiArmedBanditPolicy(new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = armCount, Epsilon = epsilon, Seed = seed })),
            "ucb1" => new MultiArmedBanditPolicy(new Ucb1Bandit(new Ucb1Options { ArmCount = armCount, Seed = seed })),
            "thompson" => new MultiArmedBanditPolicy(new ThompsonSamplingBandit(new ThompsonSamplingOptions { ArmCount = armCount, PropensityDraws = 0, Seed = seed })),
            "softmax" => new MultiArmedBanditPolicy(new SoftmaxBandit(new SoftmaxOptions { ArmCount = armCount, Temperature = alpha, Seed = seed })),
            "exp3" => new MultiArmedBanditPolicy(new Exp3Bandit(new Exp3Options { ArmCount = armCount, Gamma = epsilon, Seed = seed })),
            _ => new UniformRandomPolicy(armCount, new Xoshiro256Random(SeedSequence.Derive(unchecked((ulong)seed), RandomPolicyStream))),
        };
    }

    /// <summary>A one-line description of the policy with the hyperparameters in effect, for the log line.</summary>
    public static string Describe(BanditPolicySettings settings)
    {
        Check(settings);
        double alpha = settings.Alpha ?? DefaultAlpha(settings.Name);
        double epsilon = settings.Epsilon ?? DefaultEpsilonFor(settings.Name);
        return settings.Name switch
        {
            "linucb" => Invariant($"linucb (LinUcbBandit, alpha {alpha}, lambda 1)"),
            "lints" => Invariant($"lints (LinearThompsonSamplingBandit, exploration scale {alpha}, lambda 1, propensity draws 0)"),
            "egreedy-linear" => Invariant($"egreedy-linear (LinearEpsilonGreedyBandit, epsilon {epsilon}, lambda 1)"),
            "egreedy" => Invariant($"egreedy (EpsilonGreedyBandit, epsilon {epsilon})"),
            "ucb1" => "ucb1 (Ucb1Bandit, c = sqrt 2)",
            "thompson" => "thompson (ThompsonSamplingBandit, Beta(1, 1) priors, propensity draws 0)",
            "softmax" => Invariant($"softmax (SoftmaxBandit, temperature {alpha})"),
            "exp3" => Invariant($"exp3 (Exp3Bandit, gamma {epsilon})"),
            _ => "random (uniform over the arms)",
        };
    }

    private static void Check(BanditPolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Names.Contains(settings.Name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown policy '{settings.Name}'; expected one of {string.Join(", ", Names)}.", nameof(settings));
        }

        if (settings.Alpha is not null && !AlphaUsers.Contains(settings.Name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"--alpha is not used by policy {settings.Name}; it applies to {string.Join(", ", AlphaUsers)}.", nameof(settings));
        }

        if (settings.Epsilon is not null && !EpsilonUsers.Contains(settings.Name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"--epsilon is not used by policy {settings.Name}; it applies to {string.Join(", ", EpsilonUsers)}.", nameof(settings));
        }
    }

    private static double DefaultAlpha(string name) => name switch
    {
        "linucb" => DefaultLinUcbAlpha,
        "lints" => DefaultLinTsScale,
        _ => DefaultTemperature,
    };

    private static double DefaultEpsilonFor(string name) => name == "exp3" ? DefaultGamma : DefaultEpsilon;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
