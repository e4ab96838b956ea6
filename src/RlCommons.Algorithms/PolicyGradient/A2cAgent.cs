using RlCommons.Buffers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Schedules;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Synchronous advantage actor-critic (A2C; Mnih et al. 2016) following Stable-Baselines3's <c>A2C</c>: after each
/// short rollout from every environment, one RMSprop step on the whole rollout. The rollout loop, masking,
/// truncation bootstrap and snapshots are <see cref="OnPolicyAgent"/>'s.
/// </summary>
/// <remarks>
/// <para>Not sealed only so that <see cref="CreateMultiDiscrete"/> can return an agent that also implements
/// <see cref="IMultiDiscretePolicy"/>; derive from it no further.</para>
/// <para>Thread safety: not thread-safe; use one agent from one thread at a time.</para>
/// </remarks>
public class A2cAgent : OnPolicyAgent
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

    private A2cAgent(int observationDimension, MultiDiscreteSpace actionSpace, A2cOptions options)
        : base(observationDimension, 0, null, options, CreateOptimizer(options), actionSpace)
    {
        _options = options;
    }

    /// <summary>
    /// Creates an agent for a multi-discrete action space (Gymnasium's <c>MultiDiscrete</c>; SB3's
    /// <c>MultiCategoricalDistribution</c>): one categorical head per component, log π(a|s) = Σ_c log π_c(a_c|s) and
    /// H = Σ_c H_c. The agent is an <see cref="IMultiDiscretePolicy"/> over the joint indices; its environments receive
    /// the component values as floats through <see cref="Environments.IEnvironment.Step(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action space; between 2 and <see cref="int.MaxValue"/> joint actions.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <returns>The agent; it implements <see cref="IMultiDiscretePolicy"/>.</returns>
    /// <exception cref="ArgumentException">The options or the space are invalid (every option problem is listed).</exception>
    public static A2cAgent CreateMultiDiscrete(int observationDimension, MultiDiscreteSpace actionSpace, A2cOptions options)
        => new MultiDiscreteAgent(observationDimension, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options);

    private A2cAgent(int observationDimension, CompositeSpace actionSpace, A2cOptions options)
        : base(observationDimension, 0, null, options, CreateOptimizer(options), composite: actionSpace)
    {
        _options = options;
    }

    /// <summary>
    /// Creates an agent for a composite action space of Discrete, MultiDiscrete and Box parts (at least one discrete and
    /// one box part): one categorical per discrete value (SB3's MultiCategorical) and one diagonal Gaussian with a
    /// state-independent log σ over the box parts; the joint log-density log π(a|s) = Σ_c log π_c(a_c|s) + log N(a_box)
    /// is what the update's ratio (or policy gradient) uses, and H = Σ_c H_c + H_N the entropy bonus. The agent is an
    /// <see cref="IContinuousPolicy"/> whose action vector holds the parts' values in order (see
    /// <see cref="OnPolicyAgent.Decide(ReadOnlySpan{float}, Span{float}, bool)"/>); its <see cref="IPolicy"/> members throw.
    /// Box values are stored unclipped and clipped only when sent to an environment, as for a box agent.
    /// </summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action space.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <returns>The agent.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or the space holds another kind of part or lacks a discrete or a box part.</exception>
    public static A2cAgent CreateComposite(int observationDimension, CompositeSpace actionSpace, A2cOptions options)
        => new(observationDimension, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options);

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

    private sealed class MultiDiscreteAgent(int observationDimension, MultiDiscreteSpace actionSpace, A2cOptions options)
        : A2cAgent(observationDimension, actionSpace, options), IMultiDiscretePolicy
    {
        public MultiDiscreteSpace ActionSpace => MultiDiscreteActionSpace!;
    }

    private static Func<IReadOnlyList<Parameter>, Optimizer> CreateOptimizer(A2cOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return parameters => new RmsProp(parameters, Schedule.Constant(options.LearningRate), options.RmsPropAlpha, options.RmsPropEpsilon);
    }
}
