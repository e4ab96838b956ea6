using System.Globalization;
using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Training;
using RlCommons.Internal;

namespace RlCommons.Dqn;

/// <summary>
/// Deep Q-learning over a discrete action space (Mnih et al. 2015), with the options of <see cref="DqnOptions"/>:
/// target network (hard or Polyak), double DQN, dueling heads, prioritized replay with β annealing, n-step returns,
/// Huber loss, global gradient clipping, a linear ε schedule and action masking. The training loop follows
/// Stable-Baselines3's off-policy loop step for step.
/// </summary>
/// <remarks>
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
public sealed class DqnAgent : IPolicy, ISnapshotable
{
    private readonly DqnOptions _options;
    private readonly Mlp _online;
    private readonly Mlp _target;
    private readonly Adam _optimizer;
    private readonly ReplayBuffer? _uniform;
    private readonly PrioritizedReplayBuffer? _prioritized;
    private readonly ReplayBatch _batch;
    private readonly Xoshiro256Random _exploration;
    private readonly Xoshiro256Random _sampling;
    private readonly long _environmentSeed;
    private readonly int _outputs;
    private readonly DecisionStream _decisions;
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

    private long _timesteps;
    private long _gradientSteps;
    private double _epsilon;
    private bool _everReset;

    /// <summary>Creates an agent.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public DqnAgent(int observationDimension, int actionCount, DqnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        options.Validate();
        _options = options;
        ObservationDimension = observationDimension;
        ActionCount = actionCount;
        _outputs = options.Dueling ? actionCount + 1 : actionCount;

