using RlCommons.Neural.Activations;
using RlCommons.Neural.Distributions;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Randomness;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// SB3's <c>ActorCriticPolicy</c>: an actor MLP whose outputs are a categorical's logits (discrete actions) or a
/// diagonal Gaussian's mean with a state-independent log σ (continuous actions), and a critic MLP with one output
/// V(s) — separate networks (SB3's default), or one network whose hidden layers are shared, with a policy head and a
/// value head. Orthogonal initialization with gains √2 (hidden), 0.01 (policy head) and 1 (value head), as SB3's
/// <c>ortho_init</c>.
/// </summary>
/// <remarks>
/// Multi-discrete actions (SB3's <c>MultiCategoricalDistribution</c>): the policy outputs are the concatenated logits
/// of one categorical per component, a stored action holds one component index per float, log π(a|s) is the sum of
/// the components' log-probabilities and the entropy the sum of their entropies (the components are independent given
/// s). A mask then holds one flag per component value, concatenated in component order. Composite actions add a
/// diagonal Gaussian block after the categoricals (its means follow the logits, with a state-independent log σ, and
/// its values follow the component indices in a stored action): the joint log-density and entropy add its terms.
/// </remarks>
internal sealed class ActorCritic
{
    private readonly float[] _policyGradient;
    private readonly float[] _valueGradient;
    private readonly float[] _logStdGradient;
    private readonly CategoricalBatch? _categorical;

    // Multi-discrete: each component's offset in a row of logits, and what the last Evaluate computed per row and
    // component (probabilities, log-normalizer, entropy) for Backward.
    private readonly int[] _componentOffsets = [];
    private readonly double[] _componentProbabilities = [];
    private readonly double[] _componentLogNormalizers = [];
    private readonly double[] _componentEntropies = [];

