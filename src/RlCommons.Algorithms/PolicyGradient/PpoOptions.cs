using System.Globalization;
using RlCommons.Neural.Activations;
using RlCommons.Validation;

namespace RlCommons.PolicyGradient;

/// <summary>
/// Hyperparameters of <see cref="PpoAgent"/>: proximal policy optimization with the clipped surrogate objective
/// (Schulman et al. 2017) and GAE(λ) advantages (Schulman et al. 2016). Defaults are Stable-Baselines3's <c>PPO</c>
/// defaults (separate actor and critic networks of [64, 64] tanh units, orthogonal initialization, Adam with ε = 1e-5);
/// <see cref="CartPoleZoo"/> and <see cref="PendulumPreset"/> give tuned settings.
/// </summary>
public sealed class PpoOptions : AgentOptions
{
    /// <summary>Adam's learning rate at the start of a run.</summary>
    /// <value>The default is 3e-4 (SB3).</value>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Whether the learning rate falls linearly to 0 over the run (the zoo's <c>lin_</c> schedules; SB3 updates it once per rollout).</summary>
    /// <value>The default is <see langword="false"/> (SB3: constant).</value>
    public bool LinearLearningRate { get; set; }

    /// <summary>Adam's ε.</summary>
    /// <value>The default is 1e-5 (SB3's actor-critic policies).</value>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>The number of environment copies <c>PpoAgent.Learn</c> creates when given a factory (a vector environment brings its own count).</summary>
    /// <value>The default is 1 (SB3).</value>
    public int Environments { get; set; } = 1;

    /// <summary>Steps per environment in each rollout (SB3's <c>n_steps</c>); a rollout holds n_steps × environments transitions.</summary>
    /// <value>The default is 2048 (SB3).</value>
    public int NSteps { get; set; } = 2048;

    /// <summary>Transitions per minibatch.</summary>
    /// <value>The default is 64 (SB3).</value>
    public int BatchSize { get; set; } = 64;

    /// <summary>Passes over each rollout.</summary>
    /// <value>The default is 10 (SB3).</value>
    public int Epochs { get; set; } = 10;

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99 (SB3).</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>The GAE λ in [0, 1].</summary>
    /// <value>The default is 0.95 (SB3).</value>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>The clip range ε of the probability ratio, in (0, 1].</summary>
    /// <value>The default is 0.2 (SB3).</value>
    public double ClipRange { get; set; } = 0.2;

    /// <summary>Whether the clip range falls linearly to 0 over the run (the zoo's <c>lin_0.2</c>).</summary>
    /// <value>The default is <see langword="false"/> (SB3: constant).</value>
    public bool LinearClipRange { get; set; }

    /// <summary>The clip range of the value prediction around the rollout's value, or <see langword="null"/> for no value clipping.</summary>
    /// <value>The default is <see langword="null"/> (SB3).</value>
    public double? ClipRangeValue { get; set; }

    /// <summary>Whether advantages are normalized to zero mean and unit (sample) standard deviation per minibatch.</summary>
    /// <value>The default is <see langword="true"/> (SB3).</value>
    public bool NormalizeAdvantage { get; set; } = true;

    /// <summary>The weight of the entropy bonus.</summary>
    /// <value>The default is 0 (SB3).</value>
    public double EntropyCoefficient { get; set; }

    /// <summary>The weight of the value loss.</summary>
    /// <value>The default is 0.5 (SB3).</value>
    public double ValueCoefficient { get; set; } = 0.5;

    /// <summary>The maximum global gradient norm.</summary>
    /// <value>The default is 0.5 (SB3).</value>
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Stop an update's epochs once a minibatch's approximate KL divergence exceeds 1.5 × this; <see langword="null"/> never stops.</summary>
    /// <value>The default is <see langword="null"/> (SB3).</value>
    public double? TargetKl { get; set; }

    /// <summary>Hidden layer sizes of the policy (actor) network.</summary>
    /// <value>The default is [64, 64] (SB3's <c>pi</c>).</value>
    public IReadOnlyList<int> PolicyHiddenSizes { get; set; } = [64, 64];

