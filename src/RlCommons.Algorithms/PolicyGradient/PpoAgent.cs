using System.Numerics.Tensors;
using RlCommons.Buffers;
using RlCommons.Neural.Optimizers;
using RlCommons.Policies;
using RlCommons.Schedules;
using RlCommons.Spaces;

namespace RlCommons.Algorithms.PolicyGradient;

/// <summary>
/// Proximal policy optimization (Schulman et al. 2017) following Stable-Baselines3's <c>PPO</c>: after each rollout,
/// <see cref="PpoOptions.Epochs"/> passes of shuffled minibatches on the clipped surrogate, the value loss and the
/// entropy bonus, with optional value clipping, advantage normalization, a target-KL early stop, global gradient
/// clipping and linear learning-rate and clip-range schedules. The rollout loop, masking, truncation bootstrap and
/// snapshots are <see cref="OnPolicyAgent"/>'s.
/// </summary>
/// <remarks>Thread safety: not thread-safe; use one agent from one thread at a time.</remarks>
public class PpoAgent : OnPolicyAgent
{
    private readonly PpoOptions _options;

    // Per-minibatch scratch: log π(a|s) − log π_old(a|s), then the ratio r.
    private readonly double[] _ratios;

    /// <summary>Creates an agent for a discrete action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionCount">The number of actions; at least 2.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public PpoAgent(int observationDimension, int actionCount, PpoOptions options)
        : base(observationDimension, actionCount, null, options, CreateOptimizer(options))
    {
        _options = options;
        _ratios = new double[options.BatchSize];
    }

    /// <summary>Creates an agent for a continuous (box) action space.</summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action box; actions sent to an environment are clipped to it.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public PpoAgent(int observationDimension, BoxSpace actionSpace, PpoOptions options)
        : base(observationDimension, 0, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options, CreateOptimizer(options))
    {
        _options = options;
        _ratios = new double[options.BatchSize];
    }

    private PpoAgent(int observationDimension, MultiDiscreteSpace actionSpace, PpoOptions options)
        : base(observationDimension, 0, null, options, CreateOptimizer(options), actionSpace)
    {
        _options = options;
        _ratios = new double[options.BatchSize];
    }

    /// <summary>
    /// Creates an agent for a multi-discrete action space (Gymnasium's <c>MultiDiscrete</c>; SB3's
    /// <c>MultiCategoricalDistribution</c>): one categorical head per component (the actor's output layer has the sum of
    /// the counts), log π(a|s) = Σ_c log π_c(a_c|s) in the PPO ratio and H = Σ_c H_c in the entropy bonus. The agent is
    /// an <see cref="IMultiDiscretePolicy"/> over the joint indices; its environments receive the component values as
    /// floats through <see cref="Environments.IEnvironment.Step(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action space; between 2 and <see cref="int.MaxValue"/> joint actions.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <returns>The agent; it implements <see cref="IMultiDiscretePolicy"/>.</returns>
    /// <exception cref="ArgumentException">The options or the space are invalid (every option problem is listed).</exception>
    public static PpoAgent CreateMultiDiscrete(int observationDimension, MultiDiscreteSpace actionSpace, PpoOptions options)
        => new MultiDiscreteAgent(observationDimension, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options);

    private PpoAgent(int observationDimension, CompositeSpace actionSpace, PpoOptions options)
        : base(observationDimension, 0, null, options, CreateOptimizer(options), composite: actionSpace)
    {
        _options = options;
        _ratios = new double[options.BatchSize];
    }

