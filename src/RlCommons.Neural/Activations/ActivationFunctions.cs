using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RlCommons.Neural.Activations;

/// <summary>Forward and backward kernels of the activations, on spans of equal length.</summary>
internal static class ActivationFunctions
{
    /// <summary>Writes <c>f(pre)</c> into <paramref name="output"/>.</summary>
    public static void Forward(Activation activation, float slope, ReadOnlySpan<float> pre, Span<float> output)
    {
        switch (activation)
        {
            case Activation.Identity:
                pre.CopyTo(output);
                break;
            case Activation.Relu:
                TensorPrimitives.Max(pre, 0f, output);
                break;
            case Activation.Tanh:
                TanhKernel.Apply(pre, output);
                break;
            case Activation.LeakyRelu:
                // max(z, slope·z) equals the leaky ReLU for slope in [0, 1], and vectorizes.
                TensorPrimitives.Multiply(pre, slope, output);
                TensorPrimitives.Max(pre, output, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// Writes <c>dL/dpre = dL/doutput · f'(pre)</c> into <paramref name="preGradient"/> (rows of
    /// <c>columnSums.Length</c> values) and each column's sum over the rows into <paramref name="columnSums"/> (a dense
    /// layer's bias gradient), in one pass. Each sum adds its column's values in row order starting from 0.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or their length is not a whole number of rows.</exception>
    public static void Backward(Activation activation, float slope, ReadOnlySpan<float> pre, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> preGradient, Span<float> columnSums)
    {
        // The kernels read through unchecked references, so the lengths are checked once here.
        int columns = columnSums.Length;
        if (output.Length != pre.Length || outputGradient.Length != pre.Length || preGradient.Length != pre.Length)
        {
            throw new ArgumentException("pre, output, outputGradient and preGradient must have the same length.");
        }

        if (columns == 0 || pre.Length % columns != 0)
        {
            throw new ArgumentException("The length of pre must be a whole number of rows of columnSums.Length values.", nameof(columnSums));
        }

        int rows = pre.Length / columns;
        ref float z = ref MemoryMarshal.GetReference(pre);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(outputGradient);
        ref float d = ref MemoryMarshal.GetReference(preGradient);
        ref float sums = ref MemoryMarshal.GetReference(columnSums);
        switch (activation)
        {
            case Activation.Identity:
                BackwardRows(default(IdentityDerivative), ref z, ref y, ref g, ref d, ref sums, rows, columns);
                break;
            case Activation.Relu:
                BackwardRows(new RectifiedDerivative(0f), ref z, ref y, ref g, ref d, ref sums, rows, columns);
                break;
            case Activation.Tanh:
                BackwardRows(default(TanhDerivative), ref z, ref y, ref g, ref d, ref sums, rows, columns);
                break;
            case Activation.LeakyRelu:
                BackwardRows(new RectifiedDerivative(slope), ref z, ref y, ref g, ref d, ref sums, rows, columns);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    // Row after row, streaming through the buffers (large layers would defeat the prefetcher if walked by column
    // blocks): each row's derivatives stored and added to the column sums, which start at 0 and stay in L1. Every
    // element's derivative is the same operation in the vector and the scalar form, so a value's result does not
    // depend on its column, and each sum adds its column's values in row order.
    private static void BackwardRows<TDerivative>(TDerivative f, ref float z, ref float y, ref float g, ref float d, ref float sums, int rows, int n)
        where TDerivative : struct, IDerivative
    {
        int w = Vector<float>.Count;
        int vectorColumns = n - (n % w);
        MemoryMarshal.CreateSpan(ref sums, n).Clear();
        for (int b = 0; b < rows; b++)
        {
            int rowStart = b * n;
            int j = 0;
            for (; j + (2 * w) <= vectorColumns; j += 2 * w)
            {
                Vector<float> v0 = Step(f, ref z, ref y, ref g, ref d, (nuint)(rowStart + j));
                Vector<float> v1 = Step(f, ref z, ref y, ref g, ref d, (nuint)(rowStart + j + w));
                (Vector.LoadUnsafe(ref sums, (nuint)j) + v0).StoreUnsafe(ref sums, (nuint)j);
                (Vector.LoadUnsafe(ref sums, (nuint)(j + w)) + v1).StoreUnsafe(ref sums, (nuint)(j + w));
            }

            for (; j < vectorColumns; j += w)
            {
                Vector<float> v = Step(f, ref z, ref y, ref g, ref d, (nuint)(rowStart + j));
                (Vector.LoadUnsafe(ref sums, (nuint)j) + v).StoreUnsafe(ref sums, (nuint)j);
            }

            for (; j < n; j++)
            {
                float value = f.Of(ref z, ref y, ref g, rowStart + j);
                Unsafe.Add(ref d, rowStart + j) = value;
                Unsafe.Add(ref sums, j) += value;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Step<TDerivative>(TDerivative f, ref float z, ref float y, ref float g, ref float d, nuint at)
        where TDerivative : struct, IDerivative
    {
        Vector<float> value = f.Of(ref z, ref y, ref g, at);
        value.StoreUnsafe(ref d, at);
        return value;
    }

    // dL/dpre at an offset, from the pre-activations, the outputs and dL/doutput (each derivative reads only what it
    // needs: tanh's forward pass does not keep the pre-activations), in vector and scalar form with the same IEEE
    // operations.
    private interface IDerivative
    {
        Vector<float> Of(ref float pre, ref float output, ref float gradient, nuint at);

        float Of(ref float pre, ref float output, ref float gradient, int at);
    }

    private readonly struct IdentityDerivative : IDerivative
    {
        public Vector<float> Of(ref float pre, ref float output, ref float gradient, nuint at) => Vector.LoadUnsafe(ref gradient, at);

        public float Of(ref float pre, ref float output, ref float gradient, int at) => Unsafe.Add(ref gradient, at);
    }

    // tanh' = 1 − tanh², from the stored output rather than recomputing tanh: g·(1 − y·y).
    private readonly struct TanhDerivative : IDerivative
    {
        public Vector<float> Of(ref float pre, ref float output, ref float gradient, nuint at)
        {
            Vector<float> y = Vector.LoadUnsafe(ref output, at);
            return Vector.LoadUnsafe(ref gradient, at) * (Vector<float>.One - (y * y));
        }

        public float Of(ref float pre, ref float output, ref float gradient, int at)
        {
            float y = Unsafe.Add(ref output, at);
            return Unsafe.Add(ref gradient, at) * (1f - (y * y));
        }
    }

    // g where pre > 0, slope · g elsewhere. Slope 0 is the ReLU: an exact 0 there (even for an infinite g), and the
    // derivative at 0 is 0, as in PyTorch.
    private readonly struct RectifiedDerivative(float slope) : IDerivative
    {
        public Vector<float> Of(ref float pre, ref float output, ref float gradient, nuint at)
        {
            Vector<float> g = Vector.LoadUnsafe(ref gradient, at);
            return Vector.ConditionalSelect(Vector.GreaterThan(Vector.LoadUnsafe(ref pre, at), Vector<float>.Zero), g, slope == 0f ? Vector<float>.Zero : g * new Vector<float>(slope));
        }

        public float Of(ref float pre, ref float output, ref float gradient, int at)
        {
            float g = Unsafe.Add(ref gradient, at);
            return Unsafe.Add(ref pre, at) > 0f ? g : (slope == 0f ? 0f : slope * g);
        }
    }
}
