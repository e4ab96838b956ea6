using RlCommons.Neural.Activations;
using RlCommons.Neural.Distributions;
using RlCommons.Neural.Initializers;
using RlCommons.Neural.Layers;
using RlCommons.Randomness;

namespace RlCommons.PolicyGradient;

/// <summary>
/// SB3's <c>ActorCriticPolicy</c> with separate networks: an actor MLP whose outputs are a categorical's logits
/// (discrete actions) or a diagonal Gaussian's mean with a state-independent log σ (continuous actions), and a
/// critic MLP with one output V(s). Orthogonal initialization with gains √2 (hidden), 0.01 (actor head) and 1
/// (critic head), as SB3's <c>ortho_init</c>.
/// </summary>
internal sealed class ActorCritic
{
    private readonly float[] _policyOutputs;
    private readonly float[] _policyGradient;
    private readonly float[] _valueGradient;
    private readonly float[] _logStdGradient;

    public ActorCritic(int observationDimension, int actionCount, int actionDimension, IReadOnlyList<int> policyHidden, IReadOnlyList<int> valueHidden, Activation activation, int maxBatch, double logStdInit, ulong seed)
    {
        Continuous = actionDimension > 0;
        ObservationDimension = observationDimension;
        ActionCount = actionCount;
        ActionWidth = Continuous ? actionDimension : 1;
        PolicyOutputs = Continuous ? actionDimension : actionCount;
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
        LogStd = Continuous ? DiagonalGaussianDistribution.CreateLogStd(actionDimension, logStdInit) : null;
        Parameters = LogStd is null ? [.. Actor.Parameters, .. Critic.Parameters] : [.. Actor.Parameters, .. Critic.Parameters, LogStd];
        _policyOutputs = new float[maxBatch * PolicyOutputs];
        _policyGradient = new float[maxBatch * PolicyOutputs];
        _valueGradient = new float[maxBatch];
        _logStdGradient = new float[Continuous ? actionDimension : 0];
    }

    public bool Continuous { get; }

    public int ObservationDimension { get; }

    public int ActionCount { get; }

    /// <summary>Floats per stored action: 1 (an index) or the action dimension.</summary>
    public int ActionWidth { get; }

    public int PolicyOutputs { get; }

    public Mlp Actor { get; }

    public Mlp Critic { get; }

    public Parameter? LogStd { get; }

    /// <summary>Every trainable parameter, for one optimizer and one global gradient norm (as SB3).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Chooses actions for <paramref name="rows"/> observations; writes actions, their log-probabilities and V(s).</summary>
    public void Act(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<bool> masks, Random random, bool deterministic, Span<float> actions, Span<float> logProbabilities, Span<float> values)
    {
        ReadOnlySpan<float> outputs = Actor.Forward(observations, rows);
        int o = PolicyOutputs;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = outputs.Slice(r * o, o);
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
            else
            {
                ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice(r * ActionCount, ActionCount);
                int action = deterministic ? CategoricalDistribution.Mode(row, mask) : CategoricalDistribution.Sample(row, mask, random);
                actions[r] = action;
                logProbabilities[r] = (float)CategoricalDistribution.LogProbability(row, mask, action);
            }
        }

        if (!values.IsEmpty)
        {
            Values(observations, rows, values);
        }
    }

    /// <summary>Writes V(s) for <paramref name="rows"/> observations.</summary>
    public void Values(ReadOnlySpan<float> observations, int rows, Span<float> values) => Critic.Forward(observations, rows).CopyTo(values);

    /// <summary>Forward pass for a minibatch: log π(a|s), the entropy and V(s) per row; keeps what <see cref="Backward"/> needs.</summary>
    public void Evaluate(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> masks, Span<float> logProbabilities, Span<float> entropies, Span<float> values)
    {
        int o = PolicyOutputs;
        Span<float> outputs = _policyOutputs.AsSpan(0, rows * o);
        Actor.Forward(observations, rows).CopyTo(outputs);
        Critic.Forward(observations, rows).CopyTo(values);
        double entropy = Continuous ? DiagonalGaussianDistribution.Entropy(LogStd!.Values) : 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = outputs.Slice(r * o, o);
            if (Continuous)
            {
                logProbabilities[r] = (float)DiagonalGaussianDistribution.LogProbability(row, LogStd!.Values, actions.Slice(r * ActionWidth, ActionWidth));
                entropies[r] = (float)entropy;
            }
            else
            {
                ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice(r * ActionCount, ActionCount);
                logProbabilities[r] = (float)CategoricalDistribution.LogProbability(row, mask, (int)actions[r]);
                entropies[r] = (float)CategoricalDistribution.Entropy(row, mask);
            }
        }
    }

    /// <summary>
    /// Back-propagates the loss Σᵣ (wᵣ·log π(aᵣ|sᵣ) + w_H·Hᵣ + gᵣ·V(sᵣ)) through the last <see cref="Evaluate"/>,
    /// overwriting every parameter's gradient.
    /// </summary>
    public void Backward(int rows, ReadOnlySpan<float> actions, ReadOnlySpan<bool> masks, ReadOnlySpan<float> logProbabilityWeights, float entropyWeight, ReadOnlySpan<float> valueGradients)
    {
        int o = PolicyOutputs;
        Span<float> gradient = _policyGradient.AsSpan(0, rows * o);
        gradient.Clear();
        ReadOnlySpan<float> outputs = _policyOutputs.AsSpan(0, rows * o);
        if (Continuous)
        {
            Span<float> logStdGradient = _logStdGradient;
            logStdGradient.Clear();
            for (int r = 0; r < rows; r++)
            {
                DiagonalGaussianDistribution.AccumulateGradient(outputs.Slice(r * o, o), LogStd!.Values, actions.Slice(r * ActionWidth, ActionWidth), logProbabilityWeights[r], entropyWeight, gradient.Slice(r * o, o), logStdGradient);
            }

            logStdGradient.CopyTo(LogStd!.Gradients);
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<bool> mask = masks.IsEmpty ? default : masks.Slice(r * ActionCount, ActionCount);
                CategoricalDistribution.AccumulateGradient(outputs.Slice(r * o, o), mask, (int)actions[r], logProbabilityWeights[r], entropyWeight, gradient.Slice(r * o, o));
            }
        }

        Actor.Backward(gradient);
        valueGradients[..rows].CopyTo(_valueGradient);
        Critic.Backward(_valueGradient.AsSpan(0, rows));
    }
}
