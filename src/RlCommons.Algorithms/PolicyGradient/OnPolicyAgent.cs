using System.Globalization;
using RlCommons.Algorithms.Diagnostics;
using RlCommons.Algorithms.Internal;
using RlCommons.Algorithms.Policies;
using RlCommons.Algorithms.Training;
using RlCommons.Buffers;
using RlCommons.Environments;
using RlCommons.Neural.Distributions;
using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Randomness;
using RlCommons.Snapshots;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// The loop shared by the on-policy actor-critic agents (SB3's <c>OnPolicyAlgorithm</c>): separate actor and critic
/// networks (<see cref="OnPolicyOptions"/>), rollouts of <see cref="OnPolicyOptions.NSteps"/> steps from every
/// environment of a vector environment, GAE(λ) advantages, then the algorithm's update. Discrete actions use a
/// categorical policy, with action masking when the environments implement <see cref="IActionMaskProvider"/>;
/// continuous actions a diagonal Gaussian with a state-independent log σ; multi-discrete actions
/// (<see cref="MultiDiscreteSpace"/>) one categorical per component (SB3's <c>MultiCategoricalDistribution</c>), whose
/// joint log-probability and entropy are the sums over the components.
/// </summary>
/// <remarks>
/// <para>Truncated episodes (time limits) bootstrap: γ·V(final observation) is added to the truncated step's reward,
/// as SB3 does (see <see cref="RolloutBuffer"/>).</para>
/// <para>Continuous actions are stored unclipped and clipped to the action box only when sent to the environment
/// (SB3's convention), so their log-probabilities stay exact.</para>
/// <para>A snapshot holds both networks, log σ, the optimizer's state, the counters and the generators' states.</para>
/// <para>Policy contracts: a discrete agent is an <see cref="IPolicy"/> whose distribution is the actor's categorical
/// softmax (greedy: the most likely actions, ties uniform); a continuous agent is an <see cref="IContinuousPolicy"/>
/// whose density is the diagonal Gaussian N(μ(s), diag σ²) of the unclipped action. Their <c>Decide</c> draws with its
/// own generator, reseeded for decision n from (seed, n), never with the sampling stream of
/// <see cref="Act"/>, <see cref="Predict(ReadOnlySpan{float}, bool)"/> and training, so learning results do not
/// depend on how often it is called. A multi-discrete agent (built with a <see cref="MultiDiscreteSpace"/>) is an
/// <see cref="IMultiDiscretePolicy"/>: its actions are the joint indices of <see cref="MultiDiscreteSpace.ToJointIndex"/>,
/// its distribution the outer product of the component categoricals, and its masks hold one flag per component value.
/// A composite agent (a <see cref="CompositeSpace"/> of Discrete, MultiDiscrete and Box parts) is an
/// <see cref="IContinuousPolicy"/>: a mixed action has a density (counting measure on the discrete values times
/// Lebesgue measure on the box values), not a probability, so <c>Decide</c> returns the log-density of the action vector
/// it writes (the parts' values in order) and its <see cref="IPolicy"/> members throw. The snapshot holds its seed and counter, so a restored agent repeats the decisions. The members of the contract
/// that does not fit the agent's action space throw <see cref="InvalidOperationException"/>.</para>
/// <para>Thread safety: not thread-safe; use one agent from one thread at a time.</para>
/// </remarks>
public abstract class OnPolicyAgent : IPolicy, IContinuousPolicy, ISnapshotable
{
    private readonly OnPolicyOptions _options;
    private readonly Func<IReadOnlyList<Parameter>, Optimizer> _optimizerFactory;
    private readonly ActorCritic _net;
    private readonly Optimizer _optimizer;
    private readonly Xoshiro256Random _sampling;
    private readonly Xoshiro256Random _shuffling;
    private readonly long _environmentSeed;
    private readonly float[] _low = [];
    private readonly float[] _high = [];
    private readonly MultiDiscreteSpace? _multiDiscrete;
    private readonly CompositeSpace? _composite;
    private readonly int _maskWidth;

    // The categorical components (a multi-discrete space's counts, or a composite space's discrete parts in order), and
    // for a composite agent where each stored value (categoricals, then the Gaussian block) sits in the environment's
    // action vector and what is added to it (a discrete part's start).
    private readonly int[] _counts = [];
    private readonly int[] _positions = [];
    private readonly float[] _starts = [];
    private readonly float[] _stored = [];

    // Minibatch scratch, sized for one batch.
    private protected readonly float[] _batchObservations;
    private protected readonly float[] _batchActions;
    private protected readonly bool[] _batchMasks;
    private protected readonly float[] _batchAdvantages;
    private protected readonly float[] _batchLogProbabilities;
    private protected readonly float[] _batchEntropies;
    private protected readonly float[] _batchValues;
    private protected readonly float[] _logProbabilityWeights;
    private protected readonly float[] _valueGradients;
    private readonly float[] _single = new float[1];
    private readonly DecisionStream _decisions;
    private double[] _decideProbabilities;

    private RolloutBuffer? _buffer;
    private int[] _permutation = [];
    private long _timesteps;
    private long _gradientSteps;
    private bool _everReset;

    private protected OnPolicyAgent(int observationDimension, int actionCount, BoxSpace? box, OnPolicyOptions options, Func<IReadOnlyList<Parameter>, Optimizer> optimizerFactory, MultiDiscreteSpace? multiDiscrete = null, CompositeSpace? composite = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        int gaussian = box?.FlatDimension ?? 0;
        if (composite is not null)
        {
            (_counts, _positions, _starts, _low, _high) = CompositeLayout(composite);
            gaussian = _low.Length;
            actionCount = 0;
            _stored = new float[_positions.Length];
        }
        else if (multiDiscrete is not null)
        {
            if (multiDiscrete.JointCount is < 2)
            {
                throw new ArgumentException($"The action space {multiDiscrete} must have between 2 and {int.MaxValue} joint actions (IPolicy numbers them with one int).", nameof(multiDiscrete));
            }

            actionCount = multiDiscrete.JointCount;
            _counts = multiDiscrete.Counts.ToArray();
        }
        else if (box is null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        }

        options.Validate();
        _options = options;
        _multiDiscrete = multiDiscrete;
        _composite = composite;
        ObservationDimension = observationDimension;
        ActionCount = actionCount;
        ActionDimension = composite is not null ? _positions.Length : box?.FlatDimension ?? multiDiscrete?.Counts.Length ?? 1;
        _maskWidth = composite is not null || multiDiscrete is not null ? _counts.Sum() : actionCount;
        if (composite is null)
        {
            _low = box is null ? [] : box.Low.ToArray();
            _high = box is null ? [] : box.High.ToArray();
        }

        ulong seed = SeedSequence.Resolve(options.Seed, options.Random);
        _environmentSeed = options.Seed ?? unchecked((long)SeedSequence.Derive(seed, 3));
        _optimizerFactory = optimizerFactory;
        int maxBatch = Math.Max(options.BatchRows, options.Environments);
        _net = new ActorCritic(observationDimension, _maskWidth, gaussian, options.PolicyHiddenSizes, options.ValueHiddenSizes, options.Activation, maxBatch, options.LogStdInit, SeedSequence.Derive(seed, 0), options.SharedNetwork, composite is null && multiDiscrete is null ? null : _counts);
        _optimizer = optimizerFactory(_net.Parameters);
        _sampling = new Xoshiro256Random(SeedSequence.Derive(seed, 1));
        _shuffling = new Xoshiro256Random(SeedSequence.Derive(seed, 2));
        _decisions = new DecisionStream(SeedSequence.Derive(seed, 6));
        // A multi-discrete agent's joint distribution buffer is made on its first Decide (the joint space can be large).
        _decideProbabilities = new double[box is null && multiDiscrete is null ? actionCount : 0];
        int b = options.BatchRows;
        _batchObservations = new float[b * observationDimension];
        _batchActions = new float[b * _net.ActionWidth];
        _batchMasks = new bool[_net.Continuous ? 0 : b * _maskWidth];
        _batchAdvantages = new float[b];
        _batchLogProbabilities = new float[b];
        _batchEntropies = new float[b];
        _batchValues = new float[b];
        _logProbabilityWeights = new float[b];
        _valueGradients = new float[b];
    }

