using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RlCommons.Neural.Initializers;
using RlCommons.Snapshots;

namespace RlCommons.Neural.Layers;

/// <summary>
/// A multilayer perceptron of <see cref="DenseLayer"/>s: batched forward and backward passes that allocate
/// nothing after construction, single-state inference, and an exact snapshot of its weights.
/// </summary>
/// <remarks>
/// The output may be split into named heads (<see cref="MlpOptions.Heads"/>): they are consecutive column blocks of
/// the one final linear layer, which is mathematically the same as separate linear heads over the shared hidden
/// layers (see <see cref="MlpHead"/>). <see cref="HeadOutput"/> and <see cref="HeadGradient"/> address a head's
/// block within one row.
/// <para>
/// Thread safety: <see cref="Predict"/> only reads the weights and keeps its intermediate values on the stack, so
/// any number of threads may call it at once; <see cref="Forward"/>, <see cref="Backward"/>, optimizer steps and
/// weight copies or loads change shared state and must not overlap with each other or with <see cref="Predict"/>.
/// </para>
/// </remarks>
public sealed class Mlp : ISnapshotable
{
    // Predict keeps two hidden activations on the stack up to this many floats in all (4 KB), else rents them.
    private const int StackScratch = 1024;

    private readonly DenseLayer[] _layers;
    private readonly Parameter[] _parameters;
    private readonly MlpHead[] _heads;
    private readonly int[] _headOffsets;
    private readonly float[] _input;
    private readonly int _maxHiddenSize;
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
        _heads = options.ResolveHeads();
        _headOffsets = new int[_heads.Length];
        int outputSize = 0;
        for (int h = 0; h < _heads.Length; h++)
        {
            _headOffsets[h] = outputSize;
            outputSize = checked(outputSize + _heads[h].Size);
        }

        int count = options.HiddenSizes.Count + 1;
        _layers = new DenseLayer[count];
        _parameters = new Parameter[2 * count];
        int fanIn = options.InputSize;
        for (int i = 0; i < count; i++)
        {
            bool last = i == count - 1;
            int fanOut = last ? outputSize : options.HiddenSizes[i];
            var layer = new DenseLayer(fanIn, fanOut, last ? options.OutputActivation : options.Activation, options.MaxBatchSize, options.LeakyReluSlope, $"layers.{i}");
            if (last)
            {
                // Each head's block of rows is initialized as its own layer (its fan-out and gain), in head order.
                for (int h = 0; h < _heads.Length; h++)
                {
                    int rows = _heads[h].Size;
                    Initialize(
                        layer.Weight.Values.Slice(_headOffsets[h] * fanIn, rows * fanIn),
                        layer.Bias.Values.Slice(_headOffsets[h], rows),
                        fanIn,
                        rows,
                        options.Initialization,
                        _heads[h].Gain,
                        random);
                }
            }
            else
            {
                Initialize(layer.Weight.Values, layer.Bias.Values, fanIn, fanOut, options.Initialization, options.HiddenGain, random);
            }

            _layers[i] = layer;
            _parameters[2 * i] = layer.Weight;
            _parameters[(2 * i) + 1] = layer.Bias;
            fanIn = fanOut;
        }

