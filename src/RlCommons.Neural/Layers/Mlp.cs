using RlCommons.Neural.Initializers;
using RlCommons.Snapshots;

namespace RlCommons.Neural.Layers;

/// <summary>
/// A multilayer perceptron of <see cref="DenseLayer"/>s: batched forward and backward passes that allocate
/// nothing after construction, single-state inference, and an exact snapshot of its weights.
/// </summary>
public sealed class Mlp : ISnapshotable
{
    private readonly DenseLayer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly float[] _input;
    private int _batchSize;

    /// <summary>Builds and initializes a network.</summary>
    /// <param name="options">The shape; validated here.</param>
    /// <param name="random">The source of the initial weights.</param>
    /// <exception cref="ArgumentException">The options are not valid (the message names each problem).</exception>
    public Mlp(MlpOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int count = options.HiddenSizes.Count + 1;
        _layers = new DenseLayer[count];
        _parameters = new Parameter[2 * count];
        int fanIn = options.InputSize;
        for (int i = 0; i < count; i++)
        {
            bool last = i == count - 1;
            int fanOut = last ? options.OutputSize : options.HiddenSizes[i];
            var layer = new DenseLayer(fanIn, fanOut, last ? options.OutputActivation : options.Activation, options.MaxBatchSize, options.LeakyReluSlope, $"layers.{i}");
            Initialize(layer, options.Initialization, last ? options.OutputGain : options.HiddenGain, random);
            _layers[i] = layer;
            _parameters[2 * i] = layer.Weight;
            _parameters[(2 * i) + 1] = layer.Bias;
            fanIn = fanOut;
        }

        InputSize = options.InputSize;
        OutputSize = options.OutputSize;
        MaxBatchSize = options.MaxBatchSize;
        _input = new float[checked(options.MaxBatchSize * options.InputSize)];
    }

    /// <summary>The number of inputs per row.</summary>
    public int InputSize { get; }

    /// <summary>The number of outputs per row.</summary>
    public int OutputSize { get; }

    /// <summary>The largest batch a pass accepts.</summary>
    public int MaxBatchSize { get; }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>The trainable parameters (each layer's weight, then its bias), for an optimizer.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The total number of trainable scalars.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Length);

    /// <inheritdoc />
    public string SnapshotType => "RlCommons.Neural.Mlp";

    /// <inheritdoc />
    public int SnapshotVersion => 1;

    /// <summary>Runs the network on <paramref name="batchSize"/> rows and keeps what the backward pass needs.</summary>
    /// <param name="input">batch × input values, row-major.</param>
    /// <param name="batchSize">The number of rows, in [1, <see cref="MaxBatchSize"/>].</param>
    /// <returns>batch × output values (a view of an internal buffer, valid until the next forward pass).</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is out of range.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batchSize)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be in [1, {MaxBatchSize}].");
        }

        if (input.Length != batchSize * InputSize)
        {
            throw new ArgumentException($"input must hold batchSize · InputSize = {batchSize * InputSize} values, has {input.Length}.", nameof(input));
        }

        // A private copy, so the caller may reuse its buffer before calling Backward.
        Span<float> x = _input.AsSpan(0, input.Length);
        input.CopyTo(x);
        ReadOnlySpan<float> h = x;
        foreach (DenseLayer layer in _layers)
        {
            h = layer.Forward(h, batchSize);
        }