    /// <summary>The length of an observation.</summary>
    public int ObservationDimension { get; }

    /// <summary>The length of an observation (the policy's features): <see cref="ObservationDimension"/>.</summary>
    public int FeatureCount => ObservationDimension;

    /// <summary>The number of discrete actions (the joint count for a multi-discrete agent), or 0 for a continuous agent.</summary>
    public int ActionCount { get; }

    /// <summary>The length of an action vector: 1 for a discrete agent, the number of components for a multi-discrete one.</summary>
    public int ActionDimension { get; }

    /// <summary>The multi-discrete action space, or <see langword="null"/> when the agent acts in a discrete or box space.</summary>
    public MultiDiscreteSpace? MultiDiscreteActionSpace => _multiDiscrete;

    /// <summary>Whether the agent acts in a multi-discrete action space (one categorical per component).</summary>
    public bool IsMultiDiscrete => _multiDiscrete is not null;

    /// <summary>The composite action space, or <see langword="null"/> when the agent acts in a discrete, multi-discrete or box space.</summary>
    public CompositeSpace? CompositeActionSpace => _composite;

    /// <summary>Whether the agent acts in a composite action space (categoricals for its discrete parts, a diagonal Gaussian for its box parts).</summary>
    public bool IsComposite => _composite is not null;

    /// <summary>The length of an action mask: <see cref="ActionCount"/> for a discrete agent, the sum of the component counts for a multi-discrete one (one flag per component value, in component order) and for a composite one (its discrete parts' values, in part order), 0 for a continuous agent.</summary>
    public int ActionMaskLength => IsContinuous ? 0 : _maskWidth;

    /// <summary>Whether the agent acts in a continuous (box) action space.</summary>
    public bool IsContinuous => _net.Continuous;

    /// <summary>The number of <c>Decide</c> calls so far (the sequence of the last decision).</summary>
    public long DecisionCount => _decisions.Decisions;

    /// <summary>Environment steps taken over the agent's life.</summary>
    public long Timesteps => _timesteps;

    /// <summary>Gradient steps taken over the agent's life.</summary>
    public long GradientSteps => _gradientSteps;

    /// <inheritdoc />
    public abstract string SnapshotType { get; }

    /// <inheritdoc />
    /// <remarks>Version 2 adds the decision stream of <c>Decide</c> (its seed and counter); version 1 payloads still load, with the counter left as it is.</remarks>
    public int SnapshotVersion => 2;

    private protected ActorCritic Network => _net;

    private protected Optimizer Optimizer => _optimizer;

    /// <summary>Chooses a discrete action: sampled from the policy, or its most likely action when <paramref name="deterministic"/>.</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>.</param>
    /// <param name="actionMask">One flag per action (<see cref="ActionMaskLength"/>; per component value for a multi-discrete agent), or empty for none; at least one must be set (per component).</param>
    /// <param name="deterministic">Whether to take the mode.</param>
    /// <returns>The action index (the joint index for a multi-discrete agent).</returns>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public int Act(ReadOnlySpan<float> observation, ReadOnlySpan<bool> actionMask, bool deterministic)
    {
        if (IsContinuous || IsComposite)
        {
            throw new InvalidOperationException("This agent acts in a continuous or composite action space; use Predict with an action buffer.");
        }

        CheckObservation(observation);
        if (IsMultiDiscrete)
        {
            CheckMask(actionMask, nameof(actionMask));
            Span<float> components = stackalloc float[ActionDimension];
            _net.Act(observation, 1, actionMask, _sampling, deterministic, components, _single, default);
            return JointIndex(components);
        }

        Span<float> action = stackalloc float[1];
        _net.Act(observation, 1, actionMask, _sampling, deterministic, action, _single, default);
        return (int)action[0];
    }

    /// <summary>Chooses a discrete action as SB3's <c>predict</c> does: <see cref="Act"/> with no mask.</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>.</param>
    /// <param name="deterministic">Whether to take the mode (lowest index on ties) rather than sample.</param>
    /// <returns>The action index.</returns>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    public int Predict(ReadOnlySpan<float> observation, bool deterministic) => Act(observation, default, deterministic);

