using RlCommons.Algorithms.Internal;
using RlCommons.Algorithms.Policies;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Hierarchical;

/// <summary>
/// Tabular Option-Critic (Bacon, Harb &amp; Precup, <i>The Option-Critic Architecture</i>, AAAI 2017, Algorithm 1):
/// it learns the options themselves — softmax intra-option policies π(a | s, ω) ∝ exp(θ<sub>ω,s,a</sub> / T) and
/// sigmoid terminations β<sub>ω</sub>(s) = σ(ϑ<sub>ω,s</sub>) — together with the critics Q_Ω(s, ω) and Q_U(s, ω, a),
/// by the intra-option policy gradient and termination gradient theorems. The policy over options is ε-greedy on
/// Q_Ω. See <see cref="Learn"/> for the update equations.
/// </summary>
/// <remarks>
/// <para>
/// The loop: <see cref="Act"/> in the current state returns a primitive action (the running option terminates on
/// arrival with probability β<sub>ω</sub>(s), and a new one is chosen); <see cref="Learn"/> takes its reward and next
/// state; repeat from the next state. Call <see cref="EndEpisode"/> when an episode is cut off by a time limit.
/// </para>
/// <para>
/// Reproducibility: the randomness of call <c>n</c> to <see cref="Act"/> comes from <see cref="SeedSequence.Derive"/>
/// of the seed and <c>n</c>; snapshots hold the seed, counters, all four tables and the running option, so a
/// restored agent continues exactly as the original would have. Not thread-safe: one episode at a time, on one thread.
/// </para>
/// <para>
/// As an <see cref="IPolicy"/> the agent's features are one value, the state's index (<see cref="FeatureCount"/> is 1),
/// and its distribution is over primitive actions given its execution state. With c(ω | s) the ε-greedy choice on
/// Q_Ω(s, ·) (ties uniform) and p(a | s, ω) the option's action distribution — π(a | s, ω) when exploring, else all
/// mass on the most probable action (lowest index on ties, as <see cref="Act"/> takes it):
/// P(a) = Σ_ω c(ω | s)·p(a | s, ω) with no option running, and with ω_r running
/// P(a) = (1 − β_{ω_r}(s))·p(a | s, ω_r) + β_{ω_r}(s)·Σ_ω c(ω | s)·p(a | s, ω). <see cref="Decide"/> is <see cref="Act"/>
/// (the same draws from the same stream; a <see cref="Learn"/> must follow) with that distribution;
/// <see cref="GetProbabilities"/> computes it without acting. Both throw <see cref="InvalidOperationException"/> where
/// <see cref="Act"/> would.
/// </para>
/// </remarks>
public sealed class OptionCriticAgent : IPolicy, ISnapshotable
{
    private readonly double[] _qOmega;   // Q_Ω(s, ω): [s, ω]
    private readonly double[] _qU;       // Q_U(s, ω, a): [s, ω, a]
    private readonly double[] _theta;    // intra-option policy parameters: [ω, s, a]
    private readonly double[] _vartheta; // termination parameters: [ω, s]
    private readonly double[] _pi;
    private readonly double[] _choice;
    private readonly double[] _inner;
    private readonly double[] _decideProbabilities;
    private readonly int[] _allOptions;
    private readonly int[] _allActions;
    private readonly DecisionStream _stream;
    private int _option = -1;
    private int _pendingState = -1;
    private int _pendingAction = -1;
    private int _arrivalState = -1;