        _batchSize = batchSize;
        return h;
    }

    /// <summary>
    /// Back-propagates dL/d(output) through the last forward pass, overwriting every parameter's gradient.
    /// </summary>
    /// <param name="outputGradient">batch × output values.</param>
    /// <param name="computeInputGradient">Whether to return dL/d(input) as well.</param>
    /// <returns>dL/d(input) (batch × input) when requested, otherwise empty.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> has the wrong length.</exception>
    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> outputGradient, bool computeInputGradient = false)
    {
        if (_batchSize == 0)
        {
            throw new InvalidOperationException("Backward needs a forward pass first.");
        }

        if (outputGradient.Length != _batchSize * OutputSize)
        {
            throw new ArgumentException($"outputGradient must hold {_batchSize * OutputSize} values, has {outputGradient.Length}.", nameof(outputGradient));
        }

        ReadOnlySpan<float> g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> input = i == 0 ? _input.AsSpan(0, _batchSize * InputSize) : _layers[i - 1].Output;
            g = _layers[i].Backward(input, g, computeInputGradient || i > 0);
        }

        return g;
    }

    /// <summary>Evaluates one state (no allocation).</summary>
    /// <param name="state">InputSize values.</param>
    /// <param name="output">Receives OutputSize values.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> state, Span<float> output)
    {
        if (output.Length != OutputSize)
        {
            throw new ArgumentException($"output must hold {OutputSize} values, has {output.Length}.", nameof(output));
        }

        if (state.Length != InputSize)
        {
            throw new ArgumentException($"state must hold {InputSize} values, has {state.Length}.", nameof(state));
        }

        Forward(state, 1).CopyTo(output);
    }

    /// <summary>Copies the weights of a network of the same shape (for example into a DQN target network).</summary>
    /// <param name="source">The network to copy.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyParametersFrom(Mlp source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!SameShape(source))
        {
            throw new ArgumentException("source must have the same layer sizes and activations.", nameof(source));
        }

        for (int i = 0; i < _parameters.Length; i++)
        {
            source._parameters[i].Data.CopyTo(_parameters[i].Data, 0);
        }
    }

    /// <summary>
    /// Moves every parameter toward <paramref name="source"/>'s: θ ← θ + τ·(θ_source − θ), the Polyak (soft) update of
    /// target networks (τ = 1 copies, as <see cref="CopyParametersFrom"/> does).
    /// </summary>
    /// <param name="source">A network with the same layer sizes and activations.</param>
    /// <param name="tau">The step τ in (0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="source"/> has a different shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tau"/> is outside (0, 1].</exception>
    public void SoftUpdateFrom(Mlp source, double tau)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(tau > 0 && tau <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in (0, 1].");
        }

        if (tau == 1)
        {
            CopyParametersFrom(source);
            return;
        }

        if (!SameShape(source))
        {
            throw new ArgumentException("source must have the same layer sizes and activations.", nameof(source));
        }

        float t = (float)tau;
        for (int i = 0; i < _parameters.Length; i++)
        {
            float[] target = _parameters[i].Data;
            float[] online = source._parameters[i].Data;
            for (int j = 0; j < target.Length; j++)
            {
                target[j] += t * (online[j] - target[j]);
            }
        }
    }

    /// <inheritdoc />
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(_layers.Length);
        foreach (DenseLayer layer in _layers)
        {
            writer.WriteInt32(layer.InputSize);
            writer.WriteInt32(layer.OutputSize);
            writer.WriteInt32((int)layer.Activation);
            writer.WriteSingles(layer.Weight.Data);
            writer.WriteSingles(layer.Bias.Data);
        }
    }

    /// <inheritdoc />
    public void ReadSnapshot(SnapshotReader reader, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count != _layers.Length)
        {
            throw new SnapshotException($"The snapshot has {count} layers, this network {_layers.Length}.");
        }

        var values = new float[_parameters.Length][];
        for (int i = 0; i < _layers.Length; i++)
        {
            DenseLayer layer = _layers[i];
            int inputs = reader.ReadInt32();
            int outputs = reader.ReadInt32();
            int activation = reader.ReadInt32();
            if (inputs != layer.InputSize || outputs != layer.OutputSize || activation != (int)layer.Activation)
            {
                throw new SnapshotException($"Layer {i} in the snapshot is {inputs}→{outputs} with activation {activation}, this network's is {layer.InputSize}→{layer.OutputSize} with {layer.Activation}.");
            }

            values[2 * i] = ReadExactly(reader, layer.Weight);
            values[(2 * i) + 1] = ReadExactly(reader, layer.Bias);
        }

        reader.EnsureEnd();
        for (int i = 0; i < _parameters.Length; i++)
        {
            values[i].CopyTo(_parameters[i].Data, 0);
        }
    }

    internal static float[] ReadExactly(SnapshotReader reader, Parameter parameter)
    {
        float[] v = reader.ReadSingles();
        if (v.Length != parameter.Length)
        {
            throw new SnapshotException($"Expected {parameter.Length} values for {parameter.Name}, the snapshot has {v.Length}.");
        }

        return v;
    }

    private bool SameShape(Mlp other)
    {
        if (other._layers.Length != _layers.Length)
        {
            return false;
        }

        for (int i = 0; i < _layers.Length; i++)
        {
            DenseLayer a = _layers[i];
            DenseLayer b = other._layers[i];
            if (a.InputSize != b.InputSize || a.OutputSize != b.OutputSize || a.Activation != b.Activation)
            {
                return false;
            }
        }

        return true;
    }

    private static void Initialize(DenseLayer layer, WeightInitialization scheme, double gain, Random random)
    {
        Span<float> w = layer.Weight.Values;
        switch (scheme)
        {
            case WeightInitialization.PyTorchDefault:
                WeightInitializer.PyTorchDefault(w, layer.Bias.Values, layer.InputSize, random);
                break;
            case WeightInitialization.XavierUniform:
                WeightInitializer.XavierUniform(w, layer.InputSize, layer.OutputSize, gain, random);
                break;
            case WeightInitialization.KaimingNormal:
                WeightInitializer.KaimingNormal(w, layer.InputSize, gain, random);
                break;
            default:
                WeightInitializer.Orthogonal(w, layer.OutputSize, layer.InputSize, gain, random);
                break;
        }
    }
}
