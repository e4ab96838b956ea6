using System.Numerics;
using RlCommons.Neural.Activations;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RlCommons.Neural.Internal;

namespace RlCommons.Neural.Layers;

/// <summary>
/// A fully connected layer <c>y = f(x Wᵀ + b)</c> over a batch of row vectors, with every buffer
/// (pre-activations where the derivative needs them, outputs, gradients) allocated once for
/// <see cref="MaxBatchSize"/> rows so that forward and backward passes allocate nothing.
/// </summary>
/// <remarks>
/// The weight is row-major with shape output × input (PyTorch's <c>nn.Linear</c> layout). The batched
/// products go through a register-blocked i-k-j kernel that vectorizes over the output columns; where a
/// product's output is narrower than a SIMD vector, it is computed transposed (or, in the forward pass, as
/// matrix-vector products: two input rows at a time against four weight rows, vector dot products for the rest), so
/// no shape falls back to scalar loops. Every row's sums start from the bias, and the activation's derivative and the
/// bias gradient come from one pass.
/// </remarks>
public sealed class DenseLayer
{
    // The pre-activations; for tanh and the identity, whose derivatives need only the output, the output buffer
    // itself (the product is written there and the activation applied in place).
    private readonly float[] _pre;
    private readonly float[] _output;
    private readonly float[] _delta;
    private readonly float[] _inputGradient;

    // Forward passes over rows at least this long use dot products of X's and W's rows; shorter rows are cheaper as a
    // transposed copy of W and the broadcast kernel (measured on the 2-core EPYC: at 64 inputs the copy wins about
    // 3×, at 256 the dot products win about 1.5×).
    private const int DotProductMinimumInputs = 192;

    // Scratch for a transposed weight-shaped matrix (input × output), used when the input is narrower than a vector.
    private readonly float[] _weightT;
    private int _batchSize;

    /// <summary>Creates a layer with zero weights; initialize them with <see cref="Initializers.WeightInitializer"/>.</summary>
    /// <param name="inputSize">The number of inputs; at least 1.</param>
    /// <param name="outputSize">The number of outputs; at least 1.</param>
    /// <param name="activation">The nonlinearity.</param>
    /// <param name="maxBatchSize">The largest batch the buffers hold; at least 1.</param>
    /// <param name="leakyReluSlope">The negative slope of <see cref="Activation.LeakyRelu"/>, in [0, 1]; 0.01 by default as in PyTorch.</param>
    /// <param name="name">A name prefix for the parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public DenseLayer(int inputSize, int outputSize, Activation activation, int maxBatchSize, float leakyReluSlope = 0.01f, string name = "dense")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }

