using System.Globalization;
using RlCommons.Algorithms.Policies;
using RlCommons.Algorithms.Training;
using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.Dqn;

/// <summary>
/// Deep Q-learning over a discrete action space (Mnih et al. 2015), with the options of <see cref="DqnOptions"/>:
/// target network (hard or Polyak), double DQN, dueling heads, prioritized replay with β annealing, n-step returns,
/// Huber loss, global gradient clipping, a linear ε schedule and action masking. The loop is the
/// <see cref="OffPolicyAgent"/>'s (SB3's off-policy loop step for step); this class adds ε-greedy acting, the n-step
/// window, the target update and ε schedule of SB3's <c>_on_step</c>, and the gradient step.
/// </summary>
/// <remarks>
/// <para>In <see cref="OffPolicyAgent.Learn"/>, ε falls over <see cref="DqnOptions.ExplorationFraction"/> of the run
/// and prioritized replay's β rises to 1 over it. When the environment implements <see cref="IActionMaskProvider"/>,
/// actions and bootstrap targets respect its masks.</para>
/// <para>Truncated episodes (time limits) are not terminal: their last transition bootstraps from the final
/// observation, as SB3 does with <c>handle_timeout_termination</c>.</para>
/// <para>A snapshot holds both networks, Adam's state, the counters, ε and the random generators' states; it does
/// not hold the replay buffer (which can be large): a restored agent acts identically and keeps learning, but it
/// refills its buffer first.</para>
/// <para>As an <see cref="IPolicy"/> it reports the ε-greedy distribution over its Q-values at the current ε
/// (<see cref="GetProbabilities(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>). <see cref="Decide(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>
/// draws from that distribution with its own generator, reseeded for decision n from (seed, n), so it never touches
/// the exploration stream of <see cref="Act(ReadOnlySpan{float}, bool)"/> and training: learning results do not
/// depend on how often it is called. The snapshot holds its seed and counter, so a restored agent repeats the decisions.</para>
/// <para>Thread safety: not thread-safe; use one agent from one thread at a time.</para>
/// </remarks>
public sealed class DqnAgent : OffPolicyAgent, IPolicy
{
    // A private copy of the options, taken when the agent is built: later changes to the caller's object do nothing.
    private readonly DqnOptions _options;
    private readonly Mlp _online;
    private readonly Mlp _target;
    private readonly Adam _optimizer;
    private readonly int _outputs;
    private readonly double[] _decideProbabilities;
    private readonly float[] _decideQ;

    // Per replay slot: the discount γᵏ of its bootstrap term (k < n when an episode ended early), and the allowed
    // actions of its next state when the environment reports masks.
    private readonly float[] _discounts;
    private bool[]? _nextMasks;

    // Scratch, sized once.
    private readonly float[] _q;
    private readonly float[] _qNext;
    private readonly float[] _qNextOnline;
    private readonly float[] _targets;
    private readonly float[] _outputGradient;
    private readonly float[] _tdErrors;
    private readonly bool[] _allActions;

    // Pending transitions of the n-step window (oldest first, as a ring).
    private readonly float[] _pendingObservations;
    private readonly int[] _pendingActions;
    private readonly float[] _pendingRewards;
    private int _pendingStart;
    private int _pendingCount;

    // The environment of the current Learn run: its mask provider, the allowed actions now, its first action's index,
    // and the action just sent.
    private readonly bool[] _mask;
    private IActionMaskProvider? _maskProvider;
    private int _actionStart;
    private int _action;

    private double _epsilon;