        ulong seed = SeedSequence.Resolve(options.Seed, options.Random);
        _environmentSeed = options.Seed ?? unchecked((long)SeedSequence.Derive(seed, 3));
        var mlpOptions = new MlpOptions
        {
            InputSize = observationDimension,
            HiddenSizes = [.. options.HiddenSizes],
            OutputSize = _outputs,
            MaxBatchSize = options.BatchSize,
        };
        _online = new Mlp(mlpOptions, new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
        _target = new Mlp(mlpOptions, new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
        _target.CopyParametersFrom(_online);
        _optimizer = new Adam(_online.Parameters, Schedule.Constant(options.LearningRate), epsilon: options.AdamEpsilon);
        _exploration = new Xoshiro256Random(SeedSequence.Derive(seed, 1));
        _sampling = new Xoshiro256Random(SeedSequence.Derive(seed, 2));
        _decisions = new DecisionStream(SeedSequence.Derive(seed, 6));
        _decideProbabilities = new double[actionCount];
        _decideQ = new float[actionCount];

        if (options.PrioritizedReplay)
        {
            _prioritized = new PrioritizedReplayBuffer(options.BufferSize, observationDimension, options.PriorityAlpha);
            _batch = _prioritized.CreateBatch(options.BatchSize);
        }
        else
        {
            _uniform = new ReplayBuffer(options.BufferSize, observationDimension);
            _batch = _uniform.CreateBatch(options.BatchSize);
        }

        _discounts = new float[options.BufferSize];
        int batch = options.BatchSize;
        _q = new float[batch * actionCount];
        _qNext = new float[batch * actionCount];
        _qNextOnline = new float[batch * actionCount];
        _targets = new float[batch];
        _outputGradient = new float[batch * _outputs];
        _tdErrors = new float[batch];
        _allActions = new bool[actionCount];
        _allActions.AsSpan().Fill(true);
        _pendingObservations = new float[options.NSteps * observationDimension];
        _pendingActions = new int[options.NSteps];
        _pendingRewards = new float[options.NSteps];
        _epsilon = options.ExplorationInitialEpsilon;
    }

    /// <summary>The length of an observation.</summary>
    public int ObservationDimension { get; }

    /// <summary>The number of actions.</summary>
    public int ActionCount { get; }

    /// <summary>The length of an observation (the policy's features): <see cref="ObservationDimension"/>.</summary>
    public int FeatureCount => ObservationDimension;

    /// <summary>The number of <see cref="Decide(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/> calls so far (the sequence of the last decision).</summary>
    public long DecisionCount => _decisions.Decisions;

    /// <summary>The options the agent was built with.</summary>
    public DqnOptions Options => _options;

    /// <summary>The current exploration rate ε used by <see cref="Act(ReadOnlySpan{float}, bool)"/> when exploring.</summary>
    public double Epsilon => _epsilon;

    /// <summary>Environment steps taken over the agent's life.</summary>
    public long Timesteps => _timesteps;

    /// <summary>Gradient steps taken over the agent's life.</summary>
    public long GradientSteps => _gradientSteps;

    /// <summary>The mean loss of the last gradient step, or NaN before the first.</summary>
    public double LastLoss { get; private set; } = double.NaN;

    /// <summary>Transitions currently in the replay buffer.</summary>
    public int BufferCount => _uniform?.Count ?? _prioritized!.Count;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.Dqn.DqnAgent";

    /// <inheritdoc />
    /// <remarks>Version 2 adds the decision stream of <c>Decide</c> (its seed and counter); version 1 payloads still load, with the counter left as it is.</remarks>
    public int SnapshotVersion => 2;

    /// <summary>Writes the Q-value of every action for <paramref name="observation"/>.</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>, finite.</param>
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
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="explore">Whether to explore with the current ε.</param>
    /// <returns>The action index.</returns>
    public int Act(ReadOnlySpan<float> observation, bool explore) => Act(observation, _allActions, explore);

    /// <summary>Chooses an allowed action: ε-greedy over the allowed actions when <paramref name="explore"/>, otherwise the best allowed one.</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action; at least one must be set.</param>
    /// <param name="explore">Whether to explore with the current ε.</param>
    /// <returns>The action index; always an allowed one.</returns>
    /// <exception cref="ArgumentException">The mask has the wrong length or allows nothing.</exception>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> actionMask, bool explore)
    {
        CheckMask(actionMask, nameof(actionMask));
        CheckObservation(observation, nameof(observation));
        if (explore && _exploration.NextDouble() < _epsilon)
        {
            return RandomAllowed(actionMask);
        }

        Span<float> q = _q.AsSpan(0, ActionCount);
        Combine(_online.Forward(observation, 1), q, 1);
        return ArgMax(q, actionMask);
    }

    /// <summary>Chooses an action as SB3's <c>predict</c> does: <see cref="Act(ReadOnlySpan{float}, bool)"/> with <c>explore = !deterministic</c>.</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>, finite.</param>
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
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
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
        Random random = _decisions.Begin(out long sequence, out ulong seed);
        int action = DiscreteDistribution.Draw(distribution, random);
        _decisions.Complete(sequence);
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
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
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

    /// <summary>
    /// Trains on <paramref name="environment"/> for <paramref name="totalSteps"/> environment steps. ε falls over
    /// <see cref="DqnOptions.ExplorationFraction"/> of this run, and prioritized replay's β rises to 1 over it.
    /// </summary>
    /// <param name="environment">A discrete-action environment whose observations have length <see cref="ObservationDimension"/>.
    /// When it implements <see cref="IActionMaskProvider"/>, actions and bootstrap targets respect its masks.</param>
    /// <param name="totalSteps">The environment steps of this run; at least 1.</param>
    /// <param name="callbacks">Callbacks; any may stop the run early.</param>
    /// <param name="progress">Receives progress at every episode end and when the run ends.</param>
    /// <returns>The run's progress and episode returns.</returns>
    /// <exception cref="ArgumentException">The environment's spaces do not match the agent.</exception>
    public TrainingResult Learn(IEnvironment environment, long totalSteps, IEnumerable<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (environment.ActionSpace is not DiscreteSpace actions || actions.Count != ActionCount)
        {
            throw new ArgumentException($"The environment's action space {environment.ActionSpace} does not have the agent's {ActionCount} actions.", nameof(environment));
        }

        if (environment.ObservationSpace.FlatDimension != ObservationDimension)
        {
            throw new ArgumentException($"The environment's observations have length {environment.ObservationSpace.FlatDimension}, the agent expects {ObservationDimension}.", nameof(environment));
        }

        var masks = environment as IActionMaskProvider;
        if (masks is not null)
        {
            _nextMasks ??= new bool[_discounts.Length * ActionCount];
        }

        var session = new TrainingSession(this, totalSteps, 1, callbacks, progress, _options.TimeProvider);
        var observation = new float[ObservationDimension];
        var next = new float[ObservationDimension];
        var mask = new bool[ActionCount];
        mask.AsSpan().Fill(true);
        ResetEnvironment(environment, observation, masks, mask);
        session.Start();
        while (!session.Done)
        {
            int action = _timesteps < _options.LearningStarts ? RandomAllowed(mask) : Act(observation, mask, explore: true);
            StepResult result = environment.Step(actions.Start + action, next);
            if (!double.IsFinite(result.Reward))
            {
                throw new InvalidOperationException($"The environment returned a non-finite reward ({result.Reward}) at step {_timesteps}.");
            }

            if (masks is not null && !result.EpisodeEnded)
            {
                masks.GetActionMask(mask);
                CheckMask(mask, "environment mask");
            }

            Store(observation, action, (float)result.Reward, next, result.Terminated, result.EpisodeEnded, mask);
            session.Record(0, result);
            _timesteps++;
            OnStep(session);
            if (result.EpisodeEnded)
            {
                ResetEnvironment(environment, observation, masks, mask);
            }
            else
            {
                (observation, next) = (next, observation);
            }

            if (_timesteps % _options.TrainFrequency == 0 && _timesteps > _options.LearningStarts)
            {
                Train(_options.GradientSteps, session.Progress.Fraction);
                session.GradientSteps = _gradientSteps;
            }

            session.EndStep();
        }

        return session.Finish();
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(ObservationDimension);
        writer.WriteInt32(ActionCount);
        writer.WriteBoolean(_options.Dueling);
        writer.WriteInt32s([.. _options.HiddenSizes]);
        writer.WriteInt64(_timesteps);
        writer.WriteInt64(_gradientSteps);
        writer.WriteDouble(_epsilon);
        writer.WriteBoolean(_everReset);
        Span<byte> state = stackalloc byte[32];
        _exploration.GetState(state);
        writer.WriteBytes(state);
        _sampling.GetState(state);
        writer.WriteBytes(state);
        writer.WriteBytes(Snapshot.ToBytes(_online, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_target, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_optimizer, _options.TimeProvider));
        _decisions.Write(writer);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int observations = reader.ReadInt32();
        int actions = reader.ReadInt32();
        bool dueling = reader.ReadBoolean();
        int[] hidden = reader.ReadInt32s();
        if (observations != ObservationDimension || actions != ActionCount || dueling != _options.Dueling || !hidden.AsSpan().SequenceEqual([.. _options.HiddenSizes]))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot is of a {observations}→[{string.Join(", ", hidden)}]→{actions} network (dueling {dueling}); this agent is {ObservationDimension}→[{string.Join(", ", _options.HiddenSizes)}]→{ActionCount} (dueling {_options.Dueling})."));
        }

        long timesteps = reader.ReadInt64();
        long gradientSteps = reader.ReadInt64();
        double epsilon = reader.ReadDouble();
        bool everReset = reader.ReadBoolean();
        byte[] exploration = reader.ReadBytes();
        byte[] sampling = reader.ReadBytes();
        byte[] online = reader.ReadBytes();
        byte[] target = reader.ReadBytes();
        byte[] optimizer = reader.ReadBytes();
        Action? commitDecisions = version >= 2 ? _decisions.Read(reader) : null;
        reader.EnsureEnd();
        if (timesteps < 0 || gradientSteps < 0 || !(epsilon >= 0 && epsilon <= 1) || exploration.Length != 32 || sampling.Length != 32)
        {
            throw new SnapshotException("The snapshot's counters, ε or generator states are out of range.");
        }

        // Parse everything into scratch objects first, so a bad part leaves this agent untouched.
        var scratchOnline = new Mlp(ShapeOptions(), new Xoshiro256Random(0));
        Snapshot.Load(scratchOnline, online);
        Snapshot.Load(new Mlp(ShapeOptions(), new Xoshiro256Random(0)), target);
        Snapshot.Load(new Adam(scratchOnline.Parameters, Schedule.Constant(_options.LearningRate), epsilon: _options.AdamEpsilon), optimizer);

        Snapshot.Load(_online, online);
        Snapshot.Load(_target, target);
        Snapshot.Load(_optimizer, optimizer);
        _exploration.SetState(exploration);
        _sampling.SetState(sampling);
        _timesteps = timesteps;
        _gradientSteps = gradientSteps;
        _epsilon = epsilon;
        _everReset = everReset;
        commitDecisions?.Invoke();
        _pendingCount = 0;
    }

