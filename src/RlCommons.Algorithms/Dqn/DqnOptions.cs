using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Dqn;

/// <summary>
/// Hyperparameters of <see cref="DqnAgent"/>: DQN (Mnih et al. 2015) with the usual extensions — double DQN
/// (van Hasselt et al. 2016), dueling heads (Wang et al. 2016), prioritized replay (Schaul et al. 2016) and n-step
/// returns. Defaults are Stable-Baselines3's <c>DQN</c> defaults; <see cref="CartPoleZoo"/> gives the
/// rl-baselines3-zoo CartPole-v1 settings.
/// </summary>
public sealed class DqnOptions : AgentOptions
{
    /// <summary>Adam's learning rate.</summary>
    /// <value>The default is 1e-4 (SB3).</value>
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>Adam's ε (PyTorch's <c>eps</c>).</summary>
    /// <value>The default is 1e-8 (PyTorch).</value>
    public double AdamEpsilon { get; set; } = 1e-8;

    /// <summary>Replay buffer capacity in transitions.</summary>
    /// <value>The default is 1,000,000 (SB3).</value>
    public int BufferSize { get; set; } = 1_000_000;

    /// <summary>Environment steps of uniformly random actions before learning starts.</summary>
    /// <value>The default is 100 (SB3).</value>
    public int LearningStarts { get; set; } = 100;

    /// <summary>Transitions per gradient step.</summary>
    /// <value>The default is 32 (SB3).</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>The Polyak coefficient τ in (0, 1] of the target update; 1 is a hard copy.</summary>
    /// <value>The default is 1.0 (SB3).</value>
    public double Tau { get; set; } = 1.0;

    /// <summary>The discount factor γ in [0, 1].</summary>
    /// <value>The default is 0.99 (SB3).</value>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Train every this many environment steps.</summary>
    /// <value>The default is 4 (SB3).</value>
    public int TrainFrequency { get; set; } = 4;

    /// <summary>Gradient steps each time training runs.</summary>
    /// <value>The default is 1 (SB3).</value>
    public int GradientSteps { get; set; } = 1;

    /// <summary>Update the target network every this many environment steps.</summary>
    /// <value>The default is 10,000 (SB3).</value>
    public int TargetUpdateInterval { get; set; } = 10_000;

    /// <summary>The fraction of the run over which ε falls linearly from <see cref="ExplorationInitialEpsilon"/> to <see cref="ExplorationFinalEpsilon"/>.</summary>
    /// <value>The default is 0.1 (SB3).</value>
    public double ExplorationFraction { get; set; } = 0.1;

    /// <summary>ε at the start of the run.</summary>
    /// <value>The default is 1.0 (SB3).</value>
    public double ExplorationInitialEpsilon { get; set; } = 1.0;

    /// <summary>ε after the exploration fraction.</summary>
    /// <value>The default is 0.05 (SB3).</value>
    public double ExplorationFinalEpsilon { get; set; } = 0.05;

    /// <summary>The maximum global gradient norm; gradients are rescaled above it.</summary>
    /// <value>The default is 10 (SB3).</value>
    public double MaxGradNorm { get; set; } = 10;

    /// <summary>Hidden layer sizes of the Q-network (ReLU).</summary>
    /// <value>The default is [64, 64] (SB3).</value>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [64, 64];

    /// <summary>Whether the loss is Huber (smooth L1, δ = 1, as SB3) or mean squared error.</summary>
    /// <value>The default is <see langword="true"/> (SB3).</value>
    public bool HuberLoss { get; set; } = true;

    /// <summary>Double DQN: the online network picks the next action, the target network values it.</summary>
    /// <value>The default is <see langword="false"/> (SB3's DQN).</value>
    public bool DoubleQ { get; set; }

    /// <summary>
    /// Dueling heads: the last layer outputs a state value V and advantages A, combined as
    /// Q = V + A − mean(A). The heads share the hidden layers.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Dueling { get; set; }

    /// <summary>Prioritized experience replay (proportional variant with a sum tree).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool PrioritizedReplay { get; set; }

    /// <summary>The priority exponent α of prioritized replay, in [0, 1].</summary>
    /// <value>The default is 0.6 (Schaul et al.).</value>
    public double PriorityAlpha { get; set; } = 0.6;

    /// <summary>The importance-sampling exponent β at the start; it rises linearly to 1 over the run.</summary>
    /// <value>The default is 0.4 (Schaul et al.).</value>
    public double PriorityBetaStart { get; set; } = 0.4;

    /// <summary>The number of steps n of the n-step return r_t + γ r_{t+1} + … + γⁿ max Q(s_{t+n}).</summary>
    /// <value>The default is 1 (plain one-step targets).</value>
    public int NSteps { get; set; } = 1;

    /// <summary>
    /// rl-baselines3-zoo's tuned CartPole-v1 settings: lr 2.3e-3, batch 64, buffer 100k, learning starts 1000,
    /// γ 0.99, target update every 10 steps, train every 256 steps with 128 gradient steps, exploration fraction
    /// 0.16 to a final ε of 0.04, hidden layers [256, 256]; the zoo trains them for 50,000 steps.
    /// </summary>
    /// <param name="seed">The seed.</param>
    /// <returns>New options.</returns>
    public static DqnOptions CartPoleZoo(long seed = 0) => new()
    {
        Seed = seed,
        LearningRate = 2.3e-3,
        BatchSize = 64,
        BufferSize = 100_000,
        LearningStarts = 1000,
        Gamma = 0.99,
        TargetUpdateInterval = 10,
        TrainFrequency = 256,
        GradientSteps = 128,
        ExplorationFraction = 0.16,
        ExplorationFinalEpsilon = 0.04,
        HiddenSizes = [256, 256],
    };

    /// <summary>A copy for an agent to keep, with its own list of hidden sizes, so later changes to this object do not reach the agent.</summary>
    /// <returns>A new options object with the same values.</returns>
    internal DqnOptions Clone()
    {
        var copy = (DqnOptions)MemberwiseClone();
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
        errors.RequireInRange(ExplorationFraction, 0, 1, nameof(ExplorationFraction));
        errors.RequireInRange(ExplorationInitialEpsilon, 0, 1, nameof(ExplorationInitialEpsilon));
        errors.RequireInRange(ExplorationFinalEpsilon, 0, 1, nameof(ExplorationFinalEpsilon));
        errors.RequirePositive(MaxGradNorm, nameof(MaxGradNorm));
        errors.Require(HiddenSizes is not null && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "HiddenSizes must not be null and every size must be at least 1.");
        errors.RequireInRange(PriorityAlpha, 0, 1, nameof(PriorityAlpha));
        errors.RequireInRange(PriorityBetaStart, 0, 1, nameof(PriorityBetaStart));
        RequireAtLeast(errors, NSteps, 1, nameof(NSteps));
    }

    private static void RequireAtLeast(ValidationErrors errors, int value, int minimum, string name)
        => errors.Require(value >= minimum, name, Invariant($"{name} must be at least {minimum}, was {value}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