    /// <summary>Hidden layer sizes of the value (critic) network.</summary>
    /// <value>The default is [64, 64] (SB3's <c>vf</c>).</value>
    public IReadOnlyList<int> ValueHiddenSizes { get; set; } = [64, 64];

    /// <summary>The hidden activation of both networks.</summary>
    /// <value>The default is <see cref="Activation.Tanh"/> (SB3's actor-critic policies).</value>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The initial state-independent log σ of a continuous policy.</summary>
    /// <value>The default is 0 (SB3).</value>
    public double LogStdInit { get; set; }

    /// <summary>
    /// rl-baselines3-zoo's CartPole-v1 settings: 8 environments, n_steps 32, batch 256, GAE λ 0.8, γ 0.98, 20 epochs,
    /// no entropy bonus, learning rate linear from 1e-3 and clip range linear from 0.2; the zoo trains 100,000 steps.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <returns>New options.</returns>
    public static PpoOptions CartPoleZoo(long seed = 0) => new()
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
        LinearLearningRate = true,
        ClipRange = 0.2,
        LinearClipRange = true,
    };

    /// <summary>
    /// Pendulum-v1 settings after the zoo's (4 environments, n_steps 1024, GAE λ 0.95, γ 0.9, 10 epochs, no entropy
    /// bonus, learning rate 1e-3, clip 0.2) without gSDE, which this library does not implement; see
    /// docs/learning.md for what they reach in 100,000 steps.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <returns>New options.</returns>
    public static PpoOptions PendulumPreset(long seed = 0) => new()
    {
        Seed = seed,
        Environments = 4,
        NSteps = 1024,
        BatchSize = 64,
        GaeLambda = 0.95,
        Gamma = 0.9,
        Epochs = 10,
        EntropyCoefficient = 0,
        LearningRate = 1e-3,
        ClipRange = 0.2,
    };

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.RequirePositive(LearningRate, nameof(LearningRate));
        errors.RequirePositive(AdamEpsilon, nameof(AdamEpsilon));
        RequireAtLeast(errors, Environments, 1, nameof(Environments));
        RequireAtLeast(errors, NSteps, 1, nameof(NSteps));
        RequireAtLeast(errors, BatchSize, 1, nameof(BatchSize));
        RequireAtLeast(errors, Epochs, 1, nameof(Epochs));
        errors.RequireInRange(Gamma, 0, 1, nameof(Gamma));
        errors.RequireInRange(GaeLambda, 0, 1, nameof(GaeLambda));
        errors.Require(double.IsFinite(ClipRange) && ClipRange > 0 && ClipRange <= 1, nameof(ClipRange), Invariant($"ClipRange must be in (0, 1], was {ClipRange}."));
        errors.Require(ClipRangeValue is null || (double.IsFinite(ClipRangeValue.Value) && ClipRangeValue.Value > 0), nameof(ClipRangeValue), Invariant($"ClipRangeValue must be null or positive, was {ClipRangeValue}."));
        errors.RequireNonNegative(EntropyCoefficient, nameof(EntropyCoefficient));
        errors.RequireNonNegative(ValueCoefficient, nameof(ValueCoefficient));
        errors.RequirePositive(MaxGradNorm, nameof(MaxGradNorm));
        errors.Require(TargetKl is null || (double.IsFinite(TargetKl.Value) && TargetKl.Value > 0), nameof(TargetKl), Invariant($"TargetKl must be null or positive, was {TargetKl}."));
        errors.Require(PolicyHiddenSizes is not null && PolicyHiddenSizes.All(h => h >= 1), nameof(PolicyHiddenSizes), "PolicyHiddenSizes must not be null and every size must be at least 1.");
        errors.Require(ValueHiddenSizes is not null && ValueHiddenSizes.All(h => h >= 1), nameof(ValueHiddenSizes), "ValueHiddenSizes must not be null and every size must be at least 1.");
        errors.Require(Enum.IsDefined(Activation), nameof(Activation), "Activation is not a known activation.");
        errors.Require(double.IsFinite(LogStdInit), nameof(LogStdInit), "LogStdInit must be finite.");
    }

    private static void RequireAtLeast(ValidationErrors errors, int value, int minimum, string name)
        => errors.Require(value >= minimum, name, Invariant($"{name} must be at least {minimum}, was {value}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
