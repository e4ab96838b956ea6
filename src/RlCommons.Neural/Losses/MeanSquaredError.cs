namespace RlCommons.Neural.Losses;

/// <summary>Mean squared error <c>L = mean((ŷ − y)²)</c>, PyTorch's <c>MSELoss</c> with mean reduction.</summary>
public static class MeanSquaredError
{
    /// <summary>Returns the loss and writes <c>dL/dŷ = 2 (ŷ − y) / n</c>.</summary>
    /// <param name="prediction">ŷ.</param>
    /// <param name="target">y, the same length; finite.</param>
    /// <param name="gradient">Receives dL/dŷ, the same length.</param>
    /// <returns>The mean loss.</returns>
    /// <exception cref="ArgumentException">Lengths differ, are zero, or a value is NaN or infinite (the parameter is named).</exception>
    public static float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient)
    {
        LossChecks.Lengths(prediction, target, gradient);
        int n = prediction.Length;
        float scale = 2f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float d = prediction[i] - target[i];
            sum += (double)d * d;
            gradient[i] = scale * d;
        }

        if (!double.IsFinite(sum))
        {
            LossChecks.Finite(prediction, target);
        }

        return (float)(sum / n);
    }
}
