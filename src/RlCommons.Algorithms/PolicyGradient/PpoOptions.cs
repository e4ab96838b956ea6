using RlCommons.Validation;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Hyperparameters of <see cref="PpoAgent"/>: proximal policy optimization with the clipped surrogate objective
/// (Schulman et al. 2017) and GAE(λ) advantages (Schulman et al. 2016). Defaults are Stable-Baselines3's <c>PPO</c>
/// defaults (separate actor and critic networks of [64, 64] tanh units, orthogonal initialization, Adam with ε = 1e-5);
/// <see cref="CartPoleZoo"/> and <see cref="PendulumPreset"/> give tuned settings.
/// </summary>
public class PpoOptions : OnPolicyOptions
{
    /// <summary>Adam's ε.</summary>
    /// <value>The default is 1e-5 (SB3's actor-critic policies).</value>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>Transitions per minibatch.</summary>
    /// <value>The default is 64 (SB3).</value>
    public int BatchSize { get; set; } = 64;

    /// <summary>Passes over each rollout.</summary>
    /// <value>The default is 10 (SB3).</value>
    public int Epochs { get; set; } = 10;

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

    /// <summary>Stop an update's epochs once a minibatch's approximate KL divergence exceeds 1.5 × this; <see langword="null"/> never stops.</summary>
    /// <value>The default is <see langword="null"/> (SB3).</value>
    public double? TargetKl { get; set; }

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


    internal override int BatchRows => BatchSize;

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.RequirePositive(AdamEpsilon, nameof(AdamEpsilon));
        RequireAtLeast(errors, BatchSize, 1, nameof(BatchSize));
        RequireAtLeast(errors, Epochs, 1, nameof(Epochs));
        errors.Require(double.IsFinite(ClipRange) && ClipRange > 0 && ClipRange <= 1, nameof(ClipRange), Invariant($"ClipRange must be in (0, 1], was {ClipRange}."));
        errors.Require(ClipRangeValue is null || (double.IsFinite(ClipRangeValue.Value) && ClipRangeValue.Value > 0), nameof(ClipRangeValue), Invariant($"ClipRangeValue must be null or positive, was {ClipRangeValue}."));
        errors.Require(TargetKl is null || (double.IsFinite(TargetKl.Value) && TargetKl.Value > 0), nameof(TargetKl), Invariant($"TargetKl must be null or positive, was {TargetKl}."));
    }
}
