using System.Globalization;
using RlCommons.Algorithms.Internal;
using RlCommons.Algorithms.Policies;
using RlCommons.Buffers;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// SMDP Q-learning over options with a neural Q(s, ·) (see <see cref="NeuralSmdpQLearningOptions"/>): each finished
/// option execution (s, ω, G, k, s′) — started in s, discounted return G = Σ<sub>i&lt;k</sub> γ<sup>i</sup> r<sub>i</sub>
/// over its k steps, ended in s′ — goes to a replay, and each gradient step lowers the mean of
/// <c>½ (Q_θ(s, ω) − y)²</c> over a batch, with <c>y = G + γ<sup>k</sup> max<sub>ω′ ∈ O(s′)</sub> Q_θ⁻(s′, ω′)</c>
/// (<c>y = G</c> when s′ is terminal) and θ⁻ a copy of θ refreshed every
/// <see cref="NeuralSmdpQLearningOptions.TargetUpdateInterval"/> gradient steps.
/// </summary>
/// <remarks>
/// <para>
/// The loop is that of <see cref="SmdpQLearningAgent"/> with an observation beside each state: the state indexes the
/// options' tables (initiation, policy, termination), the observation (for example the one-hot code of the state,
/// or features) is what the network reads. <see cref="Act"/> in the current state returns a primitive action;
/// <see cref="Learn"/> takes its reward and next state; call <see cref="EndEpisode"/> when a time limit cuts an episode.
/// </para>
/// <para>
/// Reproducibility: the network starts from <see cref="SeedSequence.Derive"/>(seed, 0), replay sampling draws from
/// (seed, 1), and call <c>n</c> to <see cref="Act"/> from (seed, n) as in the tabular agents. A snapshot holds both
/// networks, Adam's state, the replay with its discounts and masks, the generators and the running option, so a
/// restored agent continues exactly as the original would have.
/// </para>
/// <para>
/// As an <see cref="IPolicy"/> the features are the state's index followed by its observation
/// (<see cref="FeatureCount"/> = 1 + <see cref="ObservationDimension"/>), and the distribution is over primitive actions
/// given the execution state: with c(o | s) the ε-greedy choice on Q(observation, ·) among the options that can start
/// in s (ties uniform), P(a) = Σ_o c(o | s)·[π_o(s) = a] with no option running, and with option r running
/// P(a) = (1 − β_r(s))·[π_r(s) = a] + β_r(s)·Σ_o c′(o | s)·[π_o(s) = a]. A termination stores the execution and trains
/// the network before the next option is chosen, so c′ is the choice on the network as it will be after that update:
/// when the update trains (the replay holds a batch), <see cref="GetProbabilities"/> and <see cref="Decide"/> compute it
/// on a private copy of the agent restored from its snapshot (exact, by the snapshot's guarantee that a restored agent
/// continues exactly as the original, but it costs a snapshot round trip and the update's gradient steps).
/// <see cref="Decide"/> is <see cref="Act"/> (the same draws from the same stream; a <see cref="Learn"/> must follow)
/// with that distribution. Both throw <see cref="InvalidOperationException"/> where <see cref="Act"/> would.
/// </para>
/// <para>Not thread-safe: an agent runs one episode at a time, on one thread.</para>
/// </remarks>
public sealed class NeuralSmdpQLearningAgent : IPolicy, ISnapshotable
{
    private readonly NeuralSmdpQLearningOptions _options;
    private readonly Option[] _optionSet;
    private readonly Mlp _online;
    private readonly Mlp _target;
    private readonly Adam _optimizer;
    private readonly ReplayBuffer _replay;
    private readonly ReplayBatch _batch;
    private readonly Xoshiro256Random _sampling;
    private readonly DecisionStream _stream;
    private readonly float _offset;

    // Per replay slot: γᵏ of the bootstrap term, and which options can start in s′ (the max runs over those).
    private readonly float[] _discounts;
    private readonly bool[] _nextAvailable;

    // Scratch.
    private readonly int[] _available;
    private readonly float[] _row;
    private readonly double[] _scores;
    private readonly bool[] _availableMask;
    private readonly float[] _choiceRow;
    private readonly double[] _choice;
    private readonly double[] _decideProbabilities;
    private readonly float[] _targets;
    private readonly float[] _gradient;

