using RlCommons.Algorithms.Diagnostics;
using RlCommons.Algorithms.Internal;
using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Randomness;
using RlCommons.Snapshots;
using RlCommons.Spaces;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Training;

/// <summary>
/// The loop shared by the off-policy agents (SB3's <c>OffPolicyAlgorithm</c>): one environment, a replay buffer,
/// uniformly random actions for the first <c>LearningStarts</c> steps of the agent's life and the exploring policy
/// after them, and every <c>TrainFrequency</c> steps (once past <c>LearningStarts</c>) <c>GradientSteps</c> gradient
/// steps of the algorithm's update. A derived agent supplies only its action selection, how it stores a transition,
/// its gradient step and its own parts of the snapshot, plus, where it needs them, hooks at the start of a run, after
/// each reset and after each step (DQN's masks, n-step window, target update and ε schedule).
/// </summary>
/// <remarks>
/// <para>Truncated episodes (time limits) are not terminal: the transition keeps the final observation, so the update
/// bootstraps from it, as SB3 does with <c>handle_timeout_termination</c>.</para>
/// <para>Randomness: from the agent's seed come the environment's first reset seed, the exploration generator (the
/// random warm-up actions and the exploring policy), the sampling generator (replay batches and the update's own
/// draws) and the decision stream of <c>Decide</c>, which never touches the other two.</para>
/// <para>A snapshot holds the step counters, the generators' states, the decision stream and the algorithm's networks
/// and optimizers; it does not hold the replay buffer (which can be large): a restored agent acts identically and keeps
/// learning, but it refills its buffer first.</para>
/// <para>Thread safety: not thread-safe; use one agent from one thread at a time.</para>
/// </remarks>
public abstract class OffPolicyAgent : ISnapshotable
{
    private readonly TimeProvider _timeProvider;
    private readonly int _batchSize;
    private readonly int _learningStarts;
    private readonly int _trainFrequency;
    private readonly int _gradientStepsPerTrain;
    private readonly long _environmentSeed;
    private readonly Xoshiro256Random _exploration;
    private readonly Xoshiro256Random _sampling;
    private readonly DecisionStream _decisions;
    private readonly ReplayBuffer? _uniform;
    private readonly PrioritizedReplayBuffer? _prioritized;
    private readonly ReplayBatch _batch;
    private readonly int[] _indices;

    private long _timesteps;
    private long _gradientSteps;
    private bool _everReset;

    /// <summary>Sets up the generators and the replay buffer; the derived agent has validated its options already.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionDimension">The length of a stored action vector, or 0 for discrete actions.</param>
    /// <param name="options">The seed, the random source and the clock, read here once.</param>
    /// <param name="settings">The buffer and loop schedule, copied from the agent's options.</param>
    private protected OffPolicyAgent(int observationDimension, int actionDimension, AgentOptions options, OffPolicySettings settings)
    {
        ObservationDimension = observationDimension;
        _timeProvider = options.TimeProvider;
        _batchSize = settings.BatchSize;
        _learningStarts = settings.LearningStarts;
        _trainFrequency = settings.TrainFrequency;
        _gradientStepsPerTrain = settings.GradientSteps;

        RootSeed = SeedSequence.Resolve(options.Seed, options.Random);
        _environmentSeed = options.Seed ?? unchecked((long)SeedSequence.Derive(RootSeed, 3));
        _exploration = new Xoshiro256Random(SeedSequence.Derive(RootSeed, 1));
        _sampling = new Xoshiro256Random(SeedSequence.Derive(RootSeed, 2));
        _decisions = new DecisionStream(SeedSequence.Derive(RootSeed, 6));

        if (settings.PriorityAlpha is { } alpha)
        {
            _prioritized = actionDimension > 0
                ? new PrioritizedReplayBuffer(settings.BufferSize, observationDimension, actionDimension, alpha)
                : new PrioritizedReplayBuffer(settings.BufferSize, observationDimension, alpha);
            _batch = _prioritized.CreateBatch(settings.BatchSize);
        }
        else
        {
            _uniform = actionDimension > 0
                ? new ReplayBuffer(settings.BufferSize, observationDimension, actionDimension)
                : new ReplayBuffer(settings.BufferSize, observationDimension);
            _batch = _uniform.CreateBatch(settings.BatchSize);
        }

        _indices = new int[settings.BatchSize];
    }