        InputSize = options.InputSize;
        OutputSize = outputSize;
        MaxBatchSize = options.MaxBatchSize;
        _input = new float[checked(options.MaxBatchSize * options.InputSize)];
        _maxHiddenSize = options.HiddenSizes.Count == 0 ? 0 : options.HiddenSizes.Max();
    }

    /// <summary>The number of inputs per row.</summary>
    public int InputSize { get; }

    /// <summary>The number of outputs per row (the heads' total size).</summary>
    public int OutputSize { get; }

    /// <summary>The heads, in output order; a network declared without heads has one, named <c>output</c>.</summary>
    public IReadOnlyList<MlpHead> Heads => _heads;

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
    /// <remarks>Version 2 added the heads (name and size); version 1 snapshots load into networks without declared heads.</remarks>
    public int SnapshotVersion => 2;

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

    /// <summary>
    /// Evaluates one state (no allocation), bit-identical to a one-row <see cref="Forward"/> but without copying the
    /// state and without disturbing the last forward pass: a pending <see cref="Backward"/> is unaffected.
    /// </summary>
    /// <param name="state">InputSize values.</param>
    /// <param name="output">Receives OutputSize values; must not overlap <paramref name="state"/>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or the two overlap.</exception>
    /// <remarks>Thread-safe with respect to other <see cref="Predict"/> calls (see the class remarks).</remarks>
    [SkipLocalsInit]
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

        if (state.Overlaps(output))
        {
            throw new ArgumentException("output must not overlap state.", nameof(output));
        }

        // The lengths are checked once here; the layers read through references. Hidden activations alternate
        // between two halves of a scratch block that belongs to this call alone.
        DenseLayer[] layers = _layers;
        int width = _maxHiddenSize;
        float[]? rented = null;
        Span<float> scratch = 2 * width <= StackScratch ? stackalloc float[StackScratch] : (rented = ArrayPool<float>.Shared.Rent(2 * width));
        ref float even = ref MemoryMarshal.GetReference(scratch);
        ref float odd = ref Unsafe.Add(ref even, width);
        scoped ref float x = ref MemoryMarshal.GetReference(state);
        int last = layers.Length - 1;
        for (int i = 0; i < last; i++)
        {
            ref float y = ref (i & 1) == 0 ? ref even : ref odd;
            layers[i].Infer(ref x, ref y);
            x = ref y;
        }

        layers[last].Infer(ref x, ref MemoryMarshal.GetReference(output));
        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The index of the head named <paramref name="name"/> (ordinal comparison).</summary>
    /// <param name="name">A head's name.</param>
    /// <returns>The index into <see cref="Heads"/>.</returns>
    /// <exception cref="ArgumentException">No head has that name.</exception>
    public int HeadIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int h = 0; h < _heads.Length; h++)
        {
            if (string.Equals(_heads[h].Name, name, StringComparison.Ordinal))
            {
                return h;
            }
        }

        throw new ArgumentException($"No head is named '{name}'; the heads are {string.Join(", ", _heads.Select(x => x.Name))}.", nameof(name));
    }

    /// <summary>The column at which head <paramref name="head"/> starts within an output row.</summary>
    /// <param name="head">An index into <see cref="Heads"/>.</param>
    /// <returns>The offset, in [0, <see cref="OutputSize"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> is out of range.</exception>
    public int HeadOffset(int head)
    {
        CheckHead(head);
        return _headOffsets[head];
    }

    /// <summary>
    /// Head <paramref name="head"/>'s values in row <paramref name="row"/> of <paramref name="outputs"/> (what
    /// <see cref="Forward"/> returned, or <see cref="Predict"/>'s output with row 0).
    /// </summary>
    /// <param name="outputs">rows × <see cref="OutputSize"/> values, row-major.</param>
    /// <param name="head">An index into <see cref="Heads"/> (see <see cref="HeadIndex"/>).</param>
    /// <param name="row">The row.</param>
    /// <returns>A view of <c>Heads[head].Size</c> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> or <paramref name="row"/> is out of range.</exception>
    public ReadOnlySpan<float> HeadOutput(ReadOnlySpan<float> outputs, int head, int row = 0)
        => outputs.Slice(HeadStart(outputs.Length, head, row, nameof(outputs)), _heads[head].Size);

    /// <summary>
    /// Head <paramref name="head"/>'s block in row <paramref name="row"/> of an output-gradient buffer, to write
    /// dL/d(head output) into before <see cref="Backward"/>.
    /// </summary>
    /// <param name="outputGradient">rows × <see cref="OutputSize"/> values, row-major.</param>
    /// <param name="head">An index into <see cref="Heads"/> (see <see cref="HeadIndex"/>).</param>
    /// <param name="row">The row.</param>
    /// <returns>A view of <c>Heads[head].Size</c> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="head"/> or <paramref name="row"/> is out of range.</exception>
    public Span<float> HeadGradient(Span<float> outputGradient, int head, int row = 0)
        => outputGradient.Slice(HeadStart(outputGradient.Length, head, row, nameof(outputGradient)), _heads[head].Size);

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

        writer.WriteInt32(_heads.Length);
        foreach (MlpHead head in _heads)
        {
            writer.WriteString(head.Name);
            writer.WriteInt32(head.Size);
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

        if (version >= 2)
        {
            ReadHeads(reader);
        }
        else if (_heads.Length != 1 || _heads[0].Name != "output")
        {
            throw new SnapshotException("A version 1 snapshot has no heads; this network declares heads.");
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

        // A NaN or infinite weight (or optimizer moment) would poison every output; such a snapshot is corrupt.
        int bad = Array.FindIndex(v, x => !float.IsFinite(x));
        if (bad >= 0)
        {
            throw new SnapshotException(string.Create(CultureInfo.InvariantCulture, $"{parameter.Name}[{bad}] in the snapshot is {v[bad]}; every value must be finite."));
        }

        return v;
    }

    private void ReadHeads(SnapshotReader reader)
    {
        int count = reader.ReadInt32();
        if (count != _heads.Length)
        {
            throw new SnapshotException($"The snapshot has {count} heads, this network {_heads.Length}.");
        }

        for (int h = 0; h < count; h++)
        {
            string name = reader.ReadRequiredString();
            int size = reader.ReadInt32();
            if (!string.Equals(name, _heads[h].Name, StringComparison.Ordinal) || size != _heads[h].Size)
            {
                throw new SnapshotException($"Head {h} in the snapshot is '{name}' of size {size}, this network's is '{_heads[h].Name}' of size {_heads[h].Size}.");
            }
        }
    }

    private void CheckHead(int head)
    {
        if ((uint)head >= (uint)_heads.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(head), head, $"head must be in [0, {_heads.Length - 1}].");
        }
    }

    private int HeadStart(int length, int head, int row, string bufferName)
    {
        CheckHead(head);
        if (row < 0 || (long)(row + 1) * OutputSize > length)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {(length / OutputSize) - 1}] for a {bufferName} of {length} values.");
        }

        return (row * OutputSize) + _headOffsets[head];
    }

    private bool SameShape(Mlp other)
    {
        if (other._heads.Length != _heads.Length || !other._headOffsets.AsSpan().SequenceEqual(_headOffsets))
        {
            return false;
        }

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

    private static void Initialize(Span<float> weight, Span<float> bias, int fanIn, int fanOut, WeightInitialization scheme, double gain, Random random)
    {
        switch (scheme)
        {
            case WeightInitialization.PyTorchDefault:
                WeightInitializer.PyTorchDefault(weight, bias, fanIn, random);
                break;
            case WeightInitialization.XavierUniform:
                WeightInitializer.XavierUniform(weight, fanIn, fanOut, gain, random);
                break;
            case WeightInitialization.KaimingNormal:
                WeightInitializer.KaimingNormal(weight, fanIn, gain, random);
                break;
            default:
                WeightInitializer.Orthogonal(weight, fanOut, fanIn, gain, random);
                break;
        }
    }
}
