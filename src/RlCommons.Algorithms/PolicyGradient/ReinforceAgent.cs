using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Schedules;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// REINFORCE with a learned baseline (Williams 1992; Sutton and Barto 2018, §13.4): the agent plays
/// <see cref="ReinforceOptions.EpisodesPerUpdate"/> whole episodes of one environment, then takes one Adam step on
/// L = −mean((G_t − V(s_t))·log π(a_t|s_t)) + c_v·mean((G_t − V(s_t))²) − c_e·mean(H), with G_t the discounted
/// Monte-Carlo return. The rollout storage is <see cref="RolloutBuffer"/> with GAE λ = 1, which gives exactly
/// G_t − V(s_t) when the rollout ends at an episode end; the loop, masking, snapshots and callbacks are
/// <see cref="OnPolicyAgent"/>'s.
/// </summary>
/// <remarks>
/// A time-limit truncation bootstraps like the other agents (γ·V(final observation) is added to the last reward), so
/// G_t is the Monte-Carlo return of the steps played plus the critic's estimate of the rest.
/// Thread safety: not thread-safe; use one agent from one thread at a time.
/// </remarks>
public sealed class ReinforceAgent : OnPolicyAgent
{
    private readonly ReinforceOptions _options;
    private int _episodes;

    /// <summary>Creates an agent for a discrete action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ReinforceAgent(int observationDimension, int actionCount, ReinforceOptions options)
        : base(observationDimension, actionCount, null, options, CreateOptimizer(options))
    {
        _options = options;
    }

    /// <summary>Creates an agent for a continuous (box) action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action box; actions sent to an environment are clipped to it.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ReinforceAgent(int observationDimension, BoxSpace actionSpace, ReinforceOptions options)
        : base(observationDimension, 0, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options, CreateOptimizer(options))
    {
        _options = options;
    }

    /// <summary>The options the agent was built with.</summary>
    public ReinforceOptions Options => _options;

    /// <summary>The policy loss of the last update, or NaN before the first.</summary>
    public double LastPolicyLoss { get; private set; } = double.NaN;

    /// <summary>The value loss of the last update, or NaN before the first.</summary>
    public double LastValueLoss { get; private set; } = double.NaN;

    /// <summary>The steps of the last update (the length of its episodes), or 0 before the first.</summary>
    public int LastUpdateSteps { get; private set; }

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.PolicyGradient.ReinforceAgent";

    /// <summary>One Adam step on the episodes of the rollout, advantages G − V(s) (see the class summary).</summary>
    internal override void Train(RolloutBuffer buffer, double progressRemaining)
    {
        Optimizer.LearningRateScale = _options.LinearLearningRate ? progressRemaining : 1.0;
        LastUpdateSteps = buffer.Count;
        (LastPolicyLoss, LastValueLoss) = WholeRolloutStep(buffer, _options.NormalizeAdvantage);
    }

    private protected override void OnRolloutStart(int environments) => _episodes = 0;

    private protected override bool EndsRollout(ReadOnlySpan<StepResult> results)
    {
        foreach (StepResult result in results)
        {
            _episodes += result.EpisodeEnded ? 1 : 0;
        }

        return _episodes >= _options.EpisodesPerUpdate;
    }

    private static Func<IReadOnlyList<Parameter>, Optimizer> CreateOptimizer(ReinforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return parameters => new Adam(parameters, Schedule.Constant(options.LearningRate), epsilon: options.AdamEpsilon);
    }
}