    /// <summary>
    /// Creates an agent for a composite action space of Discrete, MultiDiscrete and Box parts (at least one discrete and
    /// one box part): one categorical per discrete value (SB3's MultiCategorical) and one diagonal Gaussian with a
    /// state-independent log σ over the box parts; the joint log-density log π(a|s) = Σ_c log π_c(a_c|s) + log N(a_box)
    /// is what the update's ratio (or policy gradient) uses, and H = Σ_c H_c + H_N the entropy bonus. The agent is an
    /// <see cref="IContinuousPolicy"/> whose action vector holds the parts' values in order (see
    /// <see cref="OnPolicyAgent.Decide(ReadOnlySpan{float}, Span{float}, bool)"/>); its <see cref="IPolicy"/> members throw.
    /// Box values are stored unclipped and clipped only when sent to an environment, as for a box agent.
    /// </summary>
    /// <param name="observationDimension">The length of an observation; at least 1.</param>
    /// <param name="actionSpace">The action space.</param>
    /// <param name="options">The hyperparameters; validated here.</param>
    /// <returns>The agent.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or the space holds another kind of part or lacks a discrete or a box part.</exception>
    public static PpoAgent CreateComposite(int observationDimension, CompositeSpace actionSpace, PpoOptions options)
        => new(observationDimension, actionSpace ?? throw new ArgumentNullException(nameof(actionSpace)), options);

    /// <summary>The options the agent was built with.</summary>
    public PpoOptions Options => _options;

    /// <summary>Statistics of the last update (SB3's <c>train/</c> log entries); NaN before the first.</summary>
    public PpoUpdateStatistics LastUpdate { get; private set; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, false);

    /// <inheritdoc />
    public override string SnapshotType => "RlCommons.PolicyGradient.PpoAgent";

