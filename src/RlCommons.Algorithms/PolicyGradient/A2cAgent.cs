using RlCommons.Buffers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Schedules;
using RlCommons.Spaces;

namespace RlCommons.PolicyGradient;

/// <summary>
/// Synchronous advantage actor-critic (A2C; Mnih et al. 2016) following Stable-Baselines3's <c>A2C</c>: after each
/// short rollout from every environment, one RMSprop step on the whole rollout. The rollout loop, masking,
/// truncation bootstrap and snapshots are <see cref="OnPolicyAgent"/>'s.
/// </summary>
/// <remarks>Thread safety: not thread-safe; use one agent from one thread at a time.</remarks>
public sealed class A2cAgent : OnPolicyAgent
{
    private readonly A2cOptions _options;

    /// <summary>Creates an agent for a discrete action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public A2cAgent(int observationDimension, int actionCount, A2cOptions options)
        : base(observationDimension, actionCount, null, options, CreateOptimizer(options))
    {
        _options = options;
    }

    /// <summary>Creates an agent for a continuous (box) action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action box; actions sent to an environment are clipped to it.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public A2cAgent(int observationDimension, BoxSpace actionSpace, A2cOptions options)
        : base(observationDimension, 0, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options, CreateOptimizer(options))
    {
        _options = options;
    }

    /// <summary>The options the agent was built with.</summary>
    public A2cOptions Options => _options;

    /// <summary>The policy loss of the last update, or NaN before the first.</summary>
    public double LastPolicyLoss { get; private set; } = double.NaN;

    /// <summary>The value loss of the last update, or NaN before the first.</summary>
    public double LastValueLoss { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.PolicyGradient.A2cAgent";

    /// <summary>
    /// One A2C step over the whole rollout (SB3's <c>A2C.train</c>): L = −mean(Â·log π(a|s)) + c_v·mean((R − V(s))²)
    /// − c_e·mean(H), with Â the GAE advantages (normalized only when asked).
    /// </summary>
    internal override void Train(RolloutBuffer buffer, double progressRemaining)
    {
        Optimizer.LearningRateScale = _options.LinearLearningRate ? progressRemaining : 1.0;
        (LastPolicyLoss, LastValueLoss) = WholeRolloutStep(buffer, _options.NormalizeAdvantage);
    }

    private static Func<IReadOnlyList<Parameter>, Optimizer> CreateOptimizer(A2cOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return parameters => new RmsProp(parameters, Schedule.Constant(options.LearningRate), options.RmsPropAlpha, options.RmsPropEpsilon);
    }
}