    /// <summary>
    /// Writes a continuous action as SB3's <c>predict</c> does: the mean or a Gaussian draw, clipped to the action box;
    /// for a multi-discrete agent, the component values (each component's mode or draw) as floats, the form a
    /// multi-discrete environment's <see cref="IEnvironment.Step(ReadOnlySpan{float}, Span{float})"/> receives.
    /// </summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values.</param>
    /// <param name="deterministic">Whether to write the mean (the modes) rather than sample.</param>
    /// <exception cref="InvalidOperationException">The agent is discrete (single categorical).</exception>
    public void Predict(ReadOnlySpan<float> observation, Span<float> action, bool deterministic)
    {
        if (!IsContinuous && !IsMultiDiscrete && !IsComposite)
        {
            throw new InvalidOperationException("This agent acts in a discrete action space; use Predict(observation, deterministic).");
        }

        CheckObservation(observation);
        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"action must hold {ActionDimension} values, has {action.Length}.", nameof(action));
        }

        if (IsComposite)
        {
            _net.Act(observation, 1, default, _sampling, deterministic, _stored, _single, default);
            ToEnvironmentAction(_stored, action, clip: true);
            return;
        }

        _net.Act(observation, 1, default, _sampling, deterministic, action, _single, default);
        if (IsContinuous)
        {
            Clip(action);
        }
    }

    /// <inheritdoc />
    /// <remarks>All actions are allowed; see <see cref="Decide(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>.</remarks>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => Decide(features, default, probabilities, explore);

    /// <summary>
    /// Chooses an allowed discrete action from the distribution <see cref="GetProbabilities(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>
    /// reports, with one uniform from a generator seeded for this decision alone (<see cref="Decision.Seed"/>, derived
    /// from the agent's seed and <see cref="Decision.Sequence"/>); the networks and the training generators are untouched.
    /// </summary>
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action, or empty to allow all; at least one must be set. For a multi-discrete agent, one flag per component value (<see cref="ActionMaskLength"/>), at least one per component.</param>
    /// <param name="probabilities">Empty, or at least <see cref="ActionCount"/> long: receives the distribution the action was drawn from.</param>
    /// <param name="explore">Sample the categorical when <see langword="true"/>; take the most likely action (ties uniform) otherwise.</param>
    /// <returns>The action, its probability, its logit as the score (for a multi-discrete agent the joint index, the product of the component probabilities and the sum of the chosen components' logits), whether it is not a most likely action, the sequence and the seed.</returns>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the mask allows nothing.</exception>
    public Decision Decide(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, Span<double> probabilities, bool explore = true)
    {
        RequireDiscrete();
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: true);
        if (probabilities.IsEmpty && _decideProbabilities.Length < ActionCount)
        {
            _decideProbabilities = new double[ActionCount];
        }

        Span<double> distribution = probabilities.IsEmpty ? _decideProbabilities : probabilities[..ActionCount];
        ReadOnlySpan<float> logits = Distribution(features, actionMask, explore, distribution);
        Random random = _decisions.Begin(out long sequence, out ulong seed);
        int action = DiscreteDistribution.Draw(distribution, random);
        _decisions.Complete(sequence);
        return new Decision(action, distribution[action], Score(logits, action), !DiscreteDistribution.IsMode(distribution, action), sequence, seed);
    }

    /// <inheritdoc />
    /// <remarks>All actions are allowed; see <see cref="GetProbabilities(ReadOnlySpan{float}, ReadOnlySpan{bool}, Span{double}, bool)"/>.</remarks>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true) => GetProbabilities(features, default, probabilities, explore);

    /// <summary>
    /// Writes the actor's categorical distribution π(·|s) = softmax(logits) over the allowed actions (masked actions
    /// 0), or with <paramref name="explore"/> false the greedy one: 1/|ties| on each most likely allowed action.
    /// For a multi-discrete agent, the joint distribution π(a|s) = Π_c π_c(a_c|s) in the joint index order of
    /// <see cref="MultiDiscreteSpace.ToJointIndex"/> (greedy: the product of the components' greedy distributions).
    /// Uses no randomness and changes nothing.
    /// </summary>
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="actionMask">One flag per action, or empty to allow all; at least one must be set. For a multi-discrete agent, one flag per component value (<see cref="ActionMaskLength"/>), at least one per component.</param>
    /// <param name="probabilities">At least <see cref="ActionCount"/> long.</param>
    /// <param name="explore">Whether to report the sampling or the greedy distribution.</param>
    /// <exception cref="InvalidOperationException">The agent is continuous.</exception>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the mask allows nothing.</exception>
    public void GetProbabilities(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, Span<double> probabilities, bool explore = true)
    {
        RequireDiscrete();
        DiscreteDistribution.CheckBuffer(probabilities, ActionCount, allowEmpty: false);
        Distribution(features, actionMask, explore, probabilities[..ActionCount]);
    }

    /// <summary>
    /// Writes an action drawn from the diagonal Gaussian N(μ(s), diag σ²) (or μ(s) when not exploring) and returns its
    /// log-density Σᵢ −(aᵢ − μᵢ)²/(2σᵢ²) − log σᵢ − ½ log 2π. The action is not clipped: as in SB3, the policy is the
    /// unbounded Gaussian (its log-probabilities stay exact) and the action box is applied only when an action is sent
    /// to the environment (<see cref="Predict(ReadOnlySpan{float}, Span{float}, bool)"/> and <see cref="PolicyEvaluation"/> clip).
    /// The draw uses a generator seeded for this decision alone (from the agent's seed and <see cref="DecisionCount"/>).
    /// A composite agent writes its action vector in the order of the space's parts (a discrete part's value, a
    /// multi-discrete part's component values, a box part's unclipped Gaussian values) and returns its log-density
    /// with respect to counting measure on the discrete parts times Lebesgue measure on the box parts: the sum of the
    /// chosen categorical values' log-probabilities and the Gaussian block's log-density (greedy: every mode and the
    /// mean, a point mass, +∞).
    /// </summary>
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="action">Receives <see cref="ActionDimension"/> values.</param>
    /// <param name="explore">Whether to sample (otherwise the mean, a point mass).</param>
    /// <returns>The log-density of the written action; <see cref="double.PositiveInfinity"/> when not exploring.</returns>
    /// <exception cref="InvalidOperationException">The agent is discrete.</exception>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public double Decide(ReadOnlySpan<float> features, Span<float> action, bool explore = true)
    {
        RequireContinuous();
        CheckFeatures(features);
        if (action.Length != ActionDimension)
        {
            throw new ArgumentException($"action must hold {ActionDimension} values, has {action.Length}.", nameof(action));
        }

        if (IsComposite)
        {
            Random draws = _decisions.Begin(out long decision, out _);
            _net.Act(features, 1, default, draws, deterministic: !explore, _stored, _single, default);
            double density = explore ? CompositeLogDensity(features, _stored) : double.PositiveInfinity;
            ToEnvironmentAction(_stored, action, clip: false);
            _decisions.Complete(decision);
            return density;
        }

        ReadOnlySpan<float> mean = _net.Actor.Forward(features, 1)[..ActionDimension];
        Random random = _decisions.Begin(out long sequence, out _);
        double logDensity = double.PositiveInfinity;
        if (explore)
        {
            DiagonalGaussianDistribution.Sample(mean, _net.LogStd!.Values, random, action);
            logDensity = DiagonalGaussianDistribution.LogProbability(mean, _net.LogStd!.Values, action);
        }
        else
        {
            mean.CopyTo(action);
        }

        _decisions.Complete(sequence);
        return logDensity;
    }

    /// <summary>
    /// Returns the log-density of the unclipped <paramref name="action"/> under N(μ(s), diag σ²); uses no randomness and
    /// changes nothing. For a composite agent, the action is in the order of the space's parts (see
    /// <see cref="Decide(ReadOnlySpan{float}, Span{float}, bool)"/>); a discrete value that is not an integer of its
    /// part's range has log-density −∞.
    /// </summary>
    /// <param name="features">The observation; length <see cref="ObservationDimension"/>, finite.</param>
    /// <param name="action"><see cref="ActionDimension"/> finite values (any real vector: the Gaussian's support is unbounded).</param>
    /// <returns>log π(action | s), in nats.</returns>
    /// <exception cref="InvalidOperationException">The agent is discrete.</exception>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    public double LogDensity(ReadOnlySpan<float> features, ReadOnlySpan<float> action)
    {
        RequireContinuous();
        CheckFeatures(features);
        VectorChecks.RequireFinite(action, ActionDimension, nameof(action));
        if (IsComposite)
        {
            Span<float> stored = stackalloc float[ActionDimension];
            for (int i = 0; i < stored.Length; i++)
            {
                float value = action[_positions[i]] - _starts[i];
                if (i < _counts.Length && (value != MathF.Round(value) || value < 0 || value >= _counts[i]))
                {
                    return double.NegativeInfinity;
                }

                stored[i] = value;
            }

            return CompositeLogDensity(features, stored);
        }

        ReadOnlySpan<float> mean = _net.Actor.Forward(features, 1)[..ActionDimension];
        return DiagonalGaussianDistribution.LogProbability(mean, _net.LogStd!.Values, action);
    }

    // Σ_c log π_c(a_c|s) + log N(a_box; μ(s), diag σ²) of a stored composite action (categoricals, then the Gaussian block).
    private double CompositeLogDensity(ReadOnlySpan<float> features, ReadOnlySpan<float> stored)
    {
        ReadOnlySpan<float> outputs = _net.Actor.Forward(features, 1)[.._net.PolicyOutputs];
        double logDensity = 0;
        int offset = 0;
        for (int c = 0; c < _counts.Length; c++)
        {
            logDensity += CategoricalDistribution.LogProbability(outputs.Slice(offset, _counts[c]), default, (int)stored[c]);
            offset += _counts[c];
        }

        return logDensity + DiagonalGaussianDistribution.LogProbability(outputs[offset..], _net.LogStd!.Values, stored[_counts.Length..]);
    }

    // The logits and the sampling (softmax) or greedy distribution; validates first, so nothing is written on bad input.
    private ReadOnlySpan<float> Distribution(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, bool explore, Span<double> probabilities)
    {
        CheckFeatures(features);
        if (IsMultiDiscrete)
        {
            return JointDistribution(features, actionMask, explore, probabilities);
        }

        if (!actionMask.IsEmpty)
        {
            if (actionMask.Length != ActionCount)
            {
                throw new ArgumentException($"actionMask must hold {ActionCount} flags or none, has {actionMask.Length}.", nameof(actionMask));
            }

            if (!actionMask.Contains(true))
            {
                throw new ArgumentException("actionMask allows no action; at least one must be allowed.", nameof(actionMask));
            }
        }

        ReadOnlySpan<float> logits = _net.Actor.Forward(features, 1)[..ActionCount];
        if (explore)
        {
            DiscreteDistribution.Softmax(logits, actionMask, probabilities);
        }
        else
        {
            DiscreteDistribution.EpsilonGreedy(logits, actionMask, 0.0, probabilities);
        }

        return logits;
    }

    // The outer product of the component distributions (softmax or greedy) in joint index order: the last component
    // varies fastest, as in MultiDiscreteSpace.ToJointIndex. Returns the concatenated component logits.
    private ReadOnlySpan<float> JointDistribution(ReadOnlySpan<float> features, ReadOnlySpan<bool> actionMask, bool explore, Span<double> probabilities)
    {
        CheckMask(actionMask, nameof(actionMask));
        ReadOnlySpan<int> counts = _multiDiscrete!.Counts;
        ReadOnlySpan<float> logits = _net.Actor.Forward(features, 1)[.._maskWidth];
        Span<double> components = _maskWidth <= 256 ? stackalloc double[_maskWidth] : new double[_maskWidth];
        int offset = 0;
        foreach (int count in counts)
        {
            ReadOnlySpan<bool> mask = actionMask.IsEmpty ? default : actionMask.Slice(offset, count);
            if (explore)
            {
                DiscreteDistribution.Softmax(logits.Slice(offset, count), mask, components.Slice(offset, count));
            }
            else
            {
                DiscreteDistribution.EpsilonGreedy(logits.Slice(offset, count), mask, 0.0, components.Slice(offset, count));
            }

            offset += count;
        }

        // Expand one component at a time: after component c, entries [0, n₀·…·n_c) hold the joint of components 0…c.
        probabilities[0] = 1.0;
        int filled = 1;
        offset = 0;
        foreach (int count in counts)
        {
            for (int i = filled - 1; i >= 0; i--)
            {
                double prefix = probabilities[i];
                for (int v = count - 1; v >= 0; v--)
                {
                    probabilities[(i * count) + v] = prefix * components[offset + v];
                }
            }

            filled *= count;
            offset += count;
        }

        return logits;
    }

    // The score of a decision: the action's logit, or for a multi-discrete agent the sum of its components' logits.
    private double Score(ReadOnlySpan<float> logits, int action)
    {
        if (!IsMultiDiscrete)
        {
            return logits[action];
        }

        ReadOnlySpan<int> counts = _multiDiscrete!.Counts;
        double score = 0;
        int offset = _maskWidth;
        for (int c = counts.Length - 1; c >= 0; c--)
        {
            offset -= counts[c];
            score += logits[offset + (action % counts[c])];
            action /= counts[c];
        }

        return score;
    }

    // A multi-discrete mask: empty, or one flag per component value with at least one allowed per component.
    private void CheckMask(ReadOnlySpan<bool> mask, string paramName)
    {
        if (mask.IsEmpty)
        {
            return;
        }

        if (mask.Length != _maskWidth)
        {
            throw new ArgumentException($"{paramName} must hold {_maskWidth} flags (one per component value) or none, has {mask.Length}.", paramName);
        }

        int offset = 0;
        ReadOnlySpan<int> counts = _counts;
        for (int c = 0; c < counts.Length; c++)
        {
            if (!mask.Slice(offset, counts[c]).Contains(true))
            {
                throw new ArgumentException($"{paramName} allows no value of component {c} (flags {offset}…{offset + counts[c] - 1}); at least one per component must be allowed.", paramName);
            }

            offset += counts[c];
        }
    }

    // The joint index of component values stored as floats.
    private int JointIndex(ReadOnlySpan<float> components)
    {
        ReadOnlySpan<int> counts = _multiDiscrete!.Counts;
        int index = 0;
        for (int c = 0; c < counts.Length; c++)
        {
            index = (index * counts[c]) + (int)components[c];
        }

        return index;
    }

    // Splits a composite space into categorical components (Discrete and MultiDiscrete parts) and a Gaussian block (Box parts).
    private static (int[] Counts, int[] Positions, float[] Starts, float[] Low, float[] High) CompositeLayout(CompositeSpace composite)
    {
        var counts = new List<int>();
        var categoricalPositions = new List<int>();
        var starts = new List<float>();
        var gaussianPositions = new List<int>();
        var low = new List<float>();
        var high = new List<float>();
        int position = 0;
        foreach ((string name, Space space) in composite.Parts)
        {
            switch (space)
            {
                case DiscreteSpace discrete:
                    counts.Add(discrete.Count);
                    categoricalPositions.Add(position++);
                    starts.Add(discrete.Start);
                    break;
                case MultiDiscreteSpace multiDiscrete:
                    foreach (int count in multiDiscrete.Counts)
                    {
                        counts.Add(count);
                        categoricalPositions.Add(position++);
                        starts.Add(0);
                    }

                    break;
                case BoxSpace box:
                    for (int i = 0; i < box.FlatDimension; i++)
                    {
                        gaussianPositions.Add(position++);
                        low.Add(box.Low[i]);
                        high.Add(box.High[i]);
                    }

                    break;
                default:
                    throw new ArgumentException($"Part '{name}' is a {space}; a composite action space may hold Discrete, MultiDiscrete and Box parts only.", nameof(composite));
            }
        }

        if (counts.Count == 0 || low.Count == 0)
        {
            throw new ArgumentException($"The composite action space {composite} needs at least one discrete and one box part; use the Discrete, MultiDiscrete or Box agents otherwise.", nameof(composite));
        }

        starts.AddRange(new float[low.Count]);
        return ([.. counts], [.. categoricalPositions, .. gaussianPositions], [.. starts], [.. low], [.. high]);
    }

    // A stored composite action (categoricals, then the Gaussian block) in the environment's order: discrete values
    // shifted by their part's start, Gaussian values clipped to their box when asked.
    private void ToEnvironmentAction(ReadOnlySpan<float> stored, Span<float> action, bool clip)
    {
        int k = _counts.Length;
        for (int i = 0; i < stored.Length; i++)
        {
            float value = stored[i] + _starts[i];
            action[_positions[i]] = clip && i >= k ? Math.Clamp(value, _low[i - k], _high[i - k]) : value;
        }
    }

    private void RequireDiscrete()
    {
        if (IsContinuous || IsComposite)
        {
            throw new InvalidOperationException("This agent acts in a continuous action space; use the IContinuousPolicy members (Decide with an action buffer, LogDensity).");
        }
    }

    private void RequireContinuous()
    {
        if (!IsContinuous && !IsComposite)
        {
            throw new InvalidOperationException("This agent acts in a discrete action space; use the IPolicy members (Decide with a probabilities buffer, GetProbabilities).");
        }
    }

    private void CheckFeatures(ReadOnlySpan<float> features)
        => VectorChecks.RequireFinite(features, ObservationDimension, nameof(features));

    /// <summary>Returns the critic's value estimate V(<paramref name="observation"/>).</summary>
    /// <param name="observation">The observation; length <see cref="ObservationDimension"/>.</param>
    /// <returns>V(s).</returns>
    public double Value(ReadOnlySpan<float> observation)
    {
        CheckObservation(observation);
        _net.Values(observation, 1, _single);
        return _single[0];
    }

    /// <summary>
    /// Evaluates the policy with <see cref="PolicyEvaluation"/> as the discrete or continuous policy it is (the agent
    /// implements both contracts, so this saves the caller a cast).
    /// </summary>
    /// <param name="environment">The evaluation environment.</param>
    /// <param name="episodes">The number of episodes, at least 1.</param>
    /// <param name="seed">The seed of the first reset.</param>
    /// <param name="deterministic">Whether to act with the mode (the default) or sample.</param>
    /// <returns>The returns and lengths.</returns>
    /// <exception cref="NotSupportedException">The agent acts in a composite space (use <see cref="Decide(ReadOnlySpan{float}, Span{float}, bool)"/> or <see cref="Predict(ReadOnlySpan{float}, Span{float}, bool)"/>).</exception>
    public EvaluationResult Evaluate(IEnvironment environment, int episodes, long seed, bool deterministic = true) => IsComposite
        ? throw new NotSupportedException("PolicyEvaluation has no composite-action overload; step the environment with Predict or Decide.")
        : IsContinuous
        ? PolicyEvaluation.Evaluate((IContinuousPolicy)this, environment, episodes, seed, deterministic)
        : this is IMultiDiscretePolicy multiDiscrete
            ? PolicyEvaluation.Evaluate(multiDiscrete, environment, episodes, seed, deterministic)
            : PolicyEvaluation.Evaluate((IPolicy)this, environment, episodes, seed, deterministic);

    /// <summary>Trains on one environment (a one-copy vector environment); see <see cref="Learn(SyncVectorEnvironment, long, IEnumerable{TrainingCallback}?, IProgress{TrainingProgress}?)"/>.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="totalSteps">The environment steps of this run; at least 1.</param>
    /// <param name="callbacks">Callbacks; any may stop the run early.</param>
    /// <param name="progress">Receives progress at every episode end and when the run ends.</param>
    /// <returns>The run's progress and episode returns.</returns>
    public TrainingResult Learn(IEnvironment environment, long totalSteps, IEnumerable<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Learn(_ => environment, 1, totalSteps, callbacks, progress);
    }

    /// <summary>Trains on <see cref="OnPolicyOptions.Environments"/> copies made by <paramref name="factory"/>; masks are read from copies that implement <see cref="IActionMaskProvider"/>.</summary>
    /// <param name="factory">Creates copy <c>i</c>; each call must return a new environment.</param>
    /// <param name="totalSteps">The environment steps of this run (over all copies); at least 1.</param>
    /// <param name="callbacks">Callbacks; any may stop the run early.</param>
    /// <param name="progress">Receives progress at every episode end and when the run ends.</param>
    /// <returns>The run's progress and episode returns.</returns>
    public TrainingResult Learn(Func<int, IEnvironment> factory, long totalSteps, IEnumerable<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
        => Learn(factory, _options.Environments, totalSteps, callbacks, progress);

    /// <summary>
    /// Trains on a vector environment for at least <paramref name="totalSteps"/> environment steps: whole rollouts
    /// are collected (so the run may overshoot by less than one rollout, as SB3's does), each followed by an update.
    /// A callback that stops the run ends it before the next update.
    /// </summary>
    /// <param name="environments">The environments; their spaces must match the agent.</param>
    /// <param name="totalSteps">The environment steps of this run (over all copies); at least 1.</param>
    /// <param name="callbacks">Callbacks; any may stop the run early.</param>
    /// <param name="progress">Receives progress at every episode end and when the run ends.</param>
    /// <returns>The run's progress and episode returns.</returns>
    /// <exception cref="ArgumentException">The environments' spaces do not match the agent.</exception>
    /// <exception cref="InvalidOperationException">An environment returned a reward or an observation value that is not finite
    /// or is beyond ±1e15 (the agents' numeric domain: a reward of 1e39 would become +∞ as a float); the step is not stored.</exception>
    public TrainingResult Learn(SyncVectorEnvironment environments, long totalSteps, IEnumerable<TrainingCallback>? callbacks = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(environments);
        return Run(environments, new IActionMaskProvider?[environments.Count], totalSteps, callbacks, progress);
    }

    private TrainingResult Learn(Func<int, IEnvironment> factory, int count, long totalSteps, IEnumerable<TrainingCallback>? callbacks, IProgress<TrainingProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var masks = new IActionMaskProvider?[count];
        var vector = new SyncVectorEnvironment(count, i =>
        {
            IEnvironment environment = factory(i);
            masks[i] = environment as IActionMaskProvider;
            return environment;
        });
        return Run(vector, masks, totalSteps, callbacks, progress);
    }

    private TrainingResult Run(SyncVectorEnvironment environments, IActionMaskProvider?[] maskProviders, long totalSteps, IEnumerable<TrainingCallback>? callbacks, IProgress<TrainingProgress>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        CheckSpaces(environments);
        int n = environments.Count;
        if (n > _options.Environments)
        {
            throw new ArgumentException($"The vector environment has {n} copies; the agent was built for at most options.Environments = {_options.Environments}.", nameof(environments));
        }

        int d = ObservationDimension;
        int width = _net.ActionWidth;
        bool masked = !IsContinuous && maskProviders.Any(m => m is not null);
        int maskLength = masked ? _maskWidth : 0;
        if (_buffer is null || _buffer.Environments != n || _buffer.MaskLength != maskLength)
        {
            _buffer = new RolloutBuffer(_options.NSteps, n, d, width, maskLength);
        }

        var session = new TrainingSession(this, totalSteps, n, callbacks, progress, _options.TimeProvider);
        var observations = new float[n * d];
        var next = new float[n * d];
        var actions = new float[n * width];
        var clipped = new float[n * width];
        var discreteActions = new int[n];
        var rewards = new float[n];
        var values = new float[n];
        var logProbabilities = new float[n];
        var starts = new bool[n];
        var dones = new bool[n];
        var results = new StepResult[n];
        var masks = new bool[n * maskLength];
        var nextMasks = new bool[n * maskLength];
        var finalValue = new float[1];
        environments.Reset(_everReset ? null : _environmentSeed, observations);
        _everReset = true;
        for (int e = 0; e < n; e++)
        {
            NumericDomain.RequireEnvironmentObservation(observations.AsSpan(e * ObservationDimension, ObservationDimension), e, _timesteps);
        }
        starts.AsSpan().Fill(true);
        ReadMasks(maskProviders, masks);
        session.Start();
        while (!session.Done)
        {
            // Collect one rollout (SB3's collect_rollouts).
            _buffer.Reset();
            OnRolloutStart(n);
            bool stopped = false;
            while (!_buffer.IsFull)
            {
                _net.Act(observations, n, masks, _sampling, deterministic: false, actions, logProbabilities, values);
                if (IsContinuous)
                {
                    actions.CopyTo(clipped, 0);
                    for (int e = 0; e < n; e++)
                    {
                        Clip(clipped.AsSpan(e * width, width));
                    }

                    environments.Step(clipped, next, results);
                }
                else if (IsComposite)
                {
                    for (int e = 0; e < n; e++)
                    {
                        ToEnvironmentAction(actions.AsSpan(e * width, width), clipped.AsSpan(e * width, width), clip: true);
                    }

                    environments.Step(clipped, next, results);
                }
                else if (IsMultiDiscrete)
                {
                    // A multi-discrete environment receives the component values as floats (Gymnasium's MultiDiscrete int array).
                    environments.Step(actions, next, results);
                }
                else
                {
                    for (int e = 0; e < n; e++)
                    {
                        discreteActions[e] = (int)actions[e];
                    }

                    environments.Step(discreteActions, next, results);
                }

                for (int e = 0; e < n; e++)
                {
                    StepResult result = results[e];
                    // Checked before the step is stored: the reward becomes a float (1e39 would be +∞) and the observation a network input.
                    NumericDomain.RequireEnvironmentReward(result.Reward, e, _timesteps);
                    NumericDomain.RequireEnvironmentObservation(next.AsSpan(e * ObservationDimension, ObservationDimension), e, _timesteps);

                    double reward = result.Reward;
                    if (result.Truncated && !result.Terminated)
                    {
                        // SB3's timeout bootstrap: the cut episode keeps the value of the state it was cut in.
                        _net.Values(environments.FinalObservation(e), 1, finalValue);
                        reward += _options.Gamma * finalValue[0];
                    }

                    if (!NumericDomain.IsReward(reward))
                    {
                        // The timeout bootstrap added γ·V(s) to an accepted reward: a value estimate this large means diverged weights.
                        throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"The bootstrapped reward of environment {e} at step {_timesteps} is {reward}; the value estimate has diverged."));
                    }

                    rewards[e] = (float)reward;
                    dones[e] = result.EpisodeEnded;
                    session.Record(e, result);
                }

                OnStep(environments, observations, IsContinuous || IsComposite ? clipped : actions, results, starts);
                _buffer.Add(observations, actions, rewards, starts, values, logProbabilities, masks);
                _timesteps += n;
                (observations, next) = (next, observations);
                dones.CopyTo(starts, 0);
                if (masked)
                {
                    ReadMasks(maskProviders, nextMasks);
                    (masks, nextMasks) = (nextMasks, masks);
                }

                if (!session.EndStep())
                {
                    stopped = true;
                    break;
                }

                if (EndsRollout(results))
                {
                    break;
                }
            }

            if (stopped)
            {
                break;
            }

            _net.Values(observations, n, values);
            _buffer.ComputeReturnsAndAdvantages(values, dones, _options.Gamma, _options.GaeLambda);
            OnRolloutEnd(_buffer, observations, dones);

            // SB3's progress_remaining, clamped at 0 for the overshoot of the last rollout.
            Train(_buffer, Math.Max(0.0, 1.0 - ((double)session.Step / totalSteps)));
            session.GradientSteps = _gradientSteps;
        }

        return session.Finish();
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(ObservationDimension);
        writer.WriteInt32(ActionCount);
        writer.WriteInt32(ActionKind);
        writer.WriteInt32s([.. _options.PolicyHiddenSizes]);
        writer.WriteInt32s([.. _options.ValueHiddenSizes]);
        if (IsMultiDiscrete)
        {
            writer.WriteInt32s(_multiDiscrete!.Counts);
        }
        else if (IsComposite)
        {
            writer.WriteString(_composite!.ToString());
        }

        writer.WriteInt64(_timesteps);
        writer.WriteInt64(_gradientSteps);
        writer.WriteBoolean(_everReset);
        Span<byte> state = stackalloc byte[32];
        _sampling.GetState(state);
        writer.WriteBytes(state);
        _shuffling.GetState(state);
        writer.WriteBytes(state);
        writer.WriteSingles(_net.LogStd is null ? [] : _net.LogStd.Values);
        writer.WriteBytes(Snapshot.ToBytes(_net.Actor, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_net.Critic, _options.TimeProvider));
        writer.WriteBytes(Snapshot.ToBytes(_optimizer, _options.TimeProvider));
        if (HasExtraSnapshot)
        {
            writer.WriteBytes(ExtraSnapshot());
        }
        _decisions.Write(writer);
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int observations = reader.ReadInt32();
        int actions = reader.ReadInt32();
        int continuous = reader.ReadInt32();
        int[] policyHidden = reader.ReadInt32s();
        int[] valueHidden = reader.ReadInt32s();
        int[] counts = IsMultiDiscrete && continuous == ActionKind ? reader.ReadInt32s() : [];
        string? composite = IsComposite && continuous == ActionKind ? reader.ReadString() : null;
        if (observations != ObservationDimension || actions != ActionCount || continuous != ActionKind
            || (IsMultiDiscrete && !counts.AsSpan().SequenceEqual(_multiDiscrete!.Counts))
            || (IsComposite && composite != _composite!.ToString())
            || !policyHidden.AsSpan().SequenceEqual([.. _options.PolicyHiddenSizes]) || !valueHidden.AsSpan().SequenceEqual([.. _options.ValueHiddenSizes]))
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture,
                $"The snapshot is of an agent with {observations} observations, {actions} actions, action dimension {continuous}{(counts.Length > 0 ? $" (components [{string.Join(", ", counts)}])" : "")}, policy [{string.Join(", ", policyHidden)}] and value [{string.Join(", ", valueHidden)}]; this agent does not match."));
        }

        long timesteps = reader.ReadInt64();
        long gradientSteps = reader.ReadInt64();
        bool everReset = reader.ReadBoolean();
        byte[] sampling = reader.ReadBytes();
        byte[] shuffling = reader.ReadBytes();
        float[] logStd = reader.ReadSingles();
        byte[] actor = reader.ReadBytes();
        byte[] critic = reader.ReadBytes();
        byte[] optimizer = reader.ReadBytes();
        byte[]? extra = HasExtraSnapshot ? reader.ReadBytes() : null;
        Action? commitDecisions = version >= 2 ? _decisions.Read(reader) : null;
        reader.EnsureEnd();
        if (timesteps < 0 || gradientSteps < 0 || sampling.Length != 32 || shuffling.Length != 32 || logStd.Length != (_net.LogStd?.Length ?? 0) || !logStd.All(float.IsFinite))
        {
            throw new SnapshotException("The snapshot's counters, generator states or log σ are out of range.");
        }

        // Parse everything into scratch objects first, so a bad part leaves this agent untouched.
        var scratch = new ActorCritic(ObservationDimension, _net.ActionCount, IsContinuous ? ActionDimension : _net.GaussianDimension, _options.PolicyHiddenSizes, _options.ValueHiddenSizes, _options.Activation, _net.Actor.MaxBatchSize, 0, 0, _options.SharedNetwork, _net.ComponentCounts);
        Snapshot.Load(scratch.Actor, actor);
        Snapshot.Load(scratch.Critic, critic);
        Snapshot.Load(_optimizerFactory(scratch.Parameters), optimizer);
        Action? commitExtra = extra is null ? null : ParseExtraSnapshot(extra);

        Snapshot.Load(_net.Actor, actor);
        Snapshot.Load(_net.Critic, critic);
        Snapshot.Load(_optimizer, optimizer);
        logStd.CopyTo(_net.LogStd is null ? [] : _net.LogStd.Values);
        _sampling.SetState(sampling);
        _shuffling.SetState(shuffling);
        _timesteps = timesteps;
        _gradientSteps = gradientSteps;
        _everReset = everReset;
        commitExtra?.Invoke();
        commitDecisions?.Invoke();
    }

    // The snapshot's action-kind field: the box dimension, 0 for one categorical, −(components) for a multi-discrete agent
    // (whose counts follow the hidden sizes), −2²⁰ − (action length) for a composite one (whose space's text follows them).
    private int ActionKind => IsContinuous ? ActionDimension : IsMultiDiscrete ? -ActionDimension : IsComposite ? -(1 << 20) - ActionDimension : 0;

    /// <summary>The algorithm's update over a full rollout whose advantages and returns are computed.</summary>
    /// <param name="buffer">The rollout.</param>
    /// <param name="progressRemaining">1 − steps done / steps asked for, in [0, 1] (SB3's <c>progress_remaining</c>).</param>
    internal abstract void Train(RolloutBuffer buffer, double progressRemaining);

    /// <summary>Called before each rollout with the number of environments.</summary>
    private protected virtual void OnRolloutStart(int environments)
    {
    }

    /// <summary>Called after each vector step, before the step is stored: the observations acted in, the actions sent (clipped when continuous), the results, and which observations started an episode.</summary>
    private protected virtual void OnStep(SyncVectorEnvironment environments, ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<StepResult> results, ReadOnlySpan<bool> starts)
    {
    }

    /// <summary>Called once a rollout's advantages are computed, before <see cref="Train"/>, with the observations after the last step and whether that step ended each episode.</summary>
    private protected virtual void OnRolloutEnd(RolloutBuffer buffer, ReadOnlySpan<float> lastObservations, ReadOnlySpan<bool> dones)
    {
    }

    /// <summary>Called after each stored step; returning <see langword="true"/> ends the rollout before the buffer is full (REINFORCE ends it at episode ends).</summary>
    private protected virtual bool EndsRollout(ReadOnlySpan<StepResult> results) => false;

    /// <summary>
    /// One gradient step on the whole rollout (SB3's <c>A2C.train</c>): L = −mean(Â·log π(a|s)) + c_v·mean((R − V(s))²)
    /// − c_e·mean(H), with Â the advantages (normalized over the rollout when asked), then global gradient clipping.
    /// </summary>
    /// <returns>The policy and value losses.</returns>
    private protected (double PolicyLoss, double ValueLoss) WholeRolloutStep(RolloutBuffer buffer, bool normalizeAdvantage)
    {
        int b = buffer.Count;
        int d = ObservationDimension;
        int width = _net.ActionWidth;
        int maskLength = buffer.MaskLength;
        Span<int> rows = Permutation(b);
        for (int i = 0; i < b; i++)
        {
            rows[i] = i;
        }

        Gather(buffer, rows, d, width, maskLength);
        ReadOnlySpan<float> actions = _batchActions.AsSpan(0, b * width);
        ReadOnlySpan<bool> masks = _batchMasks.AsSpan(0, b * maskLength);
        Span<float> logProbabilities = _batchLogProbabilities.AsSpan(0, b);
        Span<float> predicted = _batchValues.AsSpan(0, b);
        _net.Evaluate(_batchObservations.AsSpan(0, b * d), b, actions, masks, logProbabilities, _batchEntropies.AsSpan(0, b), predicted);
        Span<float> advantages = _batchAdvantages.AsSpan(0, b);
        if (normalizeAdvantage && b > 1)
        {
            Normalize(advantages);
        }

        double inverse = 1.0 / b;
        double policyLoss = 0;
        double valueLoss = 0;
        ReadOnlySpan<float> returns = buffer.Returns;
        for (int i = 0; i < b; i++)
        {
            policyLoss -= advantages[i] * logProbabilities[i];
            _logProbabilityWeights[i] = (float)(-advantages[i] * inverse);
            double error = predicted[i] - returns[i];
            valueLoss += error * error;
            _valueGradients[i] = (float)(_options.ValueCoefficient * 2 * error * inverse);
        }

        _net.Backward(b, actions, masks, _logProbabilityWeights.AsSpan(0, b), (float)(-_options.EntropyCoefficient * inverse), _valueGradients.AsSpan(0, b));
        GradientClipping.ClipByGlobalNorm(_net.Parameters, _options.MaxGradNorm);
        _optimizer.Step();
        CountGradientStep();
        return (policyLoss * inverse, valueLoss * inverse);
    }

    /// <summary>The advantages the update reads for a rollout (the buffer's GAE by default).</summary>
    private protected virtual ReadOnlySpan<float> Advantages(RolloutBuffer buffer) => buffer.Advantages;

    /// <summary>Whether a derived agent writes extra snapshot state after the base state.</summary>
    private protected virtual bool HasExtraSnapshot => false;

    /// <summary>A derived agent's extra snapshot state (called only when <see cref="HasExtraSnapshot"/>).</summary>
    private protected virtual byte[] ExtraSnapshot() => [];

    /// <summary>Parses extra state written by <see cref="ExtraSnapshot"/> without changing the agent; returns the action that applies it.</summary>
    /// <exception cref="SnapshotException">The data is invalid.</exception>
    private protected virtual Action ParseExtraSnapshot(byte[] data) => throw new SnapshotException("This agent keeps no extra snapshot state.");

    /// <summary>Counts one optimizer step.</summary>
    private protected void CountGradientStep()
    {
        _gradientSteps++;
        AgentMetrics.Updated(this);
    }

    /// <summary>Makes sure the permutation holds <paramref name="count"/> entries.</summary>
    private protected Span<int> Permutation(int count)
    {
        if (_permutation.Length < count)
        {
            _permutation = new int[count];
        }

        return _permutation.AsSpan(0, count);
    }

    private protected void Gather(RolloutBuffer buffer, ReadOnlySpan<int> rows, int d, int width, int maskLength)
    {
        ReadOnlySpan<float> observations = buffer.Observations;
        ReadOnlySpan<float> actions = buffer.Actions;
        ReadOnlySpan<bool> masks = buffer.ActionMasks;
        ReadOnlySpan<float> advantages = Advantages(buffer);
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            observations.Slice(row * d, d).CopyTo(_batchObservations.AsSpan(i * d, d));
            actions.Slice(row * width, width).CopyTo(_batchActions.AsSpan(i * width, width));
            if (maskLength > 0)
            {
                masks.Slice(row * maskLength, maskLength).CopyTo(_batchMasks.AsSpan(i * maskLength, maskLength));
            }

            _batchAdvantages[i] = advantages[row];
        }
    }

    // (A − mean) / (std + 1e-8) with PyTorch's unbiased standard deviation, as SB3.
    private protected static void Normalize(Span<float> values)
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

        double std = Math.Sqrt(squares / (values.Length - 1));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((values[i] - mean) / (std + 1e-8));
        }
    }

    // A uniformly random permutation (Fisher–Yates) from the shuffling generator.
    private protected void Shuffle(Span<int> permutation)
    {
        for (int i = 0; i < permutation.Length; i++)
        {
            permutation[i] = i;
        }

        for (int i = permutation.Length - 1; i > 0; i--)
        {
            int j = _shuffling.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
    }

    private void ReadMasks(IActionMaskProvider?[] providers, Span<bool> masks)
    {
        if (masks.IsEmpty)
        {
            return;
        }

        int a = _maskWidth;
        for (int e = 0; e < providers.Length; e++)
        {
            Span<bool> mask = masks.Slice(e * a, a);
            if (providers[e] is { } provider)
            {
                provider.GetActionMask(mask);
                if (!mask.Contains(true))
                {
                    throw new InvalidOperationException($"Environment {e} returned an action mask that allows no action.");
                }

                if (_counts.Length > 0)
                {
                    int offset = 0;
                    foreach (int count in _counts)
                    {
                        if (!mask.Slice(offset, count).Contains(true))
                        {
                            throw new InvalidOperationException($"Environment {e} returned an action mask that allows no value of a component (flags {offset}…{offset + count - 1}).");
                        }

                        offset += count;
                    }
                }
            }
            else
            {
                mask.Fill(true);
            }
        }
    }

    private void Clip(Span<float> action)
    {
        for (int i = 0; i < action.Length; i++)
        {
            action[i] = Math.Clamp(action[i], _low[i], _high[i]);
        }
    }

    private void CheckSpaces(SyncVectorEnvironment environments)
    {
        if (environments.SingleObservationSpace.FlatDimension != ObservationDimension)
        {
            throw new ArgumentException($"The environments' observations have length {environments.SingleObservationSpace.FlatDimension}, the agent expects {ObservationDimension}.", nameof(environments));
        }

        bool matches = environments.SingleActionSpace switch
        {
            DiscreteSpace discrete => !IsContinuous && !IsMultiDiscrete && discrete.Count == ActionCount && discrete.Start == 0,
            BoxSpace box => IsContinuous && box.FlatDimension == ActionDimension,
            MultiDiscreteSpace multiDiscrete => IsMultiDiscrete && multiDiscrete.Equals(_multiDiscrete),
            CompositeSpace composite => IsComposite && composite.Equals(_composite),
            _ => false,
        };
        if (!matches)
        {
            throw new ArgumentException($"The environments' action space {environments.SingleActionSpace} does not match the agent's ({(IsContinuous ? $"box of {ActionDimension}" : IsMultiDiscrete ? _multiDiscrete!.ToString() : IsComposite ? _composite!.ToString() : $"{ActionCount} actions from 0")}).", nameof(environments));
        }
    }

    private void CheckObservation(ReadOnlySpan<float> observation)
        => VectorChecks.RequireFinite(observation, ObservationDimension, nameof(observation));
}
