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

    /// <summary>Writes <c>dL/dpre = dL/doutput · f'(pre)</c> into <paramref name="preGradient"/>.</summary>
    public static void Backward(Activation activation, float slope, ReadOnlySpan<float> pre, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> preGradient)
    {
        // The kernels read through unchecked references, so the lengths are checked once here.
        if (output.Length != pre.Length || outputGradient.Length != pre.Length || preGradient.Length != pre.Length)
        {
            throw new ArgumentException("pre, output, outputGradient and preGradient must have the same length.");
        }

        switch (activation)
        {
            case Activation.Identity:
                outputGradient.CopyTo(preGradient);
                break;
            case Activation.Relu:
                Rectified(pre, outputGradient, preGradient, 0f);
                break;
            case Activation.Tanh:
                TanhBackward(output, outputGradient, preGradient);
                break;
            case Activation.LeakyRelu:
                Rectified(pre, outputGradient, preGradient, slope);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    // tanh' = 1 − tanh², from the stored output rather than recomputing tanh: g·(1 − y·y), the same operations in the
    // vector body and the scalar tail. The lengths were checked by the callers (equal spans).
    private static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> preGradient)
    {
        int length = output.Length;
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(outputGradient);
        ref float d = ref MemoryMarshal.GetReference(preGradient);
        int width = Vector<float>.Count;
        int i = 0;
        for (; i <= length - width; i += width)
        {
            Vector<float> v = Vector.LoadUnsafe(ref y, (nuint)i);
            (Vector.LoadUnsafe(ref g, (nuint)i) * (Vector<float>.One - (v * v))).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < length; i++)
        {
            float v = Unsafe.Add(ref y, i);
            Unsafe.Add(ref d, i) = Unsafe.Add(ref g, i) * (1f - (v * v));
        }
    }

    // g where pre > 0, slope · g elsewhere. Slope 0 is the ReLU: an exact 0 there (even for an infinite g),
    // and the derivative at 0 is 0, as in PyTorch.
    private static void Rectified(ReadOnlySpan<float> pre, ReadOnlySpan<float> outputGradient, Span<float> preGradient, float slope)
    {
        int length = pre.Length;
        ref float z = ref MemoryMarshal.GetReference(pre);
        ref float g = ref MemoryMarshal.GetReference(outputGradient);
        ref float d = ref MemoryMarshal.GetReference(preGradient);
        int width = Vector<float>.Count;
        int i = 0;
        var vSlope = new Vector<float>(slope);
        for (; i <= length - width; i += width)
        {
            Vector<float> gradient = Vector.LoadUnsafe(ref g, (nuint)i);
            Vector<int> positive = Vector.GreaterThan(Vector.LoadUnsafe(ref z, (nuint)i), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, gradient, slope == 0f ? Vector<float>.Zero : gradient * vSlope).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < length; i++)
        {
            float gradient = Unsafe.Add(ref g, i);
            Unsafe.Add(ref d, i) = Unsafe.Add(ref z, i) > 0f ? gradient : (slope == 0f ? 0f : slope * gradient);
        }
    }
}
