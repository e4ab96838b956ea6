using System.Globalization;
using System.Numerics.Tensors;
using RlCommons.Neural.Layers;

namespace RlCommons.Neural.Optimizers;

/// <summary>Gradient clipping as PyTorch's <c>clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together by <c>min(1, maxNorm / (‖g‖ + 1e-6))</c>, where ‖g‖ is the L2 norm of
    /// every gradient concatenated.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">The largest allowed norm; positive.</param>
    /// <returns>The total norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive.</exception>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(double.IsFinite(maxNorm) && maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, string.Create(CultureInfo.InvariantCulture, $"maxNorm must be a finite number greater than 0, was {maxNorm}."));
        }

        double squares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            float norm = TensorPrimitives.Norm<float>(parameters[i].Grad);
            squares += (double)norm * norm;
        }

        double total = Math.Sqrt(squares);
        double coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1.0)
        {
            float scale = (float)coefficient;
            for (int i = 0; i < parameters.Count; i++)
            {
                float[] g = parameters[i].Grad;
                TensorPrimitives.Multiply(g, scale, g);
            }
        }

        return total;
    }
}
