using RlCommons.Validation;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Hyperparameters of <see cref="A2cAgent"/>: synchronous advantage actor-critic (Mnih et al. 2016). Defaults are
/// Stable-Baselines3's <c>A2C</c> defaults: n_steps 5, learning rate 7e-4, GAE λ 1 (plain n-step returns), RMSprop
/// with α 0.99 and ε 1e-5, gradient norm 0.5, no advantage normalization; <see cref="CartPoleZoo"/> gives the
/// rl-baselines3-zoo CartPole-v1 settings.
/// </summary>
public sealed class A2cOptions : OnPolicyOptions
{
    /// <summary>Creates options with SB3's A2C defaults.</summary>
    public A2cOptions()
    {
        LearningRate = 7e-4;
        NSteps = 5;
        GaeLambda = 1.0;
    }

    /// <summary>RMSprop's smoothing constant α in [0, 1).</summary>
    /// <value>The default is 0.99 (SB3).</value>
    public double RmsPropAlpha { get; set; } = 0.99;

    /// <summary>RMSprop's ε.</summary>
    /// <value>The default is 1e-5 (SB3).</value>
    public double RmsPropEpsilon { get; set; } = 1e-5;

    /// <summary>Whether advantages are normalized over the rollout.</summary>
    /// <value>The default is <see langword="false"/> (SB3).</value>
    public bool NormalizeAdvantage { get; set; }

    /// <summary>rl-baselines3-zoo's CartPole-v1 settings: 8 environments, no entropy bonus, SB3 defaults otherwise; the zoo trains 500,000 steps.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>New options.</returns>
    public static A2cOptions CartPoleZoo(long seed = 0) => new() { Seed = seed, Environments = 8, EntropyCoefficient = 0.0 };

    internal override int BatchRows => checked(NSteps * Environments);

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Require(RmsPropAlpha >= 0 && RmsPropAlpha < 1, nameof(RmsPropAlpha), Invariant($"RmsPropAlpha must be in [0, 1), was {RmsPropAlpha}."));
        errors.RequirePositive(RmsPropEpsilon, nameof(RmsPropEpsilon));
    }
}