    // The running option: where it started, its return and γᵏ so far, and the last step's outcome.
    private readonly float[] _startObservation;
    private readonly float[] _arrivalObservation;
    private int _option = -1;
    private int _startState = -1;
    private double _return;
    private double _discount = 1;
    private int _pendingState = -1;
    private int _arrivalState = -1;
    private long _gradientSteps;

    /// <summary>Creates the agent.</summary>
    /// <param name="options">The options; validated and copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public NeuralSmdpQLearningAgent(NeuralSmdpQLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new NeuralSmdpQLearningOptions
        {
            StateCount = options.StateCount,
            ActionCount = options.ActionCount,
            OptionSet = [.. options.OptionSet],
            LearningRate = options.LearningRate,
            DiscountFactor = options.DiscountFactor,
            Epsilon = options.Epsilon,
            InitialValue = options.InitialValue,
            ObservationDimension = options.ObservationDimension,
            HiddenSizes = [.. options.HiddenSizes],
            BufferSize = options.BufferSize,
            BatchSize = options.BatchSize,
            GradientSteps = options.GradientSteps,
            TargetUpdateInterval = options.TargetUpdateInterval,
            MaxGradNorm = options.MaxGradNorm,
            TimeProvider = options.TimeProvider,
        };
        _optionSet = [.. options.OptionSet];
        ulong seed = SeedSequence.Resolve(options.Seed, options.Random);
        _stream = new DecisionStream(seed);
        _online = new Mlp(NetworkShape(), new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
        _target = new Mlp(NetworkShape(), new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
        _target.CopyParametersFrom(_online);
        _optimizer = new Adam(_online.Parameters, Schedule.Constant(options.LearningRate));
        _sampling = new Xoshiro256Random(SeedSequence.Derive(seed, 1));
        _replay = new ReplayBuffer(options.BufferSize, options.ObservationDimension);
        _batch = _replay.CreateBatch(options.BatchSize);
        _offset = (float)options.InitialValue;
        _discounts = new float[options.BufferSize];
        _nextAvailable = new bool[options.BufferSize * OptionCount];
        _available = new int[OptionCount];
        _row = new float[OptionCount];
        _scores = new double[OptionCount];
        _availableMask = new bool[OptionCount];
        _choiceRow = new float[OptionCount];
        _choice = new double[OptionCount];
        _decideProbabilities = new double[ActionCount];
        _targets = new float[options.BatchSize];
        _gradient = new float[options.BatchSize * OptionCount];
        _startObservation = new float[ObservationDimension];
        _arrivalObservation = new float[ObservationDimension];
    }

    /// <summary>Gets the number of states the options' tables cover.</summary>
    public int StateCount => _options.StateCount;

    /// <summary>Gets the number of primitive actions.</summary>
    public int ActionCount => _options.ActionCount;

    /// <summary>Gets the length of an observation.</summary>
    public int ObservationDimension => _options.ObservationDimension;

    /// <summary>Gets the length of the <see cref="IPolicy"/> features: the state's index, then the observation (1 + <see cref="ObservationDimension"/>).</summary>
    public int FeatureCount => 1 + ObservationDimension;

    /// <summary>Gets the number of options.</summary>
    public int OptionCount => _optionSet.Length;

    /// <summary>Gets the options, in the order of the network's outputs.</summary>
    public IReadOnlyList<Option> Options => _optionSet;

    /// <summary>Gets the exploration rate ε of the policy over options.</summary>
    public double Epsilon => _options.Epsilon;

    /// <summary>Gets the discount factor γ per primitive step.</summary>
    public double DiscountFactor => _options.DiscountFactor;

    /// <summary>Gets the index of the running option, or −1 when none is running.</summary>
    public int CurrentOption => _option;

    /// <summary>Gets the number of calls to <see cref="Act"/> so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>Gets the number of option transitions stored so far.</summary>
    public long TransitionCount => _replay.TotalAdded;

    /// <summary>Gets the number of gradient steps taken so far.</summary>
    public long GradientSteps => _gradientSteps;

    /// <summary>Gets the seed this agent's randomness derives from.</summary>
    public ulong Seed => _stream.Seed;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.NeuralSmdpQLearningAgent";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>
    /// Returns the primitive action to take in <paramref name="state"/>: the running option's action, after it
    /// survived its termination draw β(<paramref name="state"/>), or the action of a newly chosen option (ε-greedy on
    /// the network's Q(<paramref name="observation"/>, ·) among the options that can start there, ties uniform).
    /// When the running option terminates here, its execution is stored and the network trained.
    /// </summary>
    /// <param name="state">The current state, in [0, <see cref="StateCount"/>); after <see cref="Learn"/>, its next state.</param>
    /// <param name="observation">The network's input for that state: <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="explore"><see langword="true"/> for ε-greedy choice; <see langword="false"/> for greedy.</param>
    /// <returns>The action, in [0, <see cref="ActionCount"/>).</returns>
    /// <exception cref="ArgumentException">The state is out of range or the observation is malformed.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or <paramref name="state"/> is not the state it led to.</exception>
    public int Act(int state, ReadOnlySpan<float> observation, bool explore = true)
    {
        RequireState(state, nameof(state));
        RequireObservation(observation, nameof(observation));
        return Step(state, observation, explore, out _, out _);
    }

    /// <summary>
    /// Acts in the state <c>features[0]</c> with the observation <c>features[1..]</c> exactly as <see cref="Act"/> does
    /// (same draws, same stream; the running option advances and a <see cref="Learn"/> must follow), and reports the
    /// distribution over primitive actions described in the remarks of <see cref="NeuralSmdpQLearningAgent"/>.
    /// </summary>
    /// <param name="features">The state's index (an integer in [0, <see cref="StateCount"/>)), then <see cref="ObservationDimension"/> finite observation values.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">ε-greedy choice among options when <see langword="true"/>; greedy (ties uniform) otherwise.</param>
    /// <returns>The action, its probability, the network's Q of the acting option as the score (without the initial-value offset), whether it is not a most likely action, the sequence and the seed.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to; nothing changes.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = ReadFeatures(features, out ReadOnlySpan<float> observation);
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        Distribution(state, observation, explore, distribution);
        int action = Step(state, observation, explore, out long sequence, out ulong seed);
        _online.Predict(observation, _choiceRow);
        return new Decision(action, distribution[action], _choiceRow[_option], !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <summary>Writes the distribution over primitive actions that <see cref="Decide"/> would draw from now (see the remarks of <see cref="NeuralSmdpQLearningAgent"/>); uses no randomness and changes nothing.</summary>
    /// <param name="features">The state's index (an integer in [0, <see cref="StateCount"/>)), then <see cref="ObservationDimension"/> finite observation values.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the ε-greedy or the greedy choice among options.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = ReadFeatures(features, out ReadOnlySpan<float> observation);
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Distribution(state, observation, explore, probabilities[..ActionCount]);
    }

    // Act's body, after the state and observation are checked.
    private int Step(int state, ReadOnlySpan<float> observation, bool explore, out long sequence, out ulong seed)
    {
        RequireCanAct(state);
        Random random = _stream.Begin(out sequence, out seed);
        if (_option >= 0)
        {
            double beta = _optionSet[_option].TerminationAt(state);
            if (beta >= 1 || (beta > 0 && random.NextDouble() < beta))
            {
                Store(state, observation, terminal: false);
            }
        }

        if (_option < 0)
        {
            int count = 0;
            for (int o = 0; o < OptionCount; o++)
            {
                if (_optionSet[o].CanStart(state))
                {
                    _available[count++] = o;
                }
            }

            _online.Predict(observation, _row);
            for (int o = 0; o < OptionCount; o++)
            {
                _scores[o] = _row[o];
            }

            _option = Selection.EpsilonGreedy(_available.AsSpan(0, count), _scores, explore ? Epsilon : 0, random, out _, out _);
            _startState = state;
            observation.CopyTo(_startObservation);
            _return = 0;
            _discount = 1;
        }

        _pendingState = state;
        _stream.Complete(sequence);
        return _optionSet[_option].ActionAt(state);
    }

    /// <summary>Learns from the outcome of the action <see cref="Act"/> returned.</summary>
    /// <param name="reward">The reward; finite.</param>
    /// <param name="nextState">The state reached, in [0, <see cref="StateCount"/>).</param>
    /// <param name="nextObservation">Its observation: <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="terminal"><see langword="true"/> when the state ends the episode (no bootstrap; the running option ends and is stored).</param>
    /// <exception cref="ArgumentException">The reward is not finite, the state is out of range or the observation is malformed; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">There is no action to learn from.</exception>
    public void Learn(double reward, int nextState, ReadOnlySpan<float> nextObservation, bool terminal)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException($"reward must be finite, was {reward}.", nameof(reward));
        }