    /// <summary>The length of an observation.</summary>
    public int ObservationDimension { get; }

    /// <summary>The length of an observation (the policy's features): <see cref="ObservationDimension"/>.</summary>
    public int FeatureCount => ObservationDimension;

    /// <summary>The number of <c>Decide</c> calls so far (the sequence of the last decision).</summary>
    public long DecisionCount => _decisions.Decisions;

    /// <summary>Environment steps taken over the agent's life.</summary>
    public long Timesteps => _timesteps;

    /// <summary>Gradient steps taken over the agent's life.</summary>
    public long GradientSteps => _gradientSteps;

    /// <summary>Transitions currently in the replay buffer.</summary>
    public int BufferCount => _uniform?.Count ?? _prioritized!.Count;

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    /// <remarks>Version 2 adds the decision stream of <c>Decide</c> (its seed and counter); version 1 payloads still load, with the counter left as it is.</remarks>
    public int SnapshotVersion => 2;

    /// <summary>The seed everything else is derived from (networks use streams 0, 4 and 5; this class 1, 2, 3 and 6).</summary>
    private protected ulong RootSeed { get; }

    /// <summary>The clock the options named, for training sessions and nested snapshots.</summary>
    private protected TimeProvider TimeProvider => _timeProvider;

    /// <summary>The generator of the random warm-up actions and of the exploring policy.</summary>
    private protected Xoshiro256Random Exploration => _exploration;

    /// <summary>The generator of replay batches and of the update's own draws.</summary>
    private protected Xoshiro256Random Sampling => _sampling;

    /// <summary>The seeded per-decision stream of <c>Decide</c>.</summary>
    private protected DecisionStream Decisions => _decisions;

