using System.Globalization;
using RlCommons.Neural.Activations;
using RlCommons.Validation;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// The hyperparameters every on-policy actor-critic agent shares (SB3's <c>OnPolicyAlgorithm</c> and
/// <c>ActorCriticPolicy</c>): rollout length, discounting, GAE λ, loss weights, gradient clipping and the two
/// networks. Derived options set SB3's defaults for their algorithm.
/// </summary>
public abstract class OnPolicyOptions : AgentOptions
{
    private protected OnPolicyOptions()
    {
    }

    /// <summary>Adam's learning rate at the start of a run.</summary>
    /// <value>The default is SB3's: 3e-4 for PPO, 7e-4 for A2C.</value>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Whether the learning rate falls linearly to 0 over the run (the zoo's <c>lin_</c> schedules; SB3 updates it once per rollout).</summary>
    /// <value>The default is <see langword="false"/> (SB3: constant).</value>
    public bool LinearLearningRate { get; set; }

    /// <summary>The number of environment copies <c>Learn</c> creates when given a factory (a vector environment brings its own count).</summary>
    /// <value>The default is 1 (SB3). A vector environment passed to <c>Learn</c> may have at most this many copies.</value>
    public int Environments { get; set; } = 1;

    /// <summary>Steps per environment in each rollout (SB3's <c>n_steps</c>); a rollout holds n_steps × environments transitions.</summary>
    /// <value>The default is SB3's: 2048 for PPO, 5 for A2C.</value>
    public int NSteps { get; set; } = 2048;

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99 (SB3).</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>The GAE λ in [0, 1].</summary>
    /// <value>The default is SB3's: 0.95 for PPO, 1.0 for A2C.</value>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>The weight of the entropy bonus.</summary>
    /// <value>The default is 0 (SB3).</value>
    public double EntropyCoefficient { get; set; }

    /// <summary>The weight of the value loss.</summary>
    /// <value>The default is 0.5 (SB3).</value>
    public double ValueCoefficient { get; set; } = 0.5;

    /// <summary>The maximum global gradient norm.</summary>
    /// <value>The default is 0.5 (SB3).</value>
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Hidden layer sizes of the policy (actor) network.</summary>
    /// <value>The default is [64, 64] (SB3's <c>pi</c>).</value>
    public IReadOnlyList<int> PolicyHiddenSizes { get; set; } = [64, 64];

    /// <summary>Hidden layer sizes of the value (critic) network.</summary>
    /// <value>The default is [64, 64] (SB3's <c>vf</c>).</value>
    public IReadOnlyList<int> ValueHiddenSizes { get; set; } = [64, 64];

    /// <summary>
    /// Whether the policy and the value function share their hidden layers (<see cref="PolicyHiddenSizes"/>): one
    /// network with a policy head and a value head, trained on the summed loss — about half the work per step, at the
    /// price of the two losses competing for the shared features. <see cref="ValueHiddenSizes"/> is then unused.
    /// </summary>
    /// <value>The default is <see langword="false"/>: separate networks, as SB3's default <c>net_arch</c> since 1.8.</value>
    public bool SharedNetwork { get; set; }

    /// <summary>The hidden activation of both networks.</summary>
    /// <value>The default is <see cref="Activation.Tanh"/> (SB3's actor-critic policies).</value>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The initial state-independent log σ of a continuous policy.</summary>
    /// <value>The default is 0 (SB3).</value>
    public double LogStdInit { get; set; }

    /// <summary>The rows of one gradient step, which sizes the networks' batch buffers.</summary>
    internal abstract int BatchRows { get; }

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.RequirePositive(LearningRate, nameof(LearningRate));
        RequireAtLeast(errors, Environments, 1, nameof(Environments));
        RequireAtLeast(errors, NSteps, 1, nameof(NSteps));
        errors.RequireInRange(Gamma, 0, 1, nameof(Gamma));
        errors.RequireInRange(GaeLambda, 0, 1, nameof(GaeLambda));
        errors.RequireNonNegative(EntropyCoefficient, nameof(EntropyCoefficient));
        errors.RequireNonNegative(ValueCoefficient, nameof(ValueCoefficient));
        errors.RequirePositive(MaxGradNorm, nameof(MaxGradNorm));
        errors.Require(PolicyHiddenSizes is not null && PolicyHiddenSizes.All(h => h >= 1), nameof(PolicyHiddenSizes), "PolicyHiddenSizes must not be null and every size must be at least 1.");
        errors.Require(ValueHiddenSizes is not null && ValueHiddenSizes.All(h => h >= 1), nameof(ValueHiddenSizes), "ValueHiddenSizes must not be null and every size must be at least 1.");
        errors.Require(Enum.IsDefined(Activation), nameof(Activation), "Activation is not a known activation.");
        errors.Require(double.IsFinite(LogStdInit), nameof(LogStdInit), "LogStdInit must be finite.");
    }

    private protected static void RequireAtLeast(ValidationErrors errors, int value, int minimum, string name)
        => errors.Require(value >= minimum, name, Invariant($"{name} must be at least {minimum}, was {value}."));

    private protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
