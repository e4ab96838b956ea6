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
                TensorPrimitives.Tanh(pre, output);
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
                for (int i = 0; i < pre.Length; i++)
                {
                    preGradient[i] = pre[i] > 0f ? outputGradient[i] : 0f;
                }

                break;
            case Activation.Tanh:
                // tanh' = 1 − tanh², from the stored output rather than recomputing tanh.
                for (int i = 0; i < output.Length; i++)
                {
                    float y = output[i];
                    preGradient[i] = outputGradient[i] * (1f - (y * y));
                }

                break;
            case Activation.LeakyRelu:
                for (int i = 0; i < pre.Length; i++)
                {
                    preGradient[i] = pre[i] > 0f ? outputGradient[i] : slope * outputGradient[i];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }
}