    // componentCounts: the counts of a multi-discrete action space, or null; when set, actionCount is their sum and
    // actionDimension the size of a Gaussian block after them (0 for multi-discrete, positive for a composite space).
    public ActorCritic(int observationDimension, int actionCount, int actionDimension, IReadOnlyList<int> policyHidden, IReadOnlyList<int> valueHidden, Activation activation, int maxBatch, double logStdInit, ulong seed, bool shared = false, int[]? componentCounts = null)
    {
        Shared = shared;
        Continuous = actionDimension > 0 && componentCounts is null;
        GaussianDimension = componentCounts is null ? 0 : actionDimension;
        ObservationDimension = observationDimension;
        ActionCount = actionCount;
        ActionWidth = Continuous ? actionDimension : componentCounts is null ? 1 : componentCounts.Length + actionDimension;
        PolicyOutputs = Continuous ? actionDimension : actionCount + GaussianDimension;
        ComponentCounts = componentCounts;
        if (componentCounts is not null)
        {
            _componentOffsets = new int[componentCounts.Length];
            for (int c = 1; c < componentCounts.Length; c++)
            {
                _componentOffsets[c] = _componentOffsets[c - 1] + componentCounts[c - 1];
            }

            _componentProbabilities = new double[maxBatch * actionCount];
            _componentLogNormalizers = new double[maxBatch * componentCounts.Length];
            _componentEntropies = new double[maxBatch * componentCounts.Length];
        }

        if (shared)
        {
            // One network, two heads: the policy's outputs, then V(s) in the last column.
            Actor = new Mlp(
                new MlpOptions
                {
                    InputSize = observationDimension,
                    HiddenSizes = [.. policyHidden],
                    Heads = [new MlpHead("policy", PolicyOutputs, gain: 0.01), new MlpHead("value", 1, gain: 1.0)],
                    Activation = activation,
                    MaxBatchSize = maxBatch,
                    Initialization = WeightInitialization.Orthogonal,
                },
                new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
            Critic = Actor;
        }
        else
        {
            Actor = new Mlp(
                new MlpOptions
                {
                    InputSize = observationDimension,
                    HiddenSizes = [.. policyHidden],
                    OutputSize = PolicyOutputs,
                    Activation = activation,
                    MaxBatchSize = maxBatch,
                    Initialization = WeightInitialization.Orthogonal,
                    OutputGain = 0.01,
                },
                new Xoshiro256Random(SeedSequence.Derive(seed, 0)));
            Critic = new Mlp(
                new MlpOptions
                {
                    InputSize = observationDimension,
                    HiddenSizes = [.. valueHidden],
                    OutputSize = 1,
                    Activation = activation,
                    MaxBatchSize = maxBatch,
                    Initialization = WeightInitialization.Orthogonal,
                    OutputGain = 1.0,
                },
                new Xoshiro256Random(SeedSequence.Derive(seed, 1)));
        }

        LogStd = actionDimension > 0 ? DiagonalGaussianDistribution.CreateLogStd(actionDimension, logStdInit) : null;
        IReadOnlyList<Parameter> networks = shared ? Actor.Parameters : [.. Actor.Parameters, .. Critic.Parameters];
        Parameters = LogStd is null ? networks : [.. networks, LogStd];
        _policyGradient = new float[maxBatch * Actor.OutputSize];
        _valueGradient = new float[maxBatch];
        _logStdGradient = new float[actionDimension];
        _categorical = Continuous || componentCounts is not null ? null : new CategoricalBatch(maxBatch, actionCount);
    }

    /// <summary>The component counts of a multi-discrete policy, or <see langword="null"/>.</summary>
    public int[]? ComponentCounts { get; }

    /// <summary>Whether the policy is one categorical per component of a multi-discrete action (followed by a Gaussian block when composite).</summary>
    public bool MultiDiscrete => ComponentCounts is not null;

    /// <summary>The size of a composite policy's Gaussian block (after the categoricals), or 0.</summary>
    public int GaussianDimension { get; }

    /// <summary>Whether the policy and the value share one network (<see cref="Critic"/> is <see cref="Actor"/>).</summary>
    public bool Shared { get; }

    public bool Continuous { get; }

    public int ObservationDimension { get; }

    public int ActionCount { get; }

    /// <summary>Floats per stored action: 1 (an index), the number of components (multi-discrete) or the action dimension.</summary>
    public int ActionWidth { get; }

    public int PolicyOutputs { get; }

    /// <summary>The policy network (with shared layers, the whole network).</summary>
    public Mlp Actor { get; }

    /// <summary>The value network (with shared layers, the same object as <see cref="Actor"/>).</summary>
    public Mlp Critic { get; }

    public Parameter? LogStd { get; }

    /// <summary>Every trainable parameter, for one optimizer and one global gradient norm (as SB3).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Chooses actions for <paramref name="rows"/> observations; writes actions, their log-probabilities and V(s).</summary>
    public void Act(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<bool> masks, Random random, bool deterministic, Span<float> actions, Span<float> logProbabilities, Span<float> values)
    {
        ReadOnlySpan<float> outputs = Actor.Forward(observations, rows);
        int o = PolicyOutputs;
        int stride = Actor.OutputSize;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = outputs.Slice(r * stride, o);
            if (Continuous)
            {
                Span<float> action = actions.Slice(r * ActionWidth, ActionWidth);
                if (deterministic)
                {
                    row.CopyTo(action);
                }
                else
                {
                    DiagonalGaussianDistribution.Sample(row, LogStd!.Values, random, action);
                }

                logProbabilities[r] = (float)DiagonalGaussianDistribution.LogProbability(row, LogStd!.Values, action);
            }
            else if (MultiDiscrete)
            {
                // One draw per component, in component order; log π(a|s) = Σ_c log π_c(a_c|s).
                int[] counts = ComponentCounts!;
                double logProbability = 0;
                for (int c = 0; c < counts.Length; c++)
                {
                    ReadOnlySpan<float> logits = row.Slice(_componentOffsets[c], counts[c]);
                    ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice((r * ActionCount) + _componentOffsets[c], counts[c]);
                    int action = deterministic ? CategoricalDistribution.Mode(logits, mask) : CategoricalDistribution.Sample(logits, mask, random);
                    actions[(r * ActionWidth) + c] = action;
                    logProbability += CategoricalDistribution.LogProbability(logits, mask, action);
                }

                if (GaussianDimension > 0)
                {
                    ReadOnlySpan<float> mean = row.Slice(ActionCount, GaussianDimension);
                    Span<float> action = actions.Slice((r * ActionWidth) + counts.Length, GaussianDimension);
                    if (deterministic)
                    {
                        mean.CopyTo(action);
                    }
                    else
                    {
                        DiagonalGaussianDistribution.Sample(mean, LogStd!.Values, random, action);
                    }

                    logProbability += DiagonalGaussianDistribution.LogProbability(mean, LogStd!.Values, action);
                }

                logProbabilities[r] = (float)logProbability;
            }
            else
            {
                ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice(r * ActionCount, ActionCount);
                int action = deterministic ? CategoricalDistribution.Mode(row, mask) : CategoricalDistribution.Sample(row, mask, random);
                actions[r] = action;
                logProbabilities[r] = (float)CategoricalDistribution.LogProbability(row, mask, action);
            }
        }

        if (values.IsEmpty)
        {
            return;
        }

        if (Shared)
        {
            ValueColumn(outputs, rows, values);
        }
        else
        {
            Values(observations, rows, values);
        }
    }

