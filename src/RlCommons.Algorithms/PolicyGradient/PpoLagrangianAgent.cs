using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Algorithms.Training;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// PPO-Lagrangian (Ray, Achiam and Amodei 2019; OmniSafe's <c>PPOLag</c>): PPO on max E[R] subject to
/// E[episode cost] ≤ d, with costs from <see cref="PpoLagrangianOptions.CostFunction"/>. A cost critic V_c (same
/// shape as the value critic, its own Adam) gives GAE cost advantages A_c with the reward's γ and GAE λ; the
/// multiplier λ takes one dual step per rollout (<see cref="LagrangianMultiplier"/>); the clipped surrogate uses
/// A = (A_r − λ·A_c)/(1 + λ).
/// </summary>
/// <remarks>
/// <para>J_c is the mean cost of the episodes that ended during the rollout; a rollout in which no episode ended
/// leaves λ unchanged. λ is updated before the policy update, as OmniSafe does.</para>
/// <para>Advantages: A_r is standardized over the whole rollout (when <see cref="PpoOptions.NormalizeAdvantage"/>)
/// and A_c only centered, so λ weighs costs on their own scale; the combination is not renormalized per minibatch.</para>
/// <para>Truncated episodes bootstrap costs as rewards: γ·V_c(final observation) is added to the truncated step's cost.</para>
/// <para>The cost critic's initial weights derive from <see cref="Validation.AgentOptions.Seed"/> (from 0 when it is unset).</para>
/// <para>Snapshots add the cost critic, its optimizer and λ's Adam state to PPO's. Thread safety: not thread-safe.</para>
/// </remarks>
public sealed class PpoLagrangianAgent : PpoAgent
{
    private readonly PpoLagrangianOptions _options;
    private readonly StepCost _cost;
    private readonly Mlp _costCritic;
    private readonly Adam _costOptimizer;
    private readonly LagrangeMultiplier _multiplier;
    private readonly float[] _costRows;
    private readonly float[] _costGradient;
    private readonly float[] _single = new float[1];
    private RolloutBuffer? _costBuffer;
    private float[] _advantages = [];
    private double[] _episodeCosts = [];
    private float[] _stepCosts = [];
    private float[] _stepCostValues = [];
    private float[] _zeros = [];
    private double _rolloutCostSum;
    private int _rolloutEpisodes;

    /// <summary>Creates an agent for a discrete action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public PpoLagrangianAgent(int observationDimension, int actionCount, PpoLagrangianOptions options)
        : base(observationDimension, actionCount, options)
    {
        (_options, _cost, _costCritic, _costOptimizer, _multiplier, _costRows, _costGradient) = Build(observationDimension, options);
    }

    /// <summary>Creates an agent for a continuous (box) action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action box; actions sent to an environment are clipped to it.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public PpoLagrangianAgent(int observationDimension, BoxSpace actionSpace, PpoLagrangianOptions options)
        : base(observationDimension, actionSpace, options)
    {
        (_options, _cost, _costCritic, _costOptimizer, _multiplier, _costRows, _costGradient) = Build(observationDimension, options);
    }

    /// <summary>The options the agent was built with.</summary>
    public new PpoLagrangianOptions Options => _options;

    /// <summary>The current Lagrange multiplier λ ≥ 0.</summary>
    public double LagrangianMultiplier => _multiplier.Value;

    /// <summary>J_c of the last rollout: the mean cost of the episodes that ended in it, or NaN when none ended (or before the first).</summary>
    public double LastEpisodeCost { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.PolicyGradient.PpoLagrangianAgent";

    /// <summary>Returns the cost critic's estimate V_c(<paramref name="observation"/>) of the discounted cost to come.</summary>
    /// <param name="observation">The observation; length <see cref="OnPolicyAgent.ObservationDimension"/>.</param>
    /// <returns>V_c(s).</returns>
    public double CostValue(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationDimension)
        {
            throw new ArgumentException($"observation must hold {ObservationDimension} values, has {observation.Length}.", nameof(observation));
        }

        return _costCritic.Forward(observation, 1)[0];
    }

