using System.Globalization;
using RlCommons.Algorithms.Internal;
using RlCommons.Algorithms.Policies;
using RlCommons.Neural.Distributions;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Schedules;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Option-Critic with a neural network (Bacon, Harb &amp; Precup, AAAI 2017, Algorithm 1 with function approximation;
/// see <see cref="NeuralOptionCriticOptions"/>): one MLP on the observation with the heads <c>q</c> = Q_Ω(s, ·) over
/// the options, <c>termination</c> = the logits of β(s, ·) = σ(·), and <c>policy</c> = the logits of the intra-option
/// policies π(· | s, ω), option after option. It learns online from every primitive step; see <see cref="Learn"/>.
/// </summary>
/// <remarks>
/// <para>
/// The loop is that of <see cref="OptionCriticAgent"/> with observations in place of states: <see cref="Act"/>
/// returns a primitive action, <see cref="Learn"/> takes its reward and next observation, <see cref="EndEpisode"/>
/// drops the running option when a time limit cuts an episode.
/// </para>
/// <para>
/// Reproducibility: the network starts from <see cref="SeedSequence.Derive"/>(seed, 0) and call <c>n</c> to
/// <see cref="Act"/> draws from (seed, n). A snapshot holds the network, Adam's state, the counters and the running
/// option, so a restored agent continues exactly as the original would have. Not thread-safe: one episode at a
/// time, on one thread.
/// </para>
/// <para>
/// As an <see cref="IPolicy"/> the features are the observation, and the distribution is over primitive actions given
/// the execution state. With c(ω | s) the ε-greedy choice on Q_Ω(s, ·) (ties uniform) and p(a | s, ω) the option's
/// action distribution — the softmax of its logits when exploring, else all mass on the most probable action (lowest
/// index on ties, as <see cref="Act"/> takes it): P(a) = Σ_ω c(ω | s)·p(a | s, ω) with no option running, and with ω_r
/// running P(a) = (1 − β(s, ω_r))·p(a | s, ω_r) + β(s, ω_r)·Σ_ω c(ω | s)·p(a | s, ω). <see cref="Decide"/> is
/// <see cref="Act"/> (the same draws from the same stream; a <see cref="Learn"/> must follow) with that distribution;
/// <see cref="GetProbabilities"/> computes it without acting. Both throw <see cref="InvalidOperationException"/> while
/// an action awaits <see cref="Learn"/>.
/// </para>
/// </remarks>
public sealed class NeuralOptionCriticAgent : IPolicy, ISnapshotable
{
    internal const string QHead = "q";
    internal const string TerminationHead = "termination";
    internal const string PolicyHead = "policy";

    private readonly NeuralOptionCriticOptions _options;
    private readonly Mlp _network;
    private readonly Adam _optimizer;
    private readonly DecisionStream _stream;
    private readonly int _qHead;
    private readonly int _terminationHead;
    private readonly int _policyHead;
    private readonly int[] _allOptions;
    private readonly double[] _scores;
    private readonly float[] _outputs;
    private readonly float[] _pair;
    private readonly float[] _gradient;
    private readonly float[] _pendingObservation;
    private readonly double[] _choice;
    private readonly double[] _inner;
    private readonly double[] _decideProbabilities;
    private int _option = -1;
    private int _pendingAction = -1;

    /// <summary>Creates the agent.</summary>
    /// <param name="options">The options; validated and copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public NeuralOptionCriticAgent(NeuralOptionCriticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new NeuralOptionCriticOptions
        {
            ObservationDimension = options.ObservationDimension,
            ActionCount = options.ActionCount,
            OptionCount = options.OptionCount,
            HiddenSizes = [.. options.HiddenSizes],
            DiscountFactor = options.DiscountFactor,
            LearningRate = options.LearningRate,
            Epsilon = options.Epsilon,
            TerminationRegularizer = options.TerminationRegularizer,
            EntropyCoefficient = options.EntropyCoefficient,
            MaxGradNorm = options.MaxGradNorm,
            TimeProvider = options.TimeProvider,
        };
        ulong seed = SeedSequence.Resolve(options.Seed, options.Random);
        _stream = new DecisionStream(seed);
        _network = new Mlp(NetworkShape(), new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
        _optimizer = new Adam(_network.Parameters, Schedule.Constant(options.LearningRate));
        _qHead = _network.HeadIndex(QHead);
        _terminationHead = _network.HeadIndex(TerminationHead);
        _policyHead = _network.HeadIndex(PolicyHead);
        _allOptions = [.. Enumerable.Range(0, OptionCount)];
        _scores = new double[OptionCount];
        _outputs = new float[_network.OutputSize];
        _pair = new float[2 * ObservationDimension];
        _gradient = new float[2 * _network.OutputSize];
        _pendingObservation = new float[ObservationDimension];
        _choice = new double[OptionCount];
        _inner = new double[ActionCount];
        _decideProbabilities = new double[ActionCount];
    }

    /// <summary>Gets the length of an observation.</summary>
    public int ObservationDimension => _options.ObservationDimension;

    /// <summary>Gets the length of the <see cref="IPolicy"/> features: the observation, <see cref="ObservationDimension"/>.</summary>
    public int FeatureCount => ObservationDimension;

    /// <summary>Gets the number of primitive actions.</summary>
    public int ActionCount => _options.ActionCount;

    /// <summary>Gets the number of learned options.</summary>
    public int OptionCount => _options.OptionCount;

    /// <summary>Gets the discount factor γ.</summary>
    public double DiscountFactor => _options.DiscountFactor;

    /// <summary>Gets the exploration rate ε of the policy over options.</summary>
    public double Epsilon => _options.Epsilon;

    /// <summary>Gets the running option, or −1 when none is running.</summary>
    public int CurrentOption => _option;

    /// <summary>Gets the number of calls to <see cref="Act"/> so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>Gets the number of calls to <see cref="Learn"/> (gradient steps) so far.</summary>
    public long UpdateCount => _stream.Updates;

    /// <summary>Gets the seed this agent's randomness derives from.</summary>
    public ulong Seed => _stream.Seed;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.NeuralOptionCriticAgent";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>
    /// Returns the primitive action to take: the running option ω survives with probability 1 − β(s, ω), else a new
    /// option is chosen ε-greedily on Q_Ω(s, ·) (ties uniform); the action is drawn from π(· | s, ω).
    /// </summary>
    /// <param name="observation">The current observation (after <see cref="Learn"/>, its next observation): <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="explore"><see langword="true"/> to explore (ε-greedy over options, sampled actions); <see langword="false"/> for the greedy option and the most probable action.</param>
    /// <returns>The action, in [0, <see cref="ActionCount"/>).</returns>
    /// <exception cref="ArgumentException">The observation is malformed.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from.</exception>
    public int Act(ReadOnlySpan<float> observation, bool explore = true)
    {
        RequireObservation(observation, nameof(observation));
        return Step(observation, explore, out _, out _);
    }

    /// <summary>
    /// Acts on the observation <paramref name="features"/> exactly as <see cref="Act"/> does (same draws, same stream; the
    /// running option advances and a <see cref="Learn"/> must follow), and reports the distribution over primitive
    /// actions described in the remarks of <see cref="NeuralOptionCriticAgent"/>.
    /// </summary>
    /// <param name="features">The observation: <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">Whether to explore (ε-greedy over options, sampled actions) or act greedily.</param>
    /// <returns>The action, its probability, Q_Ω(s, ω) of the acting option as the score, whether it is not a most likely action, the sequence and the seed.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from; nothing changes.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        RequireObservation(features, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        Distribution(features, explore, distribution);
        int action = Step(features, explore, out long sequence, out ulong seed);
        double score = _network.HeadOutput(_outputs, _qHead)[_option];
        return new Decision(action, distribution[action], score, !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <summary>Writes the distribution over primitive actions that <see cref="Decide"/> would draw from now (see the remarks of <see cref="NeuralOptionCriticAgent"/>); uses no randomness and changes nothing.</summary>
    /// <param name="features">The observation: <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring or the greedy distribution.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        RequireObservation(features, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Distribution(features, explore, probabilities[..ActionCount]);
    }

    // Act's body, after the observation is checked.
    private int Step(ReadOnlySpan<float> observation, bool explore, out long sequence, out ulong seed)
    {
        RequirePendingLearned();
        Random random = _stream.Begin(out sequence, out seed);
        _network.Predict(observation, _outputs);
        if (_option >= 0 && random.NextDouble() < Sigmoid(_network.HeadOutput(_outputs, _terminationHead)[_option]))
        {
            _option = -1;
        }

        if (_option < 0)
        {
            ReadOnlySpan<float> q = _network.HeadOutput(_outputs, _qHead);
            for (int o = 0; o < OptionCount; o++)
            {
                _scores[o] = q[o];
            }

            _option = Selection.EpsilonGreedy(_allOptions, _scores, explore ? Epsilon : 0, random, out _, out _);
        }

        ReadOnlySpan<float> logits = _network.HeadOutput(_outputs, _policyHead).Slice(_option * ActionCount, ActionCount);
        int action = explore ? CategoricalDistribution.Sample(logits, [], random) : CategoricalDistribution.Mode(logits, []);
        observation.CopyTo(_pendingObservation);
        _pendingAction = action;
        _stream.Complete(sequence);
        return action;
    }

    /// <summary>
    /// Learns from the outcome (r, s′) of the action a the running option ω took in s, by one gradient step on one
    /// forward pass of the two rows (s, s′). With <c>U = (1 − β(s′, ω)) Q_Ω(s′, ω) + β(s′, ω) max<sub>ω′</sub> Q_Ω(s′, ω′)</c>
    /// and target <c>g = r + γ U</c> (<c>g = r</c> when s′ is terminal), all values of s′ held fixed:
    /// <list type="number">
    /// <item>Critic: descend <c>½ (Q_Ω(s, ω) − g)²</c>, so the q head's gradient at (s, ω) is <c>Q_Ω(s, ω) − g</c>.</item>
    /// <item>Intra-option policy: ascend <c>(g − Q_Ω(s, ω)) log π(a | s, ω) + η H(π(· | s, ω))</c>, g standing for
    /// Q_U(s, ω, a) and Q_Ω(s, ω) the baseline; the gradient goes into policy block ω of row s.</item>
    /// <item>Termination (unless s′ is terminal): descend <c>β(s′, ω) (Q_Ω(s′, ω) − V_Ω(s′) + ξ)</c> with
    /// <c>V_Ω(s′) = max<sub>ω′</sub> Q_Ω(s′, ω′)</c>, so the termination logit's gradient at (s′, ω) is
    /// <c>β(1 − β)(Q_Ω(s′, ω) − V_Ω(s′) + ξ)</c>: options stop where another is better by more than ξ.</item>
    /// </list>
    /// The gradient's global norm is clipped to <see cref="NeuralOptionCriticOptions.MaxGradNorm"/> before Adam's step.
    /// </summary>
    /// <param name="reward">The reward r; finite.</param>
    /// <param name="nextObservation">The observation of s′: <see cref="ObservationDimension"/> finite values.</param>
    /// <param name="terminal"><see langword="true"/> when s′ ends the episode (the running option ends).</param>
    /// <exception cref="ArgumentException">The reward is not finite or the observation is malformed; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">There is no action to learn from.</exception>
    public void Learn(double reward, ReadOnlySpan<float> nextObservation, bool terminal)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException($"reward must be finite, was {reward}.", nameof(reward));
        }

        RequireObservation(nextObservation, nameof(nextObservation));
        if (_pendingAction < 0)
        {
            throw new InvalidOperationException("Call Act before Learn.");
        }

        int d = ObservationDimension;
        int w = _option;
        int a = _pendingAction;
        _pendingObservation.CopyTo(_pair, 0);
        nextObservation.CopyTo(_pair.AsSpan(d, d));
        ReadOnlySpan<float> outputs = _network.Forward(_pair, 2);
        WriteGradient(_network, outputs, w, a, reward, terminal, DiscountFactor, _options.TerminationRegularizer, _options.EntropyCoefficient, _gradient);
        _network.Backward(_gradient);
        GradientClipping.ClipByGlobalNorm(_network.Parameters, _options.MaxGradNorm);
        _optimizer.Step();
        _stream.CountUpdate();
        _pendingAction = -1;
        if (terminal)
        {
            _option = -1;
        }
    }

    /// <summary>Drops the running option and any pending action without learning (for episodes cut off by a time limit).</summary>
    public void EndEpisode()
    {
        _option = -1;
        _pendingAction = -1;
    }

    /// <summary>Writes Q_Ω(<paramref name="observation"/>, ω) for every option into <paramref name="destination"/>.</summary>
    /// <param name="observation"><see cref="ObservationDimension"/> finite values.</param>
    /// <param name="destination">Exactly <see cref="OptionCount"/> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public void GetOptionValues(ReadOnlySpan<float> observation, Span<float> destination)
    {
        ReadOnlySpan<float> head = Evaluate(observation, destination, OptionCount, _qHead);
        head.CopyTo(destination);
    }

    /// <summary>Writes β(<paramref name="observation"/>, ω), each option's probability of terminating there, into <paramref name="destination"/>.</summary>
    /// <param name="observation"><see cref="ObservationDimension"/> finite values.</param>
    /// <param name="destination">Exactly <see cref="OptionCount"/> values, each set in (0, 1).</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public void GetTerminationProbabilities(ReadOnlySpan<float> observation, Span<float> destination)
    {
        ReadOnlySpan<float> head = Evaluate(observation, destination, OptionCount, _terminationHead);
        for (int o = 0; o < OptionCount; o++)
        {
            destination[o] = (float)Sigmoid(head[o]);
        }
    }

    /// <summary>Writes π(· | <paramref name="observation"/>, <paramref name="option"/>) into <paramref name="destination"/>.</summary>
    /// <param name="observation"><see cref="ObservationDimension"/> finite values.</param>
    /// <param name="option">An option, in [0, <see cref="OptionCount"/>).</param>
    /// <param name="destination">Exactly <see cref="ActionCount"/> values; they sum to 1.</param>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the option is out of range.</exception>
    public void GetActionProbabilities(ReadOnlySpan<float> observation, int option, Span<float> destination)
    {
        if ((uint)option >= (uint)OptionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(option), option, $"option must be in [0, {OptionCount}), was {option}.");
        }

        ReadOnlySpan<float> head = Evaluate(observation, destination, ActionCount, _policyHead);
        CategoricalDistribution.LogProbabilities(head.Slice(option * ActionCount, ActionCount), [], destination);
        for (int b = 0; b < ActionCount; b++)
        {
            destination[b] = MathF.Exp(destination[b]);
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _stream.Write(writer);
        writer.WriteInt32s([ObservationDimension, OptionCount, ActionCount, .. _options.HiddenSizes]);
        writer.WriteBytes(Snapshot.ToBytes(_network, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_optimizer, _options.TimeProvider));
        writer.WriteInt32s([_option, _pendingAction]);
        writer.WriteSingles(_pendingObservation);
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
        int[] expected = [ObservationDimension, OptionCount, ActionCount, .. _options.HiddenSizes];
        if (!shape.AsSpan().SequenceEqual(expected))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot's shape (observation, options, actions, hidden…) is [{string.Join(", ", shape)}]; this agent's is [{string.Join(", ", expected)}]."));
        }

        byte[] network = reader.ReadBytes();
        byte[] optimizer = reader.ReadBytes();
        int[] run = reader.ReadInt32s();
        float[] pending = reader.ReadSingles();
        reader.EnsureEnd();
        if (run.Length != 2 || run[0] < -1 || run[0] >= OptionCount || run[1] < -1 || run[1] >= ActionCount || pending.Length != ObservationDimension)
        {
            throw new SnapshotException("The running option in the snapshot is invalid.");
        }

        // Parse the nested parts into scratch objects first, so a bad part leaves this agent untouched.
        var scratch = new Mlp(NetworkShape(), new Xoshiro256Random(0));
        Snapshot.Load(scratch, network);
        Snapshot.Load(new Adam(scratch.Parameters, Schedule.Constant(_options.LearningRate)), optimizer);

        Snapshot.Load(_network, network);
        Snapshot.Load(_optimizer, optimizer);
        commitStream();
        (_option, _pendingAction) = (run[0], run[1]);
        pending.CopyTo(_pendingObservation, 0);
    }

    /// <summary>
    /// Writes dL/d(outputs) of one Option-Critic step into <paramref name="gradient"/> (2 rows: s, then s′) from the
    /// forward pass <paramref name="outputs"/> of the same two rows, as documented on <see cref="Learn"/>; returns g.
    /// </summary>
    internal static double WriteGradient(Mlp network, ReadOnlySpan<float> outputs, int option, int action, double reward, bool terminal,
        double gamma, double regularizer, double entropyCoefficient, Span<float> gradient)
    {
        int qHead = network.HeadIndex(QHead);
        int terminationHead = network.HeadIndex(TerminationHead);
        int policyHead = network.HeadIndex(PolicyHead);
        int actions = network.Heads[policyHead].Size / network.Heads[qHead].Size;
        ReadOnlySpan<float> qNext = network.HeadOutput(outputs, qHead, 1);
        float qNextOption = qNext[option];
        float valueNext = float.NegativeInfinity;
        foreach (float q in qNext)
        {
            valueNext = MathF.Max(valueNext, q);
        }

        double betaNext = Sigmoid(network.HeadOutput(outputs, terminationHead, 1)[option]);
        double target = terminal ? reward : reward + (gamma * (((1 - betaNext) * qNextOption) + (betaNext * valueNext)));
        float qCurrent = network.HeadOutput(outputs, qHead, 0)[option];
        gradient.Clear();

        // 1. Critic: ½ (Q_Ω(s, ω) − g)².
        network.HeadGradient(gradient, qHead, 0)[option] = (float)(qCurrent - target);

        // 2. Intra-option policy gradient with the entropy bonus, as a loss (the negated objective); g stands for Q_U(s, ω, a).
        ReadOnlySpan<float> logits = network.HeadOutput(outputs, policyHead, 0).Slice(option * actions, actions);
        Span<float> policyGradient = network.HeadGradient(gradient, policyHead, 0).Slice(option * actions, actions);
        CategoricalDistribution.AccumulateGradient(logits, [], action, -(float)(target - qCurrent), -(float)entropyCoefficient, policyGradient);

        // 3. Termination gradient at s′: β(s′, ω) (Q_Ω(s′, ω) − V_Ω(s′) + ξ), no gradient where the episode ended.
        if (!terminal)
        {
            double advantage = qNextOption - valueNext + regularizer;
            network.HeadGradient(gradient, terminationHead, 1)[option] = (float)(betaNext * (1 - betaNext) * advantage);
        }

        return target;
    }

    private static double Sigmoid(float logit) => 1.0 / (1.0 + Math.Exp(-logit));

    // The distribution over primitive actions Step draws from (see the class remarks); throws where Step would.
    private void Distribution(ReadOnlySpan<float> observation, bool explore, Span<double> probabilities)
    {
        RequirePendingLearned();
        _network.Predict(observation, _outputs);
        probabilities.Clear();
        double choose = 1;
        if (_option >= 0)
        {
            choose = Sigmoid(_network.HeadOutput(_outputs, _terminationHead)[_option]);
            AddOptionActions(_option, explore, 1 - choose, probabilities);
        }

        DiscreteDistribution.EpsilonGreedy(_network.HeadOutput(_outputs, _qHead), default, explore ? Epsilon : 0, _choice);
        for (int w = 0; w < OptionCount; w++)
        {
            if (_choice[w] > 0)
            {
                AddOptionActions(w, explore, choose * _choice[w], probabilities);
            }
        }
    }

    // Adds weight · p(· | s, ω) for the outputs in _outputs: the softmax when exploring, else all of it on Act's mode.
    private void AddOptionActions(int option, bool explore, double weight, Span<double> probabilities)
    {
        ReadOnlySpan<float> logits = _network.HeadOutput(_outputs, _policyHead).Slice(option * ActionCount, ActionCount);
        if (!explore)
        {
            probabilities[CategoricalDistribution.Mode(logits, [])] += weight;
            return;
        }

        DiscreteDistribution.Softmax(logits, default, _inner);
        for (int b = 0; b < ActionCount; b++)
        {
            probabilities[b] += weight * _inner[b];
        }
    }

    private void RequirePendingLearned()
    {
        if (_pendingAction >= 0)
        {
            throw new InvalidOperationException("Call Learn with the outcome of the previous action before acting again.");
        }
    }

    private MlpOptions NetworkShape() => new()
    {
        InputSize = _options.ObservationDimension,
        HiddenSizes = [.. _options.HiddenSizes],
        Heads =
        [
            new MlpHead(QHead, _options.OptionCount),
            new MlpHead(TerminationHead, _options.OptionCount),
            new MlpHead(PolicyHead, _options.OptionCount * _options.ActionCount),
        ],
        MaxBatchSize = 2,
    };

    private ReadOnlySpan<float> Evaluate(ReadOnlySpan<float> observation, Span<float> destination, int length, int head)
    {
        RequireObservation(observation, nameof(observation));
        if (destination.Length != length)
        {
            throw new ArgumentException($"destination must hold {length} values, has {destination.Length}.", nameof(destination));
        }

        var outputs = new float[_network.OutputSize];
        _network.Predict(observation, outputs);
        return _network.HeadOutput(outputs, head);
    }

    private void RequireObservation(ReadOnlySpan<float> observation, string paramName)
        => VectorChecks.RequireFinite(observation, ObservationDimension, paramName);
}