        RequireState(nextState, nameof(nextState));
        RequireObservation(nextObservation, nameof(nextObservation));
        if (_pendingState < 0)
        {
            throw new InvalidOperationException("Call Act before Learn.");
        }

        _return += _discount * reward;
        _discount *= DiscountFactor;
        _pendingState = -1;
        _arrivalState = nextState;
        nextObservation.CopyTo(_arrivalObservation);
        if (terminal)
        {
            Store(nextState, nextObservation, terminal: true);
            _arrivalState = -1;
        }
    }

    /// <summary>Drops the running option and any pending action without storing it (for episodes cut off by a time limit).</summary>
    public void EndEpisode()
    {
        _option = -1;
        _pendingState = -1;
        _arrivalState = -1;
    }

    /// <summary>Writes the online network's Q(<paramref name="observation"/>, ω) for every option into <paramref name="destination"/>.</summary>
    /// <param name="observation"><see cref="ObservationDimension"/> finite values.</param>
    /// <param name="destination">Exactly <see cref="OptionCount"/> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public void GetOptionValues(ReadOnlySpan<float> observation, Span<float> destination)
    {
        RequireObservation(observation, nameof(observation));
        if (destination.Length != OptionCount)
        {
            throw new ArgumentException($"destination must hold {OptionCount} values (OptionCount), has {destination.Length}.", nameof(destination));
        }

        _online.Predict(observation, destination);
        for (int o = 0; o < destination.Length; o++)
        {
            destination[o] += _offset;
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _stream.Write(writer);
        writer.WriteInt32s([StateCount, OptionCount, ActionCount, ObservationDimension, _options.BufferSize, .. _options.HiddenSizes]);
        writer.WriteInt64(_gradientSteps);
        Span<byte> state = stackalloc byte[32];
        _sampling.GetState(state);
        writer.WriteBytes(state);
        writer.WriteBytes(Snapshot.ToBytes(_online, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_target, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_optimizer, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_replay, _options.TimeProvider));
        writer.WriteSingles(_discounts);
        writer.WriteBytes([.. _nextAvailable.Select(b => b ? (byte)1 : (byte)0)]);
        writer.WriteInt32s([_option, _startState, _pendingState, _arrivalState]);
        writer.WriteDouble(_return);
        writer.WriteDouble(_discount);
        writer.WriteSingles(_startObservation);
        writer.WriteSingles(_arrivalObservation);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (version != SnapshotVersion)
        {
            throw new SnapshotException($"Unsupported {SnapshotType} payload version {version}; expected {SnapshotVersion}.");
        }

        Action commitStream = _stream.Read(reader);
        int[] shape = reader.ReadInt32s();
        int[] expected = [StateCount, OptionCount, ActionCount, ObservationDimension, _options.BufferSize, .. _options.HiddenSizes];
        if (!shape.AsSpan().SequenceEqual(expected))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot's shape (states, options, actions, observation, buffer, hidden…) is [{string.Join(", ", shape)}]; this agent's is [{string.Join(", ", expected)}]."));
        }

        long gradientSteps = reader.ReadInt64();
        byte[] sampling = reader.ReadBytes();
        byte[] online = reader.ReadBytes();
        byte[] target = reader.ReadBytes();
        byte[] optimizer = reader.ReadBytes();
        byte[] replay = reader.ReadBytes();
        float[] discounts = reader.ReadSingles();
        byte[] nextAvailable = reader.ReadBytes();
        int[] run = reader.ReadInt32s();
        double ret = reader.ReadDouble();
        double discount = reader.ReadDouble();
        float[] start = reader.ReadSingles();
        float[] arrival = reader.ReadSingles();
        reader.EnsureEnd();
        bool valid = gradientSteps >= 0 && sampling.Length == 32 && discounts.Length == _discounts.Length
            && discounts.All(d => d >= 0 && d <= 1) && nextAvailable.Length == _nextAvailable.Length
            && run.Length == 4 && run[0] >= -1 && run[0] < OptionCount && run[1] >= -1 && run[1] < StateCount
            && run[2] >= -1 && run[2] < StateCount && run[3] >= -1 && run[3] < StateCount
            && double.IsFinite(ret) && discount >= 0 && discount <= 1
            && start.Length == ObservationDimension && arrival.Length == ObservationDimension;
        if (!valid)
        {
            throw new SnapshotException("The snapshot's counters, generator, replay side arrays or running option are invalid.");
        }

        // Parse every nested part into scratch objects first, so a bad part leaves this agent untouched.
        var scratchOnline = new Mlp(NetworkShape(), new Xoshiro256Random(0));
        Snapshot.Load(scratchOnline, online);
        Snapshot.Load(new Mlp(NetworkShape(), new Xoshiro256Random(0)), target);
        Snapshot.Load(new Adam(scratchOnline.Parameters, Schedule.Constant(_options.LearningRate)), optimizer);
        Snapshot.Load(new ReplayBuffer(_options.BufferSize, ObservationDimension), replay);

        Snapshot.Load(_online, online);
        Snapshot.Load(_target, target);
        Snapshot.Load(_optimizer, optimizer);
        Snapshot.Load(_replay, replay);
        commitStream();
        _sampling.SetState(sampling);
        _gradientSteps = gradientSteps;
        discounts.CopyTo(_discounts, 0);
        for (int i = 0; i < nextAvailable.Length; i++)
        {
            _nextAvailable[i] = nextAvailable[i] != 0;
        }

        (_option, _startState, _pendingState, _arrivalState) = (run[0], run[1], run[2], run[3]);
        _return = ret;
        _discount = discount;
        start.CopyTo(_startObservation, 0);
        arrival.CopyTo(_arrivalObservation, 0);
    }

    private MlpOptions NetworkShape() => new()
    {
        InputSize = _options.ObservationDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        OutputSize = _optionSet.Length,
        MaxBatchSize = _options.BatchSize,
    };

    // Ends the running option in s′ = state: stores (s, ω, G, s′, terminal) with γᵏ and O(s′), then trains.
    private void Store(int state, ReadOnlySpan<float> observation, bool terminal)
    {
        int slot = _replay.Add(_startObservation, _option, (float)_return, observation, terminal, truncated: false);
        _discounts[slot] = (float)_discount;
        for (int o = 0; o < OptionCount; o++)
        {
            _nextAvailable[(slot * OptionCount) + o] = _optionSet[o].CanStart(state);
        }

        _option = -1;
        _stream.CountUpdate();
        if (_replay.Count >= _options.BatchSize)
        {
            for (int i = 0; i < _options.GradientSteps; i++)
            {
                Train();
            }
        }
    }

    /// <summary>
    /// One gradient step on a replayed batch: y = G + (1 − done)·γᵏ·max<sub>ω′ ∈ O(s′)</sub> Q_target(s′, ω′) and the
    /// loss ½·mean (Q_online(s, ω) − y)², whose gradient with respect to Q_online(s, ω) is (Q − y)/batch.
    /// </summary>
    private void Train()
    {
        int b = _options.BatchSize;
        int n = OptionCount;
        _replay.Sample(b, _sampling, _batch);
        ReadOnlySpan<int> slots = _batch.Indices;
        ReadOnlySpan<float> rewards = _batch.Rewards;
        ReadOnlySpan<bool> terminated = _batch.Terminated;
        ReadOnlySpan<int> options = _batch.Actions;

        // The constant offset cancels in Q − y except in the bootstrap term, where it is discounted.
        ReadOnlySpan<float> next = _target.Forward(_batch.NextObservations, b);
        for (int i = 0; i < b; i++)
        {
            if (terminated[i])
            {
                _targets[i] = rewards[i];
                continue;
            }

            float max = float.NegativeInfinity;
            ReadOnlySpan<bool> available = _nextAvailable.AsSpan(slots[i] * n, n);
            for (int o = 0; o < n; o++)
            {
                if (available[o])
                {
                    max = MathF.Max(max, next[(i * n) + o] + _offset);
                }
            }

            _targets[i] = rewards[i] + (_discounts[slots[i]] * max);
        }

        ReadOnlySpan<float> q = _online.Forward(_batch.Observations, b);
        Span<float> gradient = _gradient.AsSpan(0, b * n);
        gradient.Clear();
        float inverse = 1f / b;
        for (int i = 0; i < b; i++)
        {
            gradient[(i * n) + options[i]] = (q[(i * n) + options[i]] + _offset - _targets[i]) * inverse;
        }

        _online.Backward(gradient);
        GradientClipping.ClipByGlobalNorm(_online.Parameters, _options.MaxGradNorm);
        _optimizer.Step();
        _gradientSteps++;
        if (_gradientSteps % _options.TargetUpdateInterval == 0)
        {
            _target.CopyParametersFrom(_online);
        }
    }

    // The distribution over primitive actions Step draws from (see the class remarks); throws where Step would.
    private void Distribution(int state, ReadOnlySpan<float> observation, bool explore, Span<double> probabilities)
    {
        RequireCanAct(state);
        double choose = OptionMixture.Continue(_optionSet, _option, state, probabilities);
        if (choose == 0)
        {
            return;
        }

        if (_option >= 0)
        {
            RowAfterTermination(state, observation, _choiceRow);
        }
        else
        {
            _online.Predict(observation, _choiceRow);
        }

        OptionMixture.AddChoice<float>(_optionSet, state, _choiceRow, explore ? Epsilon : 0, choose, _availableMask, _choice, probabilities);
    }

    // Q(observation, ·) as the choice after the running option terminates in state will read it: the network after
    // the update Store makes, computed on a copy restored from this agent's snapshot when that update trains.
    private void RowAfterTermination(int state, ReadOnlySpan<float> observation, Span<float> row)
    {
        int countAfterAdd = Math.Min(_replay.Count + 1, _options.BufferSize);
        if (countAfterAdd < _options.BatchSize)
        {
            _online.Predict(observation, row);
            return;
        }

        var probe = new NeuralSmdpQLearningAgent(new NeuralSmdpQLearningOptions
        {
            StateCount = _options.StateCount,
            ActionCount = _options.ActionCount,
            OptionSet = [.. _optionSet],
            LearningRate = _options.LearningRate,
            DiscountFactor = _options.DiscountFactor,
            Epsilon = _options.Epsilon,
            InitialValue = _options.InitialValue,
            ObservationDimension = _options.ObservationDimension,
            HiddenSizes = [.. _options.HiddenSizes],
            BufferSize = _options.BufferSize,
            BatchSize = _options.BatchSize,
            GradientSteps = _options.GradientSteps,
            TargetUpdateInterval = _options.TargetUpdateInterval,
            MaxGradNorm = _options.MaxGradNorm,
            TimeProvider = _options.TimeProvider,
            Seed = 0,
        });
        Snapshot.Load(probe, Snapshot.ToBytes(this, _options.TimeProvider));
        probe.Store(state, observation, terminal: false);
        probe._online.Predict(observation, row);
    }

    private int ReadFeatures(ReadOnlySpan<float> features, out ReadOnlySpan<float> observation)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"features must hold {FeatureCount} values (the state index, then the observation), has {features.Length}.", nameof(features));
        }

        int state = StateFeature.Read(features[0], StateCount, nameof(features));
        observation = features[1..];
        RequireObservation(observation, nameof(features));
        return state;
    }

    private void RequireCanAct(int state)
    {
        if (_pendingState >= 0)
        {
            throw new InvalidOperationException("Call Learn with the outcome of the previous action before acting again.");
        }

        if (_option >= 0 && state != _arrivalState)
        {
            throw new InvalidOperationException($"The last action led to state {_arrivalState}, not {state}; call EndEpisode before starting elsewhere.");
        }
    }

    private void RequireState(int state, string paramName)
    {
        if ((uint)state >= (uint)StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"{paramName} must be in [0, {StateCount}), was {state}.");
        }
    }

    private void RequireObservation(ReadOnlySpan<float> observation, string paramName)
        => VectorChecks.RequireFinite(observation, ObservationDimension, paramName);
}