    /// <summary>
    /// Runs the policy for whole episodes and reports their returns and costs (<see cref="PolicyEvaluation"/>'s
    /// protocol: the first reset takes <paramref name="seed"/>, later ones continue the environment's generator).
    /// </summary>
    /// <param name="environment">The evaluation environment; it should end episodes.</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act with the mode (the default) or sample.</param>
    /// <returns>The returns, lengths and episode costs.</returns>
    /// <exception cref="ArgumentException">The environment's spaces do not match the agent.</exception>
    public ConstrainedEvaluationResult EvaluateWithCost(IEnvironment environment, int episodes, long seed, bool deterministic = true)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        bool matches = environment.ObservationSpace.FlatDimension == ObservationDimension && environment.ActionSpace switch
        {
            DiscreteSpace discrete => !IsContinuous && discrete.Count == ActionCount,
            BoxSpace box => IsContinuous && box.FlatDimension == ActionDimension,
            _ => false,
        };
        if (!matches)
        {
            throw new ArgumentException($"The environment's spaces ({environment.ObservationSpace}, {environment.ActionSpace}) do not match the agent.", nameof(environment));
        }

        int start = environment.ActionSpace is DiscreteSpace d ? d.Start : 0;
        var observation = new float[ObservationDimension];
        var next = new float[ObservationDimension];
        var action = new float[ActionDimension];
        var returns = new double[episodes];
        var lengths = new int[episodes];
        var costs = new double[episodes];
        for (int e = 0; e < episodes; e++)
        {
            environment.Reset(e == 0 ? seed : null, observation);
            while (true)
            {
                StepResult result;
                if (IsContinuous)
                {
                    Predict(observation, action, deterministic);
                    result = environment.Step(action, next);
                }
                else
                {
                    action[0] = Predict(observation, deterministic);
                    result = environment.Step(start + (int)action[0], next);
                }

                costs[e] += CheckedCost(observation, action);
                returns[e] += result.Reward;
                lengths[e]++;
                (observation, next) = (next, observation);
                if (result.EpisodeEnded)
                {
                    break;
                }
            }
        }