    /// <summary>Creates an agent.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated and copied here (later changes to the object do not reach the agent).</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public DqnAgent(int observationDimension, int actionCount, DqnOptions options)
        : base(observationDimension, 0, Validated(observationDimension, actionCount, options), Settings(options))
    {
        _options = options.Clone();
        ActionCount = actionCount;
        _outputs = _options.Dueling ? actionCount + 1 : actionCount;

        _online = new Mlp(ShapeOptions(), new Xoshiro256Random(SeedSequence.Derive(RootSeed, 0)));
        _target = new Mlp(ShapeOptions(), new Xoshiro256Random(SeedSequence.Derive(RootSeed, 0)));
        _target.CopyParametersFrom(_online);
        _optimizer = new Adam(_online.Parameters, Schedule.Constant(_options.LearningRate), epsilon: _options.AdamEpsilon);
        _decideProbabilities = new double[actionCount];
        _decideQ = new float[actionCount];

        _discounts = new float[_options.BufferSize];
        int batch = _options.BatchSize;
        _q = new float[batch * actionCount];
        _qNext = new float[batch * actionCount];
        _qNextOnline = new float[batch * actionCount];
        _targets = new float[batch];
        _outputGradient = new float[batch * _outputs];
        _tdErrors = new float[batch];
        _allActions = new bool[actionCount];
        _allActions.AsSpan().Fill(true);
        _pendingObservations = new float[_options.NSteps * observationDimension];
        _pendingActions = new int[_options.NSteps];
        _pendingRewards = new float[_options.NSteps];
        _mask = new bool[actionCount];
        _epsilon = _options.ExplorationInitialEpsilon;
    }

    /// <summary>The number of actions.</summary>
    public int ActionCount { get; }

    /// <summary>A copy of the options the agent was built with; changing it does not change the agent.</summary>
    public DqnOptions Options => _options.Clone();

    /// <summary>The current exploration rate ε used by <see cref="Act(ReadOnlySpan{float}, bool)"/> when exploring.</summary>
    public double Epsilon => _epsilon;

    /// <summary>The mean loss of the last gradient step, or NaN before the first.</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.Dqn.DqnAgent";

    /// <summary>Writes the Q-value of every action for <paramref name="observation"/>.</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="qValues">Receives <see cref="ActionCount"/> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public void QValues(ReadOnlySpan<float> observation, Span<float> qValues)
    {
        CheckObservation(observation, nameof(observation));
        if (qValues.Length != ActionCount)
        {
            throw new ArgumentException($"qValues must hold {ActionCount} values, has {qValues.Length}.", nameof(qValues));
        }

        Combine(_online.Forward(observation, 1), qValues, 1);
    }

    /// <summary>Chooses an action: ε-greedy when <paramref name="explore"/>, otherwise the greedy one (lowest index on ties).</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="explore">Whether to explore with the current ε.</param>
    /// <returns>The action index.</returns>
    public int Act(ReadOnlySpan<float> observation, bool explore) => Act(observation, _allActions, explore);

    /// <summary>Chooses an allowed action: ε-greedy over the allowed actions when <paramref name="explore"/>, otherwise the best allowed one.</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action; at least one must be set.</param>
    /// <param name="explore">Whether to explore with the current ε.</param>
    /// <returns>The action index; always an allowed one.</returns>
    /// <exception cref="ArgumentException">The mask has the wrong length or allows nothing.</exception>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> actionMask, bool explore)
    {
        CheckMask(actionMask, nameof(actionMask));
        CheckObservation(observation, nameof(observation));
        if (explore && Exploration.NextDouble() < _epsilon)
        {
            return RandomAllowed(actionMask);
        }

        Span<float> q = _q.AsSpan(0, ActionCount);
        Combine(_online.Forward(observation, 1), q, 1);
        return ArgMax(q, actionMask);
    }

    /// <summary>Chooses an action as SB3's <c>predict</c> does: <see cref="Act(ReadOnlySpan{float}, bool)"/> with <c>explore = !deterministic</c>.</summary>
    /// <param name="observation">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="deterministic">Whether to act greedily (lowest index on ties).</param>
    /// <returns>The action index.</returns>
    public int Predict(ReadOnlySpan<float> observation, bool deterministic) => Act(observation, !deterministic);

    /// <inheritdoc />
    /// <remarks>All actions are allowed; see <see cref="Decide(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>.</remarks>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => Decide(features, default, probabilities, explore);