    /// <summary>Writes V(s) for <paramref name="rows"/> observations.</summary>
    public void Values(ReadOnlySpan<float> observations, int rows, Span<float> values)
    {
        if (Shared)
        {
            ValueColumn(Actor.Forward(observations, rows), rows, values);
        }
        else
        {
            Critic.Forward(observations, rows).CopyTo(values);
        }
    }

    /// <summary>Forward pass for a minibatch: log π(a|s), the entropy and V(s) per row; keeps what <see cref="Backward"/> needs.</summary>
    public void Evaluate(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> masks, Span<float> logProbabilities, Span<float> entropies, Span<float> values)
    {
        // The policy's outputs are read in place: row r at r·stride (with shared layers, V(s) is each row's last value).
        int o = PolicyOutputs;
        int stride = Actor.OutputSize;
        ReadOnlySpan<float> outputs = Actor.Forward(observations, rows);
        if (Shared)
        {
            ValueColumn(outputs, rows, values);
        }
        else
        {
            Critic.Forward(observations, rows).CopyTo(values);
        }

        if (Continuous)
        {
            double entropy = DiagonalGaussianDistribution.Entropy(LogStd!.Values);
            for (int r = 0; r < rows; r++)
            {
                logProbabilities[r] = (float)DiagonalGaussianDistribution.LogProbability(outputs.Slice(r * stride, o), LogStd!.Values, actions.Slice(r * ActionWidth, ActionWidth));
                entropies[r] = (float)entropy;
            }

            return;
        }

        if (MultiDiscrete)
        {
            EvaluateComponents(outputs, stride, rows, actions, masks, logProbabilities, entropies);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            if ((uint)(int)actions[r] >= (uint)ActionCount)
            {
                throw new ArgumentOutOfRangeException(nameof(actions), (int)actions[r], "A stored action is not a valid index.");
            }
        }

        // One batched normalization serves the log-probabilities, the entropies and (kept) the backward pass.
        CategoricalBatch categorical = _categorical!;
        categorical.Normalize(outputs, stride, rows, masks.IsEmpty ? default : masks[..(rows * ActionCount)]);
        ReadOnlySpan<double> logNormalizers = categorical.LogNormalizers;
        ReadOnlySpan<double> rowEntropies = categorical.Entropies;
        for (int r = 0; r < rows; r++)
        {
            int action = (int)actions[r];
            bool allowed = masks.IsEmpty || masks[(r * ActionCount) + action];
            logProbabilities[r] = allowed ? (float)(outputs[(r * stride) + action] - logNormalizers[r]) : float.NegativeInfinity;
            entropies[r] = (float)rowEntropies[r];
        }
    }