    /// <summary>
    /// One PPO update over the rollout (SB3's <c>PPO.train</c>). Per minibatch, with r = exp(log π(a|s) − log π_old(a|s))
    /// and normalized advantages Â: L = −mean(min(r·Â, clip(r, 1 − ε, 1 + ε)·Â)) + c_v·mean((R − V̂)²) − c_e·mean(H),
    /// where V̂ is V(s), or V_old + clip(V(s) − V_old, ±ε_v) with value clipping. The approximate KL
    /// mean((r − 1) − log r) stops the epochs once it exceeds 1.5 × the target.
    /// </summary>
    internal override void Train(RolloutBuffer buffer, double progressRemaining)
    {
        double clip = _options.ClipRange * (_options.LinearClipRange ? progressRemaining : 1.0);
        double? clipValue = _options.ClipRangeValue;
        Optimizer.LearningRateScale = _options.LinearLearningRate ? progressRemaining : 1.0;
        int total = buffer.Count;
        int batch = _options.BatchSize;
        int d = ObservationDimension;
        int width = Network.ActionWidth;
        int maskLength = buffer.MaskLength;
        float entropyWeight = (float)-_options.EntropyCoefficient;
        double policyLoss = 0;
        double valueLoss = 0;
        double entropy = 0;
        double approxKl = 0;
        double clipFraction = 0;
        int minibatches = 0;
        bool earlyStop = false;
        for (int epoch = 0; epoch < _options.Epochs && !earlyStop; epoch++)
        {
            Span<int> permutation = Permutation(total);
            Shuffle(permutation);
            for (int start = 0; start < total; start += batch)
            {
                int b = Math.Min(batch, total - start);
                ReadOnlySpan<int> rows = permutation.Slice(start, b);
                Gather(buffer, rows, d, width, maskLength);
                ReadOnlySpan<float> batchActions = _batchActions.AsSpan(0, b * width);
                ReadOnlySpan<bool> batchMasks = _batchMasks.AsSpan(0, b * maskLength);
                Span<float> logProbabilities = _batchLogProbabilities.AsSpan(0, b);
                Span<float> entropies = _batchEntropies.AsSpan(0, b);
                Span<float> predicted = _batchValues.AsSpan(0, b);
                Network.Evaluate(_batchObservations.AsSpan(0, b * d), b, batchActions, batchMasks, logProbabilities, entropies, predicted);

                Span<float> advantages = _batchAdvantages.AsSpan(0, b);
                if (NormalizesPerMinibatch && b > 1)
                {
                    Normalize(advantages);
                }

                // Losses and their gradients with respect to log π(a|s) and V(s), each a mean over the minibatch. The
                // ratios' exponentials are taken together (one vectorized call).
                ReadOnlySpan<float> oldLogProbabilities = buffer.LogProbabilities;
                ReadOnlySpan<float> oldValues = buffer.Values;
                ReadOnlySpan<float> returns = buffer.Returns;
                Span<double> ratios = _ratios.AsSpan(0, b);
                for (int i = 0; i < b; i++)
                {
                    ratios[i] = logProbabilities[i] - oldLogProbabilities[rows[i]];
                }

                TensorPrimitives.Exp(ratios, ratios);
                double inverse = 1.0 / b;
                double batchPolicyLoss = 0;
                double batchValueLoss = 0;
                double batchKl = 0;
                double clipped = 0;
                for (int i = 0; i < b; i++)
                {
                    int row = rows[i];
                    double logRatio = logProbabilities[i] - oldLogProbabilities[row];
                    double ratio = ratios[i];
                    double advantage = advantages[i];
                    double clippedRatio = Math.Clamp(ratio, 1 - clip, 1 + clip);
                    double unclippedTerm = advantage * ratio;
                    double clippedTerm = advantage * clippedRatio;
                    batchPolicyLoss -= Math.Min(unclippedTerm, clippedTerm);

                    // The gradient flows through r unless the clipped term is the smaller one and r is outside the range.
                    bool active = unclippedTerm <= clippedTerm || (ratio >= 1 - clip && ratio <= 1 + clip);
                    _logProbabilityWeights[i] = active ? (float)(-advantage * ratio * inverse) : 0f;
                    clipped += Math.Abs(ratio - 1) > clip ? 1 : 0;
                    batchKl += ratio - 1 - logRatio;

                    double oldValue = oldValues[row];
                    double value = predicted[i];
                    double valueSlope = 1;
                    if (clipValue is { } cv)
                    {
                        double change = value - oldValue;
                        value = oldValue + Math.Clamp(change, -cv, cv);
                        valueSlope = Math.Abs(change) <= cv ? 1 : 0;
                    }

                    double error = value - returns[row];
                    batchValueLoss += error * error;
                    _valueGradients[i] = (float)(_options.ValueCoefficient * 2 * error * valueSlope * inverse);
                }

                batchKl *= inverse;
                if (_options.TargetKl is { } targetKl && batchKl > 1.5 * targetKl)
                {
                    earlyStop = true;
                    approxKl += batchKl;
                    minibatches++;
                    break;
                }

                Network.Backward(b, batchActions, batchMasks, _logProbabilityWeights.AsSpan(0, b), (float)(entropyWeight * inverse), _valueGradients.AsSpan(0, b));
                GradientClipping.ClipByGlobalNorm(Network.Parameters, _options.MaxGradNorm);
                Optimizer.Step();
                CountGradientStep();
                OnMinibatch(buffer, rows);

                double batchEntropy = 0;
                foreach (float h in entropies)
                {
                    batchEntropy += h;
                }

                policyLoss += batchPolicyLoss * inverse;
                valueLoss += batchValueLoss * inverse;
                entropy += batchEntropy * inverse;
                approxKl += batchKl;
                clipFraction += clipped * inverse;
                minibatches++;
            }
        }

        int updates = Math.Max(1, minibatches - (earlyStop ? 1 : 0));
        LastUpdate = new PpoUpdateStatistics(policyLoss / updates, valueLoss / updates, entropy / updates, approxKl / Math.Max(1, minibatches), clipFraction / updates, minibatches - (earlyStop ? 1 : 0), earlyStop);
    }

    /// <summary>Whether the update normalizes advantages per minibatch (SB3's PPO does when <see cref="PpoOptions.NormalizeAdvantage"/> is set).</summary>
    private protected virtual bool NormalizesPerMinibatch => _options.NormalizeAdvantage;

    /// <summary>Called after each minibatch's optimizer step with the rows it used.</summary>
    private protected virtual void OnMinibatch(RolloutBuffer buffer, ReadOnlySpan<int> rows)
    {
    }

    private sealed class MultiDiscreteAgent(int observationDimension, MultiDiscreteSpace actionSpace, PpoOptions options)
        : PpoAgent(observationDimension, actionSpace, options), IMultiDiscretePolicy
    {
        public MultiDiscreteSpace ActionSpace => MultiDiscreteActionSpace!;
    }

    private static Func<IReadOnlyList<Neural.Layers.Parameter>, Optimizer> CreateOptimizer(PpoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return parameters => new Adam(parameters, Schedule.Constant(options.LearningRate), epsilon: options.AdamEpsilon);
    }
}