        if (!(leakyReluSlope >= 0f && leakyReluSlope <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(leakyReluSlope), leakyReluSlope, "leakyReluSlope must be in [0, 1].");
        }

        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        MaxBatchSize = maxBatchSize;
        LeakyReluSlope = leakyReluSlope;
        Weight = new Parameter(name + ".weight", checked(outputSize * inputSize));
        Bias = new Parameter(name + ".bias", outputSize);
        _output = new float[checked(maxBatchSize * outputSize)];
        _pre = activation is Activation.Relu or Activation.LeakyRelu ? new float[_output.Length] : _output;
        _delta = new float[_output.Length];
        _inputGradient = new float[checked(maxBatchSize * inputSize)];
        _weightT = new float[Weight.Length];
    }

    /// <summary>The number of inputs per row.</summary>
    public int InputSize { get; }

    /// <summary>The number of outputs per row.</summary>
    public int OutputSize { get; }

    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>The negative slope of <see cref="Activation.LeakyRelu"/>.</summary>
    public float LeakyReluSlope { get; }

    /// <summary>The largest batch a pass accepts.</summary>
    public int MaxBatchSize { get; }

    /// <summary>The weight, output × input, row-major.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, one per output.</summary>
    public Parameter Bias { get; }

    /// <summary>The outputs of the last forward pass (batch × output, row-major).</summary>
    public ReadOnlySpan<float> Output => _output.AsSpan(0, _batchSize * OutputSize);

    /// <summary>Computes <c>f(x Wᵀ + b)</c> for <paramref name="batchSize"/> rows.</summary>
    /// <param name="input">The inputs, batch × input, row-major; exactly <c>batchSize · InputSize</c> values.</param>
    /// <param name="batchSize">The number of rows, in [1, <see cref="MaxBatchSize"/>].</param>
    /// <returns>The outputs (a view of this layer's buffer, valid until the next forward pass).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is outside [1, <see cref="MaxBatchSize"/>].</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batchSize)
    {
        CheckBatch(batchSize);
        CheckLength(input.Length, batchSize * InputSize, nameof(input));
        int k = InputSize;
        int n = OutputSize;
        Span<float> output = _output.AsSpan(0, batchSize * n);
        Span<float> pre = _pre.AsSpan(0, output.Length);
        ReadOnlySpan<float> w = Weight.Data;
        ReadOnlySpan<float> bias = Bias.Data;
        if (batchSize == 1 || n < Vector<float>.Count)
        {
            // Narrow outputs or a single row: matrix-vector products (two rows at a time) beat transposing W, and give
            // every row the bits of a one-row pass.
            Gemm.MultiplyRowsAddBias(ref MemoryMarshal.GetArrayDataReference(Weight.Data), ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetArrayDataReference(Bias.Data), ref MemoryMarshal.GetReference(pre), batchSize, n, k);
        }
        else if (k >= DotProductMinimumInputs)
        {
            // Z = bias + X·Wᵀ: long rows as dot products of X's and W's rows (no copy of W), shorter ones through a
            // transposed copy of W and the broadcast kernel; either way every row's sums start from the bias.
            Gemm.MultiplyTransposedBAddBias(input, w, bias, pre, batchSize, k, n);
        }
        else
        {
            Gemm.Transpose(w, _weightT, n, k);
            Gemm.MultiplyAddBias(input, _weightT, bias, pre, batchSize, k, n);
        }

        if (Activation != Activation.Identity)
        {
            ActivationFunctions.Forward(Activation, LeakyReluSlope, pre, output);
        }

        _batchSize = batchSize;
        return output;
    }

    /// <summary>
    /// Back-propagates <paramref name="outputGradient"/> through the last forward pass: overwrites the
    /// weight and bias gradients (summed over the batch) and optionally computes the input gradient.
    /// </summary>
    /// <param name="input">The same inputs that were given to the last <see cref="Forward"/>.</param>
    /// <param name="outputGradient">dL/d(output), batch × output.</param>
    /// <param name="computeInputGradient">Whether to compute dL/d(input) (not needed for the first layer of a network).</param>
    /// <returns>dL/d(input), batch × input, or an empty span when not computed.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public ReadOnlySpan<float> Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, bool computeInputGradient)
    {
        int batchSize = _batchSize;
        if (batchSize == 0)
        {
            throw new InvalidOperationException("Backward needs a forward pass first.");
        }

        int k = InputSize;
        int n = OutputSize;
        CheckLength(input.Length, batchSize * k, nameof(input));
        CheckLength(outputGradient.Length, batchSize * n, nameof(outputGradient));
        Span<float> delta = _delta.AsSpan(0, batchSize * n);
        // δ = dL/doutput · f'(pre), and in the same pass db = Σ_b δ_b, summed row after row from 0 (each column's
        // additions in batch order).
        ActivationFunctions.Backward(Activation, LeakyReluSlope, _pre.AsSpan(0, delta.Length), _output.AsSpan(0, delta.Length), outputGradient, delta, Bias.Grad);

        // dW = δᵀ·X (output × input), vectorized over the inputs. When the inputs are fewer than two vectors and the
        // outputs more, compute dWᵀ = Xᵀ·δ instead (the same sums, vectorized over the wider side, with more
        // accumulators in registers), then transpose it into place.
        Span<float> weightGradient = Weight.Grad;
        if (k >= 2 * Vector<float>.Count || n <= k)
        {
            Gemm.MultiplyTransposedA(delta, input, weightGradient, n, batchSize, k, accumulate: false);
        }
        else
        {
            Gemm.MultiplyTransposedA(input, delta, _weightT, k, batchSize, n, accumulate: false);
            Gemm.Transpose(_weightT, weightGradient, k, n);
        }

        if (!computeInputGradient)
        {
            return [];
        }

        // dX = δ·W (batch × input).
        Span<float> inputGradient = _inputGradient.AsSpan(0, batchSize * k);
        Gemm.Multiply(delta, Weight.Data, inputGradient, batchSize, n, k, accumulate: false);
        return inputGradient;
    }

    /// <summary>
    /// Computes <c>y = f(W x + b)</c> for one row without validation and without touching the forward-pass buffers
    /// (so it may run concurrently with other readers): the single-state inference path. The caller guarantees that
    /// <paramref name="x"/> holds <see cref="InputSize"/> values, <paramref name="y"/> has room for
    /// <see cref="OutputSize"/>, and the two do not overlap. Bit-identical to a one-row <see cref="Forward"/>.
    /// </summary>
    internal void Infer(ref float x, ref float y)
    {
        Gemm.MultiplyRowsAddBias(ref MemoryMarshal.GetArrayDataReference(Weight.Data), ref x, ref MemoryMarshal.GetArrayDataReference(Bias.Data), ref y, 1, OutputSize, InputSize);
        Span<float> values = MemoryMarshal.CreateSpan(ref y, OutputSize);
        switch (Activation)
        {
            case Activation.Identity:
                break;
            case Activation.LeakyRelu:
                // ActivationFunctions' out-of-place max(z, slope·z) needs z after writing slope·z; element by element
                // gives the same bits (one rounded product, an exact maximum).
                float slope = LeakyReluSlope;
                foreach (ref float v in values)
                {
                    v = MathF.Max(v, slope * v);
                }

                break;
            default:
                // ReLU and tanh are element-wise, so the in-place call computes what the batched pass does.
                ActivationFunctions.Forward(Activation, LeakyReluSlope, values, values);
                break;
        }
    }

    private void CheckBatch(int batchSize)
    {
        if (batchSize < 1 || batchSize > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be in [1, {MaxBatchSize}].");
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must hold exactly {expected} values, has {actual}.", name);
        }
    }
}