        return new ConstrainedEvaluationResult(new EvaluationResult(returns, lengths), costs);
    }

    private protected override bool NormalizesPerMinibatch => false;

    private protected override ReadOnlySpan<float> Advantages(RolloutBuffer buffer) => _advantages.AsSpan(0, buffer.Count);

    private protected override void OnRolloutStart(int environments)
    {
        if (_costBuffer is null || _costBuffer.Environments != environments)
        {
            _costBuffer = new RolloutBuffer(_options.NSteps, environments, 1, 1);
            _advantages = new float[_options.NSteps * environments];
            _episodeCosts = new double[environments];
            _stepCosts = new float[environments];
            _stepCostValues = new float[environments];
            _zeros = new float[environments];
        }

        _costBuffer.Reset();
        _rolloutCostSum = 0;
        _rolloutEpisodes = 0;
    }

    private protected override void OnStep(SyncVectorEnvironment environments, ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<StepResult> results, ReadOnlySpan<bool> starts)
    {
        int n = results.Length;
        int d = ObservationDimension;
        int width = ActionDimension;
        _costCritic.Forward(observations, n).CopyTo(_stepCostValues);
        for (int e = 0; e < n; e++)
        {
            if (starts[e])
            {
                _episodeCosts[e] = 0;
            }

            double cost = CheckedCost(observations.Slice(e * d, d), actions.Slice(e * width, width));
            _episodeCosts[e] += cost;
            if (results[e].EpisodeEnded)
            {
                _rolloutCostSum += _episodeCosts[e];
                _rolloutEpisodes++;
            }

            if (results[e].Truncated && !results[e].Terminated)
            {
                cost += _options.Gamma * _costCritic.Forward(environments.FinalObservation(e), 1)[0];
            }

            _stepCosts[e] = (float)cost;
        }

        _costBuffer!.Add(_zeros, _zeros, _stepCosts, starts, _stepCostValues, _zeros);
    }

    /// <summary>
    /// The constrained part of one update: cost GAE, the dual step on λ with J_c of this rollout, then
    /// A = (A_r − λ·A_c)/(1 + λ) for the clipped surrogate (OmniSafe's <c>_compute_adv_surrogate</c>).
    /// </summary>
    private protected override void OnRolloutEnd(RolloutBuffer buffer, ReadOnlySpan<float> lastObservations, ReadOnlySpan<bool> dones)
    {
        RolloutBuffer costs = _costBuffer!;
        int n = costs.Environments;
        _costCritic.Forward(lastObservations, n).CopyTo(_stepCostValues);
        costs.ComputeReturnsAndAdvantages(_stepCostValues, dones, _options.Gamma, _options.GaeLambda);
        if (_rolloutEpisodes > 0)
        {
            LastEpisodeCost = _rolloutCostSum / _rolloutEpisodes;
            _multiplier.Update(LastEpisodeCost, _options.CostLimit);
        }
        else
        {
            LastEpisodeCost = double.NaN;
        }

        CombineAdvantages(buffer.Advantages, costs.Advantages, _multiplier.Value, _options.NormalizeAdvantage, _advantages);
    }

    /// <summary>
    /// A = (A_r − λ·A_c)/(1 + λ), with A_r standardized (PyTorch's unbiased σ, + 1e-8) when asked and A_c centered.
    /// </summary>
    internal static void CombineAdvantages(ReadOnlySpan<float> reward, ReadOnlySpan<float> cost, double lambda, bool standardize, Span<float> combined)
    {
        int rows = reward.Length;
        (double rewardMean, double rewardStd) = MeanAndStd(reward);
        (double costMean, _) = MeanAndStd(cost);
        standardize &= rows > 1;
        for (int i = 0; i < rows; i++)
        {
            double ar = standardize ? (reward[i] - rewardMean) / (rewardStd + 1e-8) : reward[i];
            double ac = cost[i] - costMean;
            combined[i] = (float)((ar - (lambda * ac)) / (1 + lambda));
        }
    }

    /// <summary>One Adam step of the cost critic on mean((V_c(s) − R_c)²) over the minibatch PPO just used.</summary>
    private protected override void OnMinibatch(RolloutBuffer buffer, ReadOnlySpan<int> rows)
    {
        int b = rows.Length;
        int d = ObservationDimension;
        ReadOnlySpan<float> observations = buffer.Observations;
        for (int i = 0; i < b; i++)
        {
            observations.Slice(rows[i] * d, d).CopyTo(_costRows.AsSpan(i * d, d));
        }

        ReadOnlySpan<float> predicted = _costCritic.Forward(_costRows.AsSpan(0, b * d), b);
        ReadOnlySpan<float> returns = _costBuffer!.Returns;
        for (int i = 0; i < b; i++)
        {
            _costGradient[i] = (float)(2.0 * (predicted[i] - returns[rows[i]]) / b);
        }

        _costCritic.Backward(_costGradient.AsSpan(0, b));
        GradientClipping.ClipByGlobalNorm(_costCritic.Parameters, _options.MaxGradNorm);
        _costOptimizer.LearningRateScale = Optimizer.LearningRateScale;
        _costOptimizer.Step();
    }

    private protected override bool HasExtraSnapshot => true;

    private protected override byte[] ExtraSnapshot() => Snapshot.ToBytes(new ConstraintState(this), _options.TimeProvider);

    private protected override Action ParseExtraSnapshot(byte[] data)
    {
        // Parse into fresh objects first; the returned action copies them in.
        var scratch = Build(ObservationDimension, _options);
        var state = new ConstraintState(scratch.Critic, scratch.Optimizer, scratch.Multiplier);
        Snapshot.Load(state, data);
        return () =>
        {
            _costCritic.CopyParametersFrom(scratch.Critic);
            Snapshot.Load(_costOptimizer, Snapshot.ToBytes(scratch.Optimizer, _options.TimeProvider));
            _multiplier.Set(scratch.Multiplier.Value, scratch.Multiplier.FirstMoment, scratch.Multiplier.SecondMoment, scratch.Multiplier.Steps);
        };
    }

    private double CheckedCost(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        double cost = _cost(observation, action);
        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new InvalidOperationException($"The cost function returned {cost}; costs must be finite and non-negative.");
        }

        return cost;
    }

    private static (double Mean, double Std) MeanAndStd(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (float v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double squares = 0;
        foreach (float v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        // PyTorch's unbiased standard deviation, as the PPO update's per-minibatch normalization.
        return (mean, values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0);
    }

    private static (PpoLagrangianOptions Options, StepCost Cost, Mlp Critic, Adam Optimizer, LagrangeMultiplier Multiplier, float[] Rows, float[] Gradient) Build(int observationDimension, PpoLagrangianOptions options)
    {
        int maxBatch = Math.Max(options.BatchSize, options.Environments);
        ulong seed = SeedSequence.Derive(options.Seed is { } s ? unchecked((ulong)s) : 0UL, 11);
        var critic = new Mlp(
            new MlpOptions
            {
                InputSize = observationDimension,
                HiddenSizes = [.. options.ValueHiddenSizes],
                OutputSize = 1,
                Activation = options.Activation,
                MaxBatchSize = maxBatch,
                Initialization = WeightInitialization.Orthogonal,
                OutputGain = 1.0,
            },
            new Xoshiro256Random(seed));
        var optimizer = new Adam(critic.Parameters, Schedule.Constant(options.LearningRate), epsilon: options.AdamEpsilon);
        return (options, options.CostFunction!, critic, optimizer, new LagrangeMultiplier(options.LagrangianMultiplierInit, options.LagrangianLearningRate),
            new float[options.BatchSize * observationDimension], new float[options.BatchSize]);
    }

    /// <summary>The constraint's state as one snapshot: cost critic, its optimizer, and λ with its Adam moments.</summary>
    private sealed class ConstraintState(Mlp critic, Adam optimizer, LagrangeMultiplier multiplier) : ISnapshotable
    {
        public ConstraintState(PpoLagrangianAgent agent)
            : this(agent._costCritic, agent._costOptimizer, agent._multiplier)
        {
        }

        public string SnapshotType => "RlCommons.PolicyGradient.PpoLagrangianAgent.Constraint";

        public int SnapshotVersion => 1;

        public void WriteSnapshot(SnapshotWriter writer)
        {
            writer.WriteDouble(multiplier.Value);
            writer.WriteDouble(multiplier.FirstMoment);
            writer.WriteDouble(multiplier.SecondMoment);
            writer.WriteInt64(multiplier.Steps);
            writer.WriteBytes(Snapshot.ToBytes(critic, FixedClock.Instance));
            writer.WriteBytes(Snapshot.ToBytes(optimizer, FixedClock.Instance));
        }

        public void ReadSnapshot(SnapshotReader reader, int version)
        {
            double value = reader.ReadDouble();
            double first = reader.ReadDouble();
            double second = reader.ReadDouble();
            long steps = reader.ReadInt64();
            byte[] criticBytes = reader.ReadBytes();
            byte[] optimizerBytes = reader.ReadBytes();
            reader.EnsureEnd();
            if (!(value >= 0) || !double.IsFinite(value) || !double.IsFinite(first) || !(second >= 0) || !double.IsFinite(second) || steps < 0)
            {
                throw new SnapshotException("The snapshot's Lagrange multiplier state is out of range.");
            }

            Snapshot.Load(critic, criticBytes);
            Snapshot.Load(optimizer, optimizerBytes);
            multiplier.Set(value, first, second, steps);
        }
    }

    /// <summary>A constant clock for the nested snapshots, so equal states give equal bytes.</summary>
    private sealed class FixedClock : TimeProvider
    {
        public static readonly FixedClock Instance = new();

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
    }
}
