using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Sac;

/// <summary>
/// Hyperparameters of <see cref="SacAgent"/>: soft actor-critic (Haarnoja et al. 2018, "Soft Actor-Critic
/// Algorithms and Applications") with twin Q critics, Polyak-averaged target critics and automatic entropy
/// tuning. Defaults are Stable-Baselines3's <c>SAC</c> defaults; <see cref="PendulumZoo"/> gives the
/// rl-baselines3-zoo Pendulum-v1 settings.
/// </summary>
public sealed class SacOptions : AgentOptions
{
    /// <summary>Adam's learning rate, shared by the actor, the critics and the entropy coefficient.</summary>
    /// <value>The default is 3e-4 (SB3).</value>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Adam's ε (PyTorch's <c>eps</c>).</summary>
    /// <value>The default is 1e-8 (PyTorch; SB3's SAC keeps it).</value>
    public double AdamEpsilon { get; set; } = 1e-8;

    /// <summary>Replay buffer capacity in transitions.</summary>
    /// <value>The default is 1,000,000 (SB3).</value>
    public int BufferSize { get; set; } = 1_000_000;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    /// <value>The default is 100 (SB3).</value>
    public int LearningStarts { get; set; } = 100;

    /// <summary>Transitions per gradient step, drawn uniformly with replacement (even while the buffer holds fewer, as SB3).</summary>
    /// <value>The default is 256 (SB3).</value>
    public int BatchSize { get; set; } = 256;

    /// <summary>The Polyak coefficient τ in (0, 1] of the target critics' update θ′ ← (1 − τ)θ′ + τθ.</summary>
    /// <value>The default is 0.005 (SB3).</value>
    public double Tau { get; set; } = 0.005;

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99 (SB3).</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Train every this many environment steps.</summary>
    /// <value>The default is 1 (SB3).</value>
    public int TrainFrequency { get; set; } = 1;

    /// <summary>Gradient steps each time training runs.</summary>
    /// <value>The default is 1 (SB3).</value>
    public int GradientSteps { get; set; } = 1;

    /// <summary>
    /// Update the target critics every this many gradient steps, counted over the agent's life. (SB3 counts within
    /// one training call, so with one gradient step per call it updates every call whatever this value; the two agree
    /// at the default.)
    /// </summary>
    /// <value>The default is 1 (SB3).</value>
    public int TargetUpdateInterval { get; set; } = 1;

    /// <summary>
    /// Whether the entropy coefficient α is learned (SB3's <c>ent_coef="auto"</c>): log α takes an Adam step on
    /// −log α · (log π(a|s) + <see cref="TargetEntropy"/>) each gradient step. Otherwise α stays at
    /// <see cref="EntropyCoefficient"/>.
    /// </summary>
    /// <value>The default is <see langword="true"/> (SB3).</value>
    public bool AutoEntropy { get; set; } = true;

    /// <summary>The entropy coefficient α: its starting value when <see cref="AutoEntropy"/>, otherwise its fixed value. Positive.</summary>
    /// <value>The default is 1.0 (SB3's "auto" starts at 1).</value>
    public double EntropyCoefficient { get; set; } = 1.0;

    /// <summary>The target entropy of automatic tuning; <see langword="null"/> means −dim(A).</summary>
    /// <value>The default is <see langword="null"/> (SB3: −dim(A)).</value>
    public double? TargetEntropy { get; set; }

    /// <summary>Hidden layer sizes (ReLU) of the actor and of each critic.</summary>
    /// <value>The default is [256, 256] (SB3).</value>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [256, 256];

    /// <summary>
    /// rl-baselines3-zoo's Pendulum-v1 settings: SB3's defaults with a learning rate of 1e-3; the zoo trains them
    /// for 20,000 steps.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <returns>New options.</returns>
    public static SacOptions PendulumZoo(long seed = 0) => new()
    {
        Seed = seed,
        LearningRate = 1e-3,
    };

    /// <summary>A copy for an agent to keep, with its own list of hidden sizes, so later changes to this object do not reach the agent.</summary>
    /// <returns>A new options object with the same values.</returns>
    internal SacOptions Clone()
    {
        var copy = (SacOptions)MemberwiseClone();
        copy.HiddenSizes = [.. HiddenSizes];
        return copy;
    }

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.RequirePositive(LearningRate, nameof(LearningRate));
        errors.RequirePositive(AdamEpsilon, nameof(AdamEpsilon));
        RequireAtLeast(errors, BufferSize, 1, nameof(BufferSize));
        RequireAtLeast(errors, LearningStarts, 0, nameof(LearningStarts));
        RequireAtLeast(errors, BatchSize, 1, nameof(BatchSize));
        errors.Require(double.IsFinite(Tau) && Tau > 0 && Tau <= 1, nameof(Tau), Invariant($"Tau must be in (0, 1], was {Tau}."));
        errors.RequireInRange(Gamma, 0, 1, nameof(Gamma));
        RequireAtLeast(errors, TrainFrequency, 1, nameof(TrainFrequency));
        RequireAtLeast(errors, GradientSteps, 1, nameof(GradientSteps));
        RequireAtLeast(errors, TargetUpdateInterval, 1, nameof(TargetUpdateInterval));
        errors.RequirePositive(EntropyCoefficient, nameof(EntropyCoefficient));
        errors.Require(TargetEntropy is null || double.IsFinite(TargetEntropy.Value), nameof(TargetEntropy), Invariant($"TargetEntropy must be finite or null, was {TargetEntropy}."));
        errors.Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "HiddenSizes must not be null and every size must be at least 1.");
    }

    private static void RequireAtLeast(ValidationErrors errors, int value, int minimum, string name)
        => errors.Require(value >= minimum, name, Invariant($"{name} must be at least {minimum}, was {value}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