    /// <summary>
    /// Chooses an allowed action from the distribution <see cref="GetProbabilities(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>
    /// reports, with one uniform from a generator seeded for this decision alone (<see cref="Decision.Seed"/>, derived
    /// from the agent's seed and <see cref="Decision.Sequence"/>). It leaves ε, the networks and the generators of
    /// <see cref="Act(ReadOnlySpan{float}, bool)"/> and training untouched.
    /// </summary>
    /// <param name="features">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action, or empty to allow all; at least one must be set.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">ε-greedy at the current <see cref="Epsilon"/> when <see langword="true"/>; greedy (ties uniform) otherwise.</param>
    /// <returns>The action, its probability, its Q-value as the score, whether it is a non-greedy action, the sequence and the seed.</returns>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the mask allows nothing.</exception>
    public Decision Decide(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, Span<double> probabilities, bool explore = true)
    {
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        Span<float> q = _decideQ;
        Distribution(features, actionMask, explore, q, distribution);
        Random random = Decisions.Begin(out long sequence, out ulong seed);
        int action = DiscreteDistribution.Draw(distribution, random);
        Decisions.Complete(sequence);
        return new Decision(action, distribution[action], q[action], !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <inheritdoc />
    /// <remarks>All actions are allowed; see <see cref="GetProbabilities(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>.</remarks>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => GetProbabilities(features, default, probabilities, explore);

    /// <summary>
    /// Writes the ε-greedy distribution over the Q-values at the current <see cref="Epsilon"/>: ε/|allowed| on every
    /// allowed action plus (1 − ε)/|ties| on each allowed action of highest Q-value; masked actions get 0. With
    /// <paramref name="explore"/> false, ε is 0 (the greedy policy, ties uniform). Uses no randomness and changes nothing.
    /// </summary>
    /// <param name="features">The observation; length <see cref="OffPolicyAgent.ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action, or empty to allow all; at least one must be set.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring (ε-greedy) or the greedy distribution.</param>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the mask allows nothing.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, Span<double> probabilities, bool explore = true)
    {
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Span<float> q = _decideQ;
        Distribution(features, actionMask, explore, q, probabilities[..ActionCount]);
    }

    // The Q-values and the (ε-)greedy distribution over them; validates first, so nothing is written on bad input.
    private void Distribution(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, bool explore, Span<float> q, Span<double> probabilities)
    {
        CheckObservation(features, nameof(features));
        if (!actionMask.IsEmpty)
        {
            CheckMask(actionMask, nameof(actionMask));
        }

        Combine(_online.Forward(features, 1), q, 1);
        DiscreteDistribution.EpsilonGreedy(q, actionMask, explore ? _epsilon : 0.0, probabilities);
    }

    private static DqnOptions Validated(int observationDimension, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        options.Validate();
        return options;
    }

    private static OffPolicySettings Settings(DqnOptions options)
        => new(options.BufferSize, options.BatchSize, options.LearningStarts, options.TrainFrequency, options.GradientSteps, options.PrioritizedReplay ? options.PriorityAlpha : null);

    private protected override string? ActionSpaceMismatch(Space actionSpace)
        => actionSpace is DiscreteSpace actions && actions.Count == ActionCount
            ? null
            : $"The environment's action space {actionSpace} does not have the agent's {ActionCount} actions.";

    private protected override void BeginRun(IEnvironment environment)
    {
        _actionStart = ((DiscreteSpace)environment.ActionSpace).Start;
        _maskProvider = environment as IActionMaskProvider;
        if (_maskProvider is not null)
        {
            _nextMasks ??= new bool[_discounts.Length * ActionCount];
        }

        _mask.AsSpan().Fill(true);
    }

    private protected override void OnReset()
    {
        _pendingCount = 0;
        if (_maskProvider is not null)
        {
            _maskProvider.GetActionMask(_mask);
            CheckMask(_mask, "environment mask");
        }
    }

    // Uniformly random allowed actions before learning starts, ε-greedy ones after.
    private protected override StepResult ActAndStep(IEnvironment environment, ReadOnlySpan<float> observation, Span<float> next, bool randomAction)
    {
        _action = randomAction ? RandomAllowed(_mask) : Act(observation, _mask, explore: true);
        return environment.Step(_actionStart + _action, next);
    }

    private protected override void StoreTransition(ReadOnlySpan<float> observation, StepResult result, ReadOnlySpan<float> next)
    {
        // The next state's mask, for the bootstrap target; an ended episode keeps the last one (the environment resets next).
        if (_maskProvider is not null && !result.EpisodeEnded)
        {
            _maskProvider.GetActionMask(_mask);
            CheckMask(_mask, "environment mask");
        }

        Store(observation, _action, (float)result.Reward, next, result.Terminated, result.EpisodeEnded, _mask);
    }

    private protected override void WriteShape(SnapshotWriter writer)
    {
        writer.WriteInt32(ObservationDimension);
        writer.WriteInt32(ActionCount);
        writer.WriteBoolean(_options.Dueling);
        writer.WriteInt32s([.. _options.HiddenSizes]);
    }

    private protected override void CheckShape(SnapshotReader reader)
    {
        int observations = reader.ReadInt32();
        int actions = reader.ReadInt32();
        bool dueling = reader.ReadBoolean();
        int[] hidden = reader.ReadInt32s();
        if (observations != ObservationDimension || actions != ActionCount || dueling != _options.Dueling || !hidden.AsSpan().SequenceEqual([.. _options.HiddenSizes]))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot is of a {observations}→[{string.Join(", ", hidden)}]→{actions} network (dueling {dueling}); this agent is {ObservationDimension}→[{string.Join(", ", _options.HiddenSizes)}]→{ActionCount} (dueling {_options.Dueling})."));
        }
    }

    private protected override void WriteScheduleState(SnapshotWriter writer) => writer.WriteDouble(_epsilon);

    private protected override (bool Valid, Action? Commit) ReadScheduleState(SnapshotReader reader)
    {
        double epsilon = reader.ReadDouble();
        return (epsilon >= 0 && epsilon <= 1, () => _epsilon = epsilon);
    }

    private protected override string SnapshotStateName => "ε";

    private protected override void WriteModels(SnapshotWriter writer)
    {
        writer.WriteBytes(Snapshot.ToBytes(_online, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_target, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_optimizer, _options.TimeProvider));
    }

    private protected override Func<Action> ReadModels(SnapshotReader reader)
    {
        byte[] online = reader.ReadBytes();
        byte[] target = reader.ReadBytes();
        byte[] optimizer = reader.ReadBytes();
        return () =>
        {
            var scratchOnline = new Mlp(ShapeOptions(), new Xoshiro256Random(0));
            Snapshot.Load(scratchOnline, online);
            Snapshot.Load(new Mlp(ShapeOptions(), new Xoshiro256Random(0)), target);
            Snapshot.Load(new Adam(scratchOnline.Parameters, Schedule.Constant(_options.LearningRate), epsilon: _options.AdamEpsilon), optimizer);
            return () =>
            {
                Snapshot.Load(_online, online);
                Snapshot.Load(_target, target);
                Snapshot.Load(_optimizer, optimizer);
                _pendingCount = 0;
            };
        };
    }

    private MlpOptions ShapeOptions() => new()
    {
        InputSize = ObservationDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        OutputSize = _outputs,
        MaxBatchSize = _options.BatchSize,
    };

    // SB3's _on_step: the target update every TargetUpdateInterval steps, then ε from the run's progress.
    private protected override void OnStep(long step, long totalSteps)
    {
        if (Timesteps % _options.TargetUpdateInterval == 0)
        {
            _target.SoftUpdateFrom(_online, _options.Tau);
        }

        double done = (double)step / totalSteps;
        double start = _options.ExplorationInitialEpsilon;
        double end = _options.ExplorationFinalEpsilon;
        double fraction = _options.ExplorationFraction;
        _epsilon = fraction <= 0 || done > fraction ? end : start + (done * (end - start) / fraction);
    }

    // Adds the step to the n-step window and moves finished n-step transitions into the replay buffer.
    private void Store(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> next, bool terminated, bool episodeEnded, ReadOnlySpan<bool> nextMask)
    {
        int n = _options.NSteps;
        int d = ObservationDimension;
        int slot = (_pendingStart + _pendingCount) % n;
        observation.CopyTo(_pendingObservations.AsSpan(slot * d, d));
        _pendingActions[slot] = action;
        _pendingRewards[slot] = reward;
        _pendingCount++;
        if (episodeEnded)
        {
            // The episode's last n-1 starts all bootstrap from the final observation with a shorter horizon.
            while (_pendingCount > 0)
            {
                EmitOldest(next, terminated, nextMask);
            }
        }
        else if (_pendingCount == n)
        {
            EmitOldest(next, terminated: false, nextMask);
        }
    }

    private void EmitOldest(ReadOnlySpan<float> next, bool terminated, ReadOnlySpan<bool> nextMask)
    {
        int n = _options.NSteps;
        int d = ObservationDimension;
        double gamma = _options.Gamma;
        double total = 0;
        double discount = 1;
        for (int i = 0; i < _pendingCount; i++)
        {
            total += discount * _pendingRewards[(_pendingStart + i) % n];
            discount *= gamma;
        }

        ReadOnlySpan<float> start = _pendingObservations.AsSpan(_pendingStart * d, d);
        int action = _pendingActions[_pendingStart];
        int slot = AddTransition(start, action, (float)total, next, terminated, truncated: false);
        _discounts[slot] = (float)discount;
        if (_nextMasks is not null)
        {
            nextMask.CopyTo(_nextMasks.AsSpan(slot * ActionCount, ActionCount));
        }

        _pendingStart = (_pendingStart + 1) % n;
        _pendingCount--;
    }

    /// <summary>
    /// One gradient step on a replayed batch. For each transition (s, a, R, s′, done, γᵏ):
    /// y = R + (1 − done)·γᵏ·Q_target(s′, a*) with a* = argmax_a Q_target(s′, a), or argmax_a Q_online(s′, a) for
    /// double DQN; the loss is the (importance-weighted) mean Huber or squared error of Q_online(s, a) − y.
    /// Prioritized replay's importance exponent β rises linearly from <see cref="DqnOptions.PriorityBetaStart"/> to 1
    /// over the run; the sampled slots' priorities become their new |TD errors|.
    /// </summary>
    private protected override void GradientStep(double runFraction)
    {
        int b = _options.BatchSize;
        if (BufferCount < b)
        {
            return;
        }

        int a = ActionCount;
        double beta = _options.PriorityBetaStart + (runFraction * (1.0 - _options.PriorityBetaStart));
        ReplayBatch batch = SampleBatch(beta);
        ReadOnlySpan<int> slots = batch.Indices;
        ReadOnlySpan<float> rewards = batch.Rewards;
        ReadOnlySpan<bool> terminated = batch.Terminated;
        ReadOnlySpan<int> actions = batch.Actions;
        ReadOnlySpan<float> weights = batch.Weights;

        // Targets (no gradient flows through them).
        Span<float> qNext = _qNext.AsSpan(0, b * a);
        Combine(_target.Forward(batch.NextObservations, b), qNext, b);
        Span<float> qNextOnline = _qNextOnline.AsSpan(0, b * a);
        if (_options.DoubleQ)
        {
            Combine(_online.Forward(batch.NextObservations, b), qNextOnline, b);
        }

        Span<float> targets = _targets.AsSpan(0, b);
        for (int i = 0; i < b; i++)
        {
            if (terminated[i])
            {
                targets[i] = rewards[i];
                continue;
            }

            ReadOnlySpan<bool> mask = _nextMasks is null ? _allActions : _nextMasks.AsSpan(slots[i] * a, a);
            ReadOnlySpan<float> row = qNext.Slice(i * a, a);
            float value = _options.DoubleQ ? row[ArgMax(qNextOnline.Slice(i * a, a), mask)] : row[ArgMax(row, mask)];
            targets[i] = rewards[i] + (_discounts[slots[i]] * value);
        }

        // Prediction and the loss gradient with respect to the network's outputs.
        Span<float> q = _q.AsSpan(0, b * a);
        Combine(_online.Forward(batch.Observations, b), q, b);
        Span<float> gradient = _outputGradient.AsSpan(0, b * _outputs);
        gradient.Clear();
        double loss = 0;
        float inverse = 1f / b;
        for (int i = 0; i < b; i++)
        {
            float error = q[(i * a) + actions[i]] - targets[i];
            _tdErrors[i] = error;
            float magnitude = MathF.Abs(error);
            float w = weights[i];
            float dLoss;
            if (_options.HuberLoss)
            {
                loss += w * (magnitude < 1f ? 0.5 * error * error : magnitude - 0.5);
                dLoss = Math.Clamp(error, -1f, 1f);
            }
            else
            {
                loss += w * error * error;
                dLoss = 2f * error;
            }

            SetOutputGradient(gradient.Slice(i * _outputs, _outputs), actions[i], w * dLoss * inverse);
        }

        _online.Backward(gradient);
        GradientClipping.ClipByGlobalNorm(_online.Parameters, _options.MaxGradNorm);
        _optimizer.Step();
        UpdatePriorities(slots, _tdErrors.AsSpan(0, b));
        CountGradientStep();
        LastLoss = loss / b;
    }

    // Turns network outputs into Q-values: identity, or for dueling heads Q_j = V + A_j − mean(A).
    private void Combine(ReadOnlySpan<float> raw, Span<float> q, int rows)
    {
        int a = ActionCount;
        if (!_options.Dueling)
        {
            raw[..(rows * a)].CopyTo(q);
            return;
        }

        int o = _outputs;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = raw.Slice(r * o, o);
            float mean = 0;
            for (int j = 1; j < o; j++)
            {
                mean += row[j];
            }

            mean /= a;
            for (int j = 0; j < a; j++)
            {
                q[(r * a) + j] = row[0] + row[1 + j] - mean;
            }
        }
    }