    private MlpOptions ShapeOptions() => new()
    {
        InputSize = ObservationDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        OutputSize = _outputs,
        MaxBatchSize = _options.BatchSize,
    };

    private void ResetEnvironment(IEnvironment environment, Span<float> observation, IActionMaskProvider? masks, Span<bool> mask)
    {
        environment.Reset(_everReset ? null : _environmentSeed, observation);
        _everReset = true;
        _pendingCount = 0;
        if (masks is not null)
        {
            masks.GetActionMask(mask);
            CheckMask(mask, "environment mask");
        }
    }

    // SB3's _on_step: the target update every TargetUpdateInterval steps, then ε from the run's progress.
    private void OnStep(TrainingSession session)
    {
        if (_timesteps % _options.TargetUpdateInterval == 0)
        {
            _target.SoftUpdateFrom(_online, _options.Tau);
        }

        double done = (double)(session.Step) / session.TotalSteps;
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
        int slot = _prioritized is not null
            ? _prioritized.Add(start, action, (float)total, next, terminated, truncated: false)
            : _uniform!.Add(start, action, (float)total, next, terminated, truncated: false);
        _discounts[slot] = (float)discount;
        if (_nextMasks is not null)
        {
            nextMask.CopyTo(_nextMasks.AsSpan(slot * ActionCount, ActionCount));
        }

        _pendingStart = (_pendingStart + 1) % n;
        _pendingCount--;
    }