    /// <summary>
    /// Back-propagates the loss Σᵣ (wᵣ·log π(aᵣ|sᵣ) + w_H·Hᵣ + gᵣ·V(sᵣ)) through the last <see cref="Evaluate"/>,
    /// overwriting every parameter's gradient.
    /// </summary>
    public void Backward(int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> masks, ReadOnlySpan<float> logProbabilityWeights, float entropyWeight, ReadOnlySpan<float> valueGradients)
    {
        // dL/d(actor outputs), one row per observation: the policy's outputs, and with shared layers V(s) last.
        int o = PolicyOutputs;
        int stride = Actor.OutputSize;
        Span<float> gradient = _policyGradient.AsSpan(0, rows * stride);
        gradient.Clear();
        if (Continuous)
        {
            // The Gaussian's means: the network's own output buffer, still that of the last Evaluate.
            ReadOnlySpan<float> outputs = Actor.Layers[^1].Output;
            Span<float> logStdGradient = _logStdGradient;
            logStdGradient.Clear();
            for (int r = 0; r < rows; r++)
            {
                DiagonalGaussianDistribution.AccumulateGradient(outputs.Slice(r * stride, o), LogStd!.Values, actions.Slice(r * ActionWidth, ActionWidth), logProbabilityWeights[r], entropyWeight, gradient.Slice(r * stride, o), logStdGradient);
            }

            logStdGradient.CopyTo(LogStd!.Gradients);
        }
        else if (MultiDiscrete)
        {
            // ∇ of w·Σ_c log π_c(a_c) + w_H·Σ_c H_c is the sum of each component's categorical gradient on its own logits.
            ReadOnlySpan<float> outputs = Actor.Layers[^1].Output;
            int[] counts = ComponentCounts!;
            int k = counts.Length;
            int width = ActionWidth;
            Span<float> logStdGradient = _logStdGradient;
            logStdGradient.Clear();
            for (int r = 0; r < rows; r++)
            {
                if (GaussianDimension > 0)
                {
                    DiagonalGaussianDistribution.AccumulateGradient(outputs.Slice((r * stride) + ActionCount, GaussianDimension), LogStd!.Values, actions.Slice((r * width) + k, GaussianDimension), logProbabilityWeights[r], entropyWeight, gradient.Slice((r * stride) + ActionCount, GaussianDimension), logStdGradient);
                }

                for (int c = 0; c < k; c++)
                {
                    int offset = _componentOffsets[c];
                    int action = (int)actions[(r * width) + c];
                    ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice((r * ActionCount) + offset, counts[c]);
                    if (!mask.IsEmpty && !mask[action])
                    {
                        throw new ArgumentException($"Component {c}'s value {action} is masked; its log-probability is −∞.", nameof(actions));
                    }

                    CategoricalDistribution.AccumulateGradient(
                        outputs.Slice((r * stride) + offset, counts[c]), mask, action, logProbabilityWeights[r], entropyWeight, gradient.Slice((r * stride) + offset, counts[c]),
                        _componentProbabilities.AsSpan((r * ActionCount) + offset, counts[c]), _componentLogNormalizers[(r * k) + c], _componentEntropies[(r * k) + c]);
                }
            }

            if (LogStd is not null)
            {
                logStdGradient.CopyTo(LogStd.Gradients);
            }
        }
        else
        {
            if (!masks.IsEmpty)
            {
                for (int r = 0; r < rows; r++)
                {
                    int action = (int)actions[r];
                    if (!masks[(r * ActionCount) + action])
                    {
                        throw new ArgumentException($"Action {action} is masked; its log-probability is −∞.", nameof(actions));
                    }
                }
            }

            _categorical!.AccumulateGradient(masks.IsEmpty ? default : masks[..(rows * ActionCount)], actions[..rows], logProbabilityWeights[..rows], entropyWeight, gradient, stride);
        }

        if (Shared)
        {
            for (int r = 0; r < rows; r++)
            {
                gradient[(r * stride) + o] = valueGradients[r];
            }
        }

        Actor.Backward(gradient);
        if (!Shared)
        {
            valueGradients[..rows].CopyTo(_valueGradient);
            Critic.Backward(_valueGradient.AsSpan(0, rows));
        }
    }

    // Multi-discrete log π(a|s) = Σ_c log π_c(a_c|s) and H = Σ_c H_c per row, keeping each component's normalization for Backward.
    private void EvaluateComponents(ReadOnlySpan<float> outputs, int stride, int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> masks, Span<float> logProbabilities, Span<float> entropies)
    {
        int[] counts = ComponentCounts!;
        int k = counts.Length;
        int width = ActionWidth;
        double gaussianEntropy = GaussianDimension > 0 ? DiagonalGaussianDistribution.Entropy(LogStd!.Values) : 0;
        for (int r = 0; r < rows; r++)
        {
            double logProbability = 0;
            double entropy = 0;
            if (GaussianDimension > 0)
            {
                logProbability = DiagonalGaussianDistribution.LogProbability(outputs.Slice((r * stride) + ActionCount, GaussianDimension), LogStd!.Values, actions.Slice((r * width) + k, GaussianDimension));
                entropy = gaussianEntropy;
            }

            for (int c = 0; c < k; c++)
            {
                int offset = _componentOffsets[c];
                int action = (int)actions[(r * width) + c];
                if ((uint)action >= (uint)counts[c])
                {
                    throw new ArgumentOutOfRangeException(nameof(actions), action, $"A stored action's component {c} is not in [0, {counts[c] - 1}].");
                }

                ReadOnlySpan<float> logits = outputs.Slice((r * stride) + offset, counts[c]);
                ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice((r * ActionCount) + offset, counts[c]);
                Span<double> probabilities = _componentProbabilities.AsSpan((r * ActionCount) + offset, counts[c]);
                double logNormalizer = CategoricalDistribution.Normalize(logits, mask, probabilities, out double componentEntropy);
                _componentLogNormalizers[(r * k) + c] = logNormalizer;
                _componentEntropies[(r * k) + c] = componentEntropy;
                logProbability += mask.IsEmpty || mask[action] ? logits[action] - logNormalizer : double.NegativeInfinity;
                entropy += componentEntropy;
            }

            logProbabilities[r] = (float)logProbability;
            entropies[r] = (float)entropy;
        }
    }

    // The last column of a shared network's outputs.
    private void ValueColumn(ReadOnlySpan<float> outputs, int rows, Span<float> values)
    {
        int stride = PolicyOutputs + 1;
        for (int r = 0; r < rows; r++)
        {
            values[r] = outputs[(r * stride) + PolicyOutputs];
        }
    }
}