    // The gradient of a loss that depends on Q(s, action) only, mapped back through Combine.
    private void SetOutputGradient(Span<float> row, int action, float dQ)
    {
        if (!_options.Dueling)
        {
            row[action] = dQ;
            return;
        }

        // ∂Q_action/∂V = 1, ∂Q_action/∂A_j = [j = action] − 1/|A|.
        row[0] = dQ;
        float share = dQ / ActionCount;
        for (int j = 0; j < ActionCount; j++)
        {
            row[1 + j] = (j == action ? dQ : 0f) - share;
        }
    }

    private int RandomAllowed(ReadOnlySpan<bool> mask)
    {
        int allowed = 0;
        foreach (bool m in mask)
        {
            allowed += m ? 1 : 0;
        }

        int pick = Exploration.Next(allowed);
        for (int j = 0; j < mask.Length; j++)
        {
            if (mask[j] && pick-- == 0)
            {
                return j;
            }
        }

        throw new InvalidOperationException("The action mask allows no action.");
    }

    private static int ArgMax(ReadOnlySpan<float> values, ReadOnlySpan<bool> mask)
    {
        int best = -1;
        float bestValue = float.NegativeInfinity;
        for (int j = 0; j < values.Length; j++)
        {
            if (mask[j] && (best < 0 || values[j] > bestValue))
            {
                best = j;
                bestValue = values[j];
            }
        }

        return best;
    }

    private void CheckMask(ReadOnlySpan<bool> mask, string name)
    {
        if (mask.Length != ActionCount)
        {
            throw new ArgumentException($"{name} must hold {ActionCount} flags, has {mask.Length}.", name);
        }

        if (!mask.Contains(true))
        {
            throw new ArgumentException($"{name} allows no action; at least one must be allowed.", name);
        }
    }
}