    /// <summary>Creates the agent with zero critics, uniform intra-option policies and β ≡ 0.5.</summary>
    /// <param name="options">The options; validated and copied.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public OptionCriticAgent(OptionCriticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        StateCount = options.StateCount;
        ActionCount = options.ActionCount;
        OptionCount = options.OptionCount;
        DiscountFactor = options.DiscountFactor;
        CriticLearningRate = options.CriticLearningRate;
        IntraOptionLearningRate = options.IntraOptionLearningRate;
        TerminationLearningRate = options.TerminationLearningRate;
        Temperature = options.Temperature;
        Epsilon = options.Epsilon;
        TerminationRegularizer = options.TerminationRegularizer;
        EntropyCoefficient = options.EntropyCoefficient;
        UseBaseline = options.UseBaseline;
        _stream = new DecisionStream(SeedSequence.Resolve(options.Seed, options.Random));
        _qOmega = new double[StateCount * OptionCount];
        _qU = new double[StateCount * OptionCount * ActionCount];
        _theta = new double[OptionCount * StateCount * ActionCount];
        _vartheta = new double[OptionCount * StateCount];
        _pi = new double[ActionCount];
        _choice = new double[OptionCount];
        _inner = new double[ActionCount];
        _decideProbabilities = new double[ActionCount];
        _allOptions = [.. Enumerable.Range(0, OptionCount)];
        _allActions = [.. Enumerable.Range(0, ActionCount)];
    }

    /// <summary>Gets the length of the <see cref="IPolicy"/> features: 1, the state's index.</summary>
    public int FeatureCount => 1;

    /// <summary>Gets the number of states.</summary>
    public int StateCount { get; }

    /// <summary>Gets the number of primitive actions.</summary>
    public int ActionCount { get; }

    /// <summary>Gets the number of learned options.</summary>
    public int OptionCount { get; }

    /// <summary>Gets the discount factor γ.</summary>
    public double DiscountFactor { get; }

    /// <summary>Gets the critics' step size α.</summary>
    public double CriticLearningRate { get; }

    /// <summary>Gets the intra-option policy gradient step size α_θ.</summary>
    public double IntraOptionLearningRate { get; }

    /// <summary>Gets the termination gradient step size α_ϑ.</summary>
    public double TerminationLearningRate { get; }

    /// <summary>Gets the softmax temperature T of the intra-option policies.</summary>
    public double Temperature { get; }

    /// <summary>Gets the exploration rate ε of the policy over options.</summary>
    public double Epsilon { get; }

    /// <summary>Gets the termination regularizer ξ.</summary>
    public double TerminationRegularizer { get; }

    /// <summary>Gets the entropy weight η of the intra-option gradient.</summary>
    public double EntropyCoefficient { get; }

    /// <summary>Gets whether the intra-option gradient subtracts the baseline Q_Ω(s, ω).</summary>
    public bool UseBaseline { get; }

    /// <summary>Gets the running option, or −1 when none is running.</summary>
    public int CurrentOption => _option;

    /// <summary>Gets the number of calls to <see cref="Act"/> so far.</summary>
    public long DecisionCount => _stream.Decisions;

    /// <summary>Gets the number of calls to <see cref="Learn"/> so far.</summary>
    public long UpdateCount => _stream.Updates;

    /// <summary>Gets the seed this agent's randomness derives from.</summary>
    public ulong Seed => _stream.Seed;

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.OptionCriticAgent";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>
    /// Returns the primitive action to take in <paramref name="state"/>: the running option ω survives with
    /// probability 1 − β<sub>ω</sub>(s), else a new option is chosen ε-greedily on Q_Ω(s, ·) (ties uniform); the action is
    /// drawn from π(· | s, ω).
    /// </summary>
    /// <param name="state">The current state, in [0, <see cref="StateCount"/>); after <see cref="Learn"/>, its next state.</param>
    /// <param name="explore"><see langword="true"/> to explore (ε-greedy over options, sampled actions); <see langword="false"/> for the greedy option and the most probable action.</param>
    /// <returns>The action, in [0, <see cref="ActionCount"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or <paramref name="state"/> is not the state it led to.</exception>
    public int Act(int state, bool explore = true)
    {
        RequireState(state, nameof(state));
        return Step(state, explore, out _, out _);
    }

    /// <summary>
    /// Acts in the state whose index is <c>features[0]</c>, exactly as <see cref="Act"/> does (same draws, same stream;
    /// the running option advances and a <see cref="Learn"/> must follow), and reports the distribution over primitive
    /// actions described in the remarks of <see cref="OptionCriticAgent"/>.
    /// </summary>
    /// <param name="features">One value: the current state's index, an integer in [0, <see cref="StateCount"/>).</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">Whether to explore (ε-greedy over options, sampled actions) or act greedily.</param>
    /// <returns>The action, its probability, Q_Ω(s, ω) of the acting option as the score, whether it is not a most likely action, the sequence and the seed.</returns>
    /// <exception cref="ArgumentException">The features or the buffer are invalid; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to; nothing changes.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = StateFeature.Read(features, StateCount, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        Distribution(state, explore, distribution);
        int action = Step(state, explore, out long sequence, out ulong seed);
        double score = _qOmega[(state * OptionCount) + _option];
        return new Decision(action, distribution[action], score, !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <summary>Writes the distribution over primitive actions that <see cref="Decide"/> would draw from now (see the remarks of <see cref="OptionCriticAgent"/>); uses no randomness and changes nothing.</summary>
    /// <param name="features">One value: the current state's index, an integer in [0, <see cref="StateCount"/>).</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the exploring or the greedy distribution.</param>
    /// <exception cref="ArgumentException">The features or the buffer are invalid.</exception>
    /// <exception cref="InvalidOperationException">The previous action has not been learned from, or the state is not the one it led to.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
    {
        int state = StateFeature.Read(features, StateCount, nameof(features));
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Distribution(state, explore, probabilities[..ActionCount]);
    }

    // Act's body, after the state is checked.
    private int Step(int state, bool explore, out long sequence, out ulong seed)
    {
        RequireCanAct(state);
        Random random = _stream.Begin(out sequence, out seed);
        if (_option >= 0 && random.NextDouble() < Beta(_option, state))
        {
            _option = -1;
        }

        if (_option < 0)
        {
            _option = Selection.EpsilonGreedy(_allOptions, QOmegaRow(state), explore ? Epsilon : 0, random, out _, out _);
        }

        Policy(_option, state, _pi);
        int action = explore ? Selection.Sample(_allActions, _pi, random) : ArgMax(_pi);
        _pendingState = state;
        _pendingAction = action;
        _stream.Complete(sequence);
        return action;
    }

    /// <summary>
    /// Learns from the outcome (r, s′) of the action a the running option ω took in s (Algorithm 1 of the paper):
    /// <list type="number">
    /// <item>Critic: with <c>U(s′, ω) = (1 − β<sub>ω</sub>(s′)) Q_Ω(s′, ω) + β<sub>ω</sub>(s′) max<sub>ω′</sub> Q_Ω(s′, ω′)</c>
    /// and target <c>g = r + γ U(s′, ω)</c> (<c>g = r</c> when s′ is terminal),
    /// <c>Q_U(s, ω, a) += α (g − Q_U(s, ω, a))</c> and <c>Q_Ω(s, ω) += α (g − Q_Ω(s, ω))</c> (intra-option Q-learning).</item>
    /// <item>Intra-option policy gradient with entropy: with <c>A = Q_U(s, ω, a) − Q_Ω(s, ω)</c> (or <c>Q_U</c> without the
    /// baseline), for every action b, <c>θ<sub>ω,s,b</sub> += α_θ [A (1{b = a} − π(b | s, ω)) − η π(b | s, ω)(log π(b | s, ω) + H)]</c>,
    /// the gradients of log π and of the entropy H with the factor 1/T folded into α_θ (as in the authors' code).</item>
    /// <item>Termination gradient (unless s′ is terminal): <c>ϑ<sub>ω,s′</sub> −= α_ϑ β<sub>ω</sub>(s′)(1 − β<sub>ω</sub>(s′))
    /// (Q_Ω(s′, ω) − V_Ω(s′) + ξ)</c> with <c>V_Ω(s′) = max<sub>ω′</sub> Q_Ω(s′, ω′)</c>: the option learns to stop where
    /// another option is better by more than ξ.</item>
    /// </list>
    /// </summary>
    /// <param name="reward">The reward r; finite.</param>
    /// <param name="nextState">The state s′ reached, in [0, <see cref="StateCount"/>).</param>
    /// <param name="terminal"><see langword="true"/> when s′ ends the episode.</param>
    /// <exception cref="ArgumentException">The reward is not finite or the state is out of range; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">There is no action to learn from.</exception>
    public void Learn(double reward, int nextState, bool terminal)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException($"reward must be finite, was {reward}.", nameof(reward));
        }

        RequireState(nextState, nameof(nextState));
        if (_pendingState < 0)
        {
            throw new InvalidOperationException("Call Act before Learn.");
        }

        int s = _pendingState;
        int a = _pendingAction;
        int w = _option;

        // 1. Critic (intra-option Q-learning of Q_Ω and Q_U toward one target).
        double target = reward;
        if (!terminal)
        {
            double beta = Beta(w, nextState);
            target += DiscountFactor * (((1 - beta) * _qOmega[(nextState * OptionCount) + w]) + (beta * Max(QOmegaRow(nextState))));
        }

        ref double qu = ref _qU[(((s * OptionCount) + w) * ActionCount) + a];
        qu += CriticLearningRate * (target - qu);
        ref double qw = ref _qOmega[(s * OptionCount) + w];
        qw += CriticLearningRate * (target - qw);

        // 2. Intra-option policy gradient with an entropy bonus.
        double advantage = UseBaseline ? qu - qw : qu;
        Policy(w, s, _pi);
        double entropy = 0;
        for (int b = 0; b < ActionCount; b++)
        {
            entropy -= _pi[b] > 0 ? _pi[b] * Math.Log(_pi[b]) : 0;
        }

        Span<double> theta = _theta.AsSpan(((w * StateCount) + s) * ActionCount, ActionCount);
        for (int b = 0; b < ActionCount; b++)
        {
            double logPi = _pi[b] > 0 ? Math.Log(_pi[b]) : 0;
            double gradLog = (b == a ? 1 : 0) - _pi[b];
            double gradEntropy = -_pi[b] * (logPi + entropy);
            theta[b] += IntraOptionLearningRate * ((advantage * gradLog) + (EntropyCoefficient * gradEntropy));
        }

        // 3. Termination gradient at the arrival state.
        if (!terminal)
        {
            double beta = Beta(w, nextState);
            double optionAdvantage = _qOmega[(nextState * OptionCount) + w] - Max(QOmegaRow(nextState));
            _vartheta[(w * StateCount) + nextState] -= TerminationLearningRate * beta * (1 - beta) * (optionAdvantage + TerminationRegularizer);
        }

        _stream.CountUpdate();
        _pendingState = -1;
        _pendingAction = -1;
        _arrivalState = nextState;
        if (terminal)
        {
            _option = -1;
        }
    }

    /// <summary>Drops the running option and any pending action without learning (for episodes cut off by a time limit).</summary>
    public void EndEpisode()
    {
        _option = -1;
        _pendingState = -1;
        _pendingAction = -1;
        _arrivalState = -1;
    }

    /// <summary>Returns the critic Q_Ω(<paramref name="state"/>, <paramref name="option"/>).</summary>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="option">An option, in [0, <see cref="OptionCount"/>).</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or option is out of range.</exception>
    public double GetOptionValue(int state, int option)
    {
        RequireState(state, nameof(state));
        RequireOption(option);
        return _qOmega[(state * OptionCount) + option];
    }

    /// <summary>Returns β<sub>ω</sub>(s), the probability that option <paramref name="option"/> terminates on arrival in <paramref name="state"/>.</summary>
    /// <param name="option">An option, in [0, <see cref="OptionCount"/>).</param>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <returns>A probability in (0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or option is out of range.</exception>
    public double GetTerminationProbability(int option, int state)
    {
        RequireState(state, nameof(state));
        RequireOption(option);
        return Beta(option, state);
    }

    /// <summary>Writes π(· | <paramref name="state"/>, <paramref name="option"/>) into <paramref name="destination"/>.</summary>
    /// <param name="option">An option, in [0, <see cref="OptionCount"/>).</param>
    /// <param name="state">A state, in [0, <see cref="StateCount"/>).</param>
    /// <param name="destination">At least <see cref="ActionCount"/> long.</param>
    /// <exception cref="ArgumentException">The state or option is out of range, or the buffer is too short.</exception>
    public void GetActionProbabilities(int option, int state, Span<double> destination)
    {
        RequireState(state, nameof(state));
        RequireOption(option);
        if (destination.Length < ActionCount)
        {
            throw new ArgumentException($"The buffer needs {ActionCount} entries (ActionCount), it has {destination.Length}.", nameof(destination));
        }

        Policy(option, state, destination);
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _stream.Write(writer);
        writer.WriteInt32s([StateCount, OptionCount, ActionCount]);
        writer.WriteDoubles(_qOmega);
        writer.WriteDoubles(_qU);
        writer.WriteDoubles(_theta);
        writer.WriteDoubles(_vartheta);
        writer.WriteInt32s([_option, _pendingState, _pendingAction, _arrivalState]);
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
        if (shape.Length != 3 || shape[0] != StateCount || shape[1] != OptionCount || shape[2] != ActionCount)
        {
            throw new SnapshotException($"The snapshot holds {string.Join(" × ", shape)} (states × options × actions); this agent has {StateCount} × {OptionCount} × {ActionCount}.");
        }

        double[] qOmega = ReadFinite(reader, _qOmega.Length, "Q_Ω");
        double[] qU = ReadFinite(reader, _qU.Length, "Q_U");
        double[] theta = ReadFinite(reader, _theta.Length, "the intra-option policy parameters");
        double[] vartheta = ReadFinite(reader, _vartheta.Length, "the termination parameters");
        int[] run = reader.ReadInt32s();
        bool valid = run.Length == 4 && run[0] >= -1 && run[0] < OptionCount && run[1] >= -1 && run[1] < StateCount
            && run[2] >= -1 && run[2] < ActionCount && run[3] >= -1 && run[3] < StateCount;
        if (!valid)
        {
            throw new SnapshotException("The running option in the snapshot is invalid.");
        }

        reader.EnsureEnd();
        commitStream();
        qOmega.CopyTo(_qOmega, 0);
        qU.CopyTo(_qU, 0);
        theta.CopyTo(_theta, 0);
        vartheta.CopyTo(_vartheta, 0);
        (_option, _pendingState, _pendingAction, _arrivalState) = (run[0], run[1], run[2], run[3]);
    }

    private static double[] ReadFinite(SnapshotReader reader, int count, string what)
    {
        double[] values = reader.ReadDoubles(count, what);
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException($"A value of {what} in the snapshot is not finite.");
        }

        return values;
    }

    // The distribution over primitive actions Step draws from (see the class remarks); throws where Step would.
    private void Distribution(int state, bool explore, Span<double> probabilities)
    {
        RequireCanAct(state);
        probabilities.Clear();
        double choose = 1;
        if (_option >= 0)
        {
            choose = Beta(_option, state);
            AddOptionActions(_option, state, explore, 1 - choose, probabilities);
        }

        DiscreteDistribution.EpsilonGreedy(QOmegaRow(state), default, explore ? Epsilon : 0, _choice);
        for (int w = 0; w < OptionCount; w++)
        {
            if (_choice[w] > 0)
            {
                AddOptionActions(w, state, explore, choose * _choice[w], probabilities);
            }
        }
    }

    // Adds weight · p(· | s, ω): π(· | s, ω) when exploring, else all of it on Act's greedy action.
    private void AddOptionActions(int option, int state, bool explore, double weight, Span<double> probabilities)
    {
        Policy(option, state, _inner);
        if (!explore)
        {
            probabilities[ArgMax(_inner)] += weight;
            return;
        }

        for (int b = 0; b < ActionCount; b++)
        {
            probabilities[b] += weight * _inner[b];
        }
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

    private static double Max(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private Span<double> QOmegaRow(int state) => _qOmega.AsSpan(state * OptionCount, OptionCount);

    private double Beta(int option, int state) => 1.0 / (1.0 + Math.Exp(-_vartheta[(option * StateCount) + state]));

    /// <summary>π(· | s, ω) = softmax(θ<sub>ω,s,·</sub> / T), computed stably.</summary>
    private void Policy(int option, int state, Span<double> destination)
    {
        ReadOnlySpan<double> theta = _theta.AsSpan(((option * StateCount) + state) * ActionCount, ActionCount);
        double max = Max(theta);
        double sum = 0;
        for (int b = 0; b < ActionCount; b++)
        {
            destination[b] = Math.Exp((theta[b] - max) / Temperature);
            sum += destination[b];
        }

        for (int b = 0; b < ActionCount; b++)
        {
            destination[b] /= sum;
        }
    }

    private void RequireState(int state, string paramName)
    {
        if ((uint)state >= (uint)StateCount)
        {
            throw new ArgumentOutOfRangeException(paramName, state, $"{paramName} must be in [0, {StateCount}), was {state}.");
        }
    }

    private void RequireOption(int option)
    {
        if ((uint)option >= (uint)OptionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(option), option, $"option must be in [0, {OptionCount}), was {option}.");
        }
    }
}