    /// <summary>
    /// Trains on <paramref name="environment"/> for <paramref name="totalSteps"/> environment steps (SB3's <c>learn</c>,
    /// with <c>collect_rollouts</c> of one step and <c>train</c> in one loop): each step acts (uniformly at random until
    /// the agent has taken <c>LearningStarts</c> steps, then with the exploring policy), stores the transition, resets
    /// the environment at episode ends, and every <c>TrainFrequency</c> steps past <c>LearningStarts</c> takes
    /// <c>GradientSteps</c> gradient steps. Schedules that span "the run" (DQN's ε and β) span this call.
    /// </summary>
    /// <param name="environment">An environment whose spaces match the agent (see the agent's remarks for action masks).</param>
    /// <param name="totalSteps">The environment steps of this run; at least 1.</param>
    /// <param name="callbacks">Callbacks; any may stop the run early.</param>
    /// <param name="progress">Receives progress at every episode end and when the run ends.</param>
    /// <returns>The run's progress and episode returns.</returns>
    /// <exception cref="ArgumentException">The environment's spaces do not match the agent.</exception>
    /// <exception cref="InvalidOperationException">The environment returned a reward or an observation value that is not finite or
    /// is beyond ±1e15 (the agents' numeric domain); the offending step is not stored.</exception>
    public TrainingResult Learn(IEnvironment environment, long totalSteps, IEnumerable<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (ActionSpaceMismatch(environment.ActionSpace) is { } mismatch)
        {
            throw new ArgumentException(mismatch, nameof(environment));
        }

        if (environment.ObservationSpace.FlatDimension != ObservationDimension)
        {
            throw new ArgumentException($"The environment's observations have length {environment.ObservationSpace.FlatDimension}, the agent expects {ObservationDimension}.", nameof(environment));
        }

        BeginRun(environment);
        var session = new TrainingSession(this, totalSteps, 1, callbacks, progress, _timeProvider);
        var observation = new float[ObservationDimension];
        var next = new float[ObservationDimension];
        ResetEnvironment(environment, observation);
        session.Start();
        while (!session.Done)
        {
            StepResult result = ActAndStep(environment, observation, next, randomAction: _timesteps < _learningStarts);
            // Checked before the transition is stored: the reward becomes a float and the observation a network input.
            NumericDomain.RequireEnvironmentReward(result.Reward, 0, _timesteps);
            NumericDomain.RequireEnvironmentObservation(next, 0, _timesteps);

            StoreTransition(observation, result, next);
            session.Record(0, result);
            _timesteps++;
            OnStep(session.Step, session.TotalSteps);
            if (result.EpisodeEnded)
            {
                ResetEnvironment(environment, observation);
            }
            else
            {
                (observation, next) = (next, observation);
            }

            if (_timesteps % _trainFrequency == 0 && _timesteps > _learningStarts)
            {
                double runFraction = Math.Min(1.0, (double)session.Step / session.TotalSteps);
                for (int g = 0; g < _gradientStepsPerTrain; g++)
                {
                    GradientStep(runFraction);
                }

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
        WriteShape(writer);
        writer.WriteInt64(_timesteps);
        writer.WriteInt64(_gradientSteps);
        WriteScheduleState(writer);
        writer.WriteBoolean(_everReset);
        WriteCoefficientState(writer);
        Span<byte> state = stackalloc byte[32];
        _exploration.GetState(state);
        writer.WriteBytes(state);
        _sampling.GetState(state);
        writer.WriteBytes(state);
        WriteModels(writer);
        _decisions.Write(writer);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        CheckShape(reader);
        long timesteps = reader.ReadInt64();
        long gradientSteps = reader.ReadInt64();
        (bool scheduleValid, Action? commitSchedule) = ReadScheduleState(reader);
        bool everReset = reader.ReadBoolean();
        (bool coefficientsValid, Action? commitCoefficients) = ReadCoefficientState(reader);
        byte[] exploration = reader.ReadBytes();
        byte[] sampling = reader.ReadBytes();
        Func<Action> parseModels = ReadModels(reader);
        Action? commitDecisions = version >= 2 ? _decisions.Read(reader) : null;
        reader.EnsureEnd();
        if (timesteps < 0 || gradientSteps < 0 || !scheduleValid || !coefficientsValid || exploration.Length != 32 || sampling.Length != 32)
        {
            throw new SnapshotException($"The snapshot's counters, {SnapshotStateName} or generator states are out of range.");
        }

        // Parse everything into scratch objects first, so a bad part leaves this agent untouched.
        Action commitModels = parseModels();

        commitModels();
        commitSchedule?.Invoke();
        commitCoefficients?.Invoke();
        _exploration.SetState(exploration);
        _sampling.SetState(sampling);
        _timesteps = timesteps;
        _gradientSteps = gradientSteps;
        _everReset = everReset;
        commitDecisions?.Invoke();
    }

    /// <summary>Says why <paramref name="actionSpace"/> is not the agent's, or returns <see langword="null"/> when it is.</summary>
    private protected abstract string? ActionSpaceMismatch(Space actionSpace);

    /// <summary>Called once per <see cref="Learn"/> after the spaces are checked, before the first reset.</summary>
    private protected virtual void BeginRun(IEnvironment environment)
    {
    }

    /// <summary>Called after every environment reset (the first of a run and each one at an episode end).</summary>
    private protected virtual void OnReset()
    {
    }

    /// <summary>
    /// SB3's <c>_sample_action</c> and <c>env.step</c>: chooses an action for <paramref name="observation"/> (uniformly
    /// at random when <paramref name="randomAction"/>, else from the exploring policy), sends it to the environment and
    /// keeps what <see cref="StoreTransition"/> must store.
    /// </summary>
    private protected abstract StepResult ActAndStep(IEnvironment environment, ReadOnlySpan<float> observation, Span<float> next, bool randomAction);

    /// <summary>SB3's <c>_store_transition</c>: stores the step just taken (its reward is finite); <paramref name="next"/> is the final observation when the episode ended.</summary>
    private protected abstract void StoreTransition(ReadOnlySpan<float> observation, StepResult result, ReadOnlySpan<float> next);

    /// <summary>SB3's <c>_on_step</c>: called after each stored step with this run's step count and length.</summary>
    private protected virtual void OnStep(long step, long totalSteps)
    {
    }

    /// <summary>One gradient step of the algorithm's update (it counts itself with <see cref="CountGradientStep"/>).</summary>
    /// <param name="runFraction">The fraction of this <see cref="Learn"/> run done, in [0, 1].</param>
    private protected abstract void GradientStep(double runFraction);

    /// <summary>Writes what identifies the networks' shapes (the first fields of the payload).</summary>
    private protected abstract void WriteShape(SnapshotWriter writer);

    /// <summary>Reads what <see cref="WriteShape"/> wrote and throws a <see cref="SnapshotException"/> when it is not this agent's shape.</summary>
    private protected abstract void CheckShape(SnapshotReader reader);

    /// <summary>Writes the state of an exploration schedule, between the step counters and the reset flag (DQN: ε).</summary>
    private protected virtual void WriteScheduleState(SnapshotWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteScheduleState"/> wrote; returns whether it is in range and the action that installs it.</summary>
    private protected virtual (bool Valid, Action? Commit) ReadScheduleState(SnapshotReader reader) => (true, null);

    /// <summary>Writes learned coefficients kept outside the networks, after the reset flag (SAC: log α).</summary>
    private protected virtual void WriteCoefficientState(SnapshotWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteCoefficientState"/> wrote; returns whether it is in range and the action that installs it.</summary>
    private protected virtual (bool Valid, Action? Commit) ReadCoefficientState(SnapshotReader reader) => (true, null);

    /// <summary>What the schedule and coefficient state is called in the out-of-range message (DQN: "ε", SAC: "log α").</summary>
    private protected abstract string SnapshotStateName { get; }

    /// <summary>Writes the networks and their optimizers' states.</summary>
    private protected abstract void WriteModels(SnapshotWriter writer);

    /// <summary>
    /// Reads the parts <see cref="WriteModels"/> wrote, without parsing them; the returned function parses them into
    /// scratch objects (throwing <see cref="SnapshotException"/> with the agent untouched) and returns the action that
    /// installs them.
    /// </summary>
    private protected abstract Func<Action> ReadModels(SnapshotReader reader);

    /// <summary>Stores a transition with a discrete action in the replay buffer; returns its slot.</summary>
    private protected int AddTransition(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> next, bool terminated, bool truncated)
        => _prioritized is not null
            ? _prioritized.Add(observation, action, reward, next, terminated, truncated)
            : _uniform!.Add(observation, action, reward, next, terminated, truncated);

    /// <summary>Stores a transition with a continuous action in the replay buffer; returns its slot.</summary>
    private protected int AddTransition(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> next, bool terminated, bool truncated)
        => _prioritized is not null
            ? _prioritized.Add(observation, action, reward, next, terminated, truncated)
            : _uniform!.Add(observation, action, reward, next, terminated, truncated);

    /// <summary>
    /// Draws a batch of the batch size with the sampling generator: proportionally to priority with importance
    /// exponent min(1, <paramref name="priorityBeta"/>) from a prioritized buffer, otherwise uniformly with replacement
    /// from whatever the buffer holds (SB3 samples a full batch even when fewer transitions are stored). The buffer
    /// must not be empty.
    /// </summary>
    private protected ReplayBatch SampleBatch(double priorityBeta = 1.0)
    {
        if (_prioritized is not null)
        {
            _prioritized.Sample(_batchSize, Math.Min(1.0, priorityBeta), _sampling, _batch);
            return _batch;
        }

        int count = _uniform!.Count;
        for (int i = 0; i < _batchSize; i++)
        {
            _indices[i] = _sampling.Next(count);
        }

        _uniform.Gather(_indices, _batch);
        return _batch;
    }

    /// <summary>Sets the priorities of the sampled slots from their TD errors (prioritized replay only; otherwise nothing).</summary>
    private protected void UpdatePriorities(ReadOnlySpan<int> slots, ReadOnlySpan<float> tdErrors) => _prioritized?.UpdatePriorities(slots, tdErrors);

    /// <summary>Counts one gradient step.</summary>
    private protected void CountGradientStep()
    {
        _gradientSteps++;
        AgentMetrics.Updated(this);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> named <paramref name="name"/> unless <paramref name="observation"/> has <see cref="ObservationDimension"/> finite values.</summary>
    private protected void CheckObservation(ReadOnlySpan<float> observation, string name)
        => VectorChecks.RequireFinite(observation, ObservationDimension, name);

    private void ResetEnvironment(IEnvironment environment, Span<float> observation)
    {
        environment.Reset(_everReset ? null : _environmentSeed, observation);
        _everReset = true;
        NumericDomain.RequireEnvironmentObservation(observation, 0, _timesteps);
        OnReset();
    }
}
