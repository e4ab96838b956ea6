using System.Globalization;

namespace RlCommons.Neural.Losses;

/// <summary>
/// Huber loss with mean reduction (PyTorch's <c>HuberLoss</c>; with δ = 1 it equals <c>SmoothL1Loss</c> with β = 1,
/// the DQN loss of SB3): per element <c>½d²</c> when <c>|d| &lt; δ</c>, else <c>δ(|d| − ½δ)</c>.
/// </summary>
public static class HuberLoss
{
    /// <summary>Returns the mean loss and writes <c>dL/dŷ = clamp(d, −δ, δ) / n</c>.</summary>
    /// <param name="prediction">ŷ.</param>
    /// <param name="target">y, the same length; finite.</param>
    /// <param name="gradient">Receives dL/dŷ, the same length.</param>
    /// <param name="delta">δ, the switch point between quadratic and linear; positive. The default is 1.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">Lengths differ, are zero, or a value is NaN or infinite (the parameter is named).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive.</exception>
    public static float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, float delta = 1f)
    {
        if (!(float.IsFinite(delta) && delta > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, string.Create(CultureInfo.InvariantCulture, $"delta must be a finite number greater than 0, was {delta}."));
        }

        LossChecks.Lengths(prediction, target, gradient);
        int n = prediction.Length;
        float inverse = 1f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            float a = MathF.Abs(d);
            if (a < delta)
            {
                sum += 0.5 * d * d;
                gradient[i] = d * inverse;
            }
            else
            {
                sum += delta * (a - (0.5 * delta));
                gradient[i] = MathF.CopySign(delta, d) * inverse;
            }
        }

        if (!double.IsFinite(sum))
        {
            LossChecks.Finite(prediction, target);
        }

        return (float)(sum / n);
    }
}