    /// <summary>
    /// Gradient steps on replayed batches. For each transition (s, a, R, s′, done, γᵏ):
    /// y = R + (1 − done)·γᵏ·Q_target(s′, a*) with a* = argmax_a Q_target(s′, a), or argmax_a Q_online(s′, a) for
    /// double DQN; the loss is the (importance-weighted) mean Huber or squared error of Q_online(s, a) − y.
    /// </summary>
    private void Train(int gradientSteps, double runFraction)
    {
        int b = _options.BatchSize;
        int count = BufferCount;
        if (count < b)
        {
            return;
        }

        int a = ActionCount;
        double beta = _options.PriorityBetaStart + (runFraction * (1.0 - _options.PriorityBetaStart));
        for (int step = 0; step < gradientSteps; step++)
        {
            if (_prioritized is not null)
            {
                _prioritized.Sample(b, Math.Min(1.0, beta), _sampling, _batch);
            }
            else
            {
                _uniform!.Sample(b, _sampling, _batch);
            }

            ReadOnlySpan<int> slots = _batch.Indices;
            ReadOnlySpan<float> rewards = _batch.Rewards;
            ReadOnlySpan<bool> terminated = _batch.Terminated;
            ReadOnlySpan<int> actions = _batch.Actions;
            ReadOnlySpan<float> weights = _batch.Weights;

            // Targets (no gradient flows through them).
            Span<float> qNext = _qNext.AsSpan(0, b * a);
            Combine(_target.Forward(_batch.NextObservations, b), qNext, b);
            Span<float> qNextOnline = _qNextOnline.AsSpan(0, b * a);
            if (_options.DoubleQ)
            {
                Combine(_online.Forward(_batch.NextObservations, b), qNextOnline, b);
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
            Combine(_online.Forward(_batch.Observations, b), q, b);
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
            _prioritized?.UpdatePriorities(slots, _tdErrors.AsSpan(0, b));
            _gradientSteps++;
            LastLoss = loss / b;
        }
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

        int pick = _exploration.Next(allowed);
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

    private void CheckObservation(ReadOnlySpan<float> observation, string name)
        => VectorChecks.RequireFinite(observation, ObservationDimension, name);

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
