using System.Numerics;
using System.Numerics.Tensors;

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
        switch (activation)
        {
            case Activation.Identity:
                outputGradient.CopyTo(preGradient);
                break;
            case Activation.Relu:
                Rectified(pre, outputGradient, preGradient, 0f);
                break;
            case Activation.Tanh:
                // tanh' = 1 − tanh², from the stored output rather than recomputing tanh.
                int i = 0;
                for (; i <= output.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var y = new Vector<float>(output[i..]);
                    (new Vector<float>(outputGradient[i..]) * (Vector<float>.One - (y * y))).CopyTo(preGradient[i..]);
                }

                for (; i < output.Length; i++)
                {
                    float y = output[i];
                    preGradient[i] = outputGradient[i] * (1f - (y * y));
                }

                break;
            case Activation.LeakyRelu:
                Rectified(pre, outputGradient, preGradient, slope);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    // g where pre > 0, slope · g elsewhere. Slope 0 is the ReLU: an exact 0 there (even for an infinite g),
    // and the derivative at 0 is 0, as in PyTorch.
    private static void Rectified(ReadOnlySpan<float> pre, ReadOnlySpan<float> outputGradient, Span<float> preGradient, float slope)
    {
        int i = 0;
        var vSlope = new Vector<float>(slope);
        for (; i <= pre.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var g = new Vector<float>(outputGradient[i..]);
            Vector<int> positive = Vector.GreaterThan(new Vector<float>(pre[i..]), Vector<float>.Zero);
            Vector.ConditionalSelect(positive, g, slope == 0f ? Vector<float>.Zero : g * vSlope).CopyTo(preGradient[i..]);
        }

        for (; i < pre.Length; i++)
        {
            preGradient[i] = pre[i] > 0f ? outputGradient[i] : (slope == 0f ? 0f : slope * outputGradient[i]);
        }
    }
}
