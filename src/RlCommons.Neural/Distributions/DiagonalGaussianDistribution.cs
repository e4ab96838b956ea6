using RlCommons.Neural.Layers;

namespace RlCommons.Neural.Distributions;

/// <summary>
/// A diagonal Gaussian N(μ, diag σ²) over continuous actions, parameterized by a mean vector (the policy
/// network's output) and log σ. For PPO and A2C log σ is state-independent: one learnable <see cref="Parameter"/>
/// made by <see cref="CreateLogStd"/> (SB3's <c>log_std</c>, initialized to 0).
/// </summary>
/// <remarks>Stateless and allocation-free; safe to call from any thread with distinct buffers.</remarks>
public static class DiagonalGaussianDistribution
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Creates a learnable state-independent log σ vector.</summary>
    /// <param name="dimension">The action dimension; at least 1.</param>
    /// <param name="initialValue">The initial log σ of every component.</param>
    /// <returns>A parameter named <c>log_std</c>, to hand to an optimizer with the network's parameters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> is below 1 or the value is not finite.</exception>
    public static Parameter CreateLogStd(int dimension, double initialValue = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!double.IsFinite(initialValue))
        {
            throw new ArgumentOutOfRangeException(nameof(initialValue), initialValue, "initialValue must be finite.");
        }

        var parameter = new Parameter("log_std", dimension);
        parameter.Values.Fill((float)initialValue);
        return parameter;
    }

    /// <summary>Returns log N(action; μ, σ²) = Σᵢ −(aᵢ − μᵢ)²/(2σᵢ²) − log σᵢ − ½ log 2π.</summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ, same length.</param>
    /// <param name="action">The action, same length.</param>
    /// <returns>The log-density.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double LogProbability(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> action)
    {
        Check(mean, logStd);
        CheckLength(action, mean.Length, nameof(action));
        double total = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double z = (action[i] - mean[i]) * Math.Exp(-logStd[i]);
            total += (-0.5 * z * z) - logStd[i] - HalfLogTwoPi;
        }

        return total;
    }

    /// <summary>Returns the entropy Σᵢ ½ + ½ log 2π + log σᵢ in nats (it does not depend on μ).</summary>
    /// <param name="logStd">log σ.</param>
    /// <returns>The differential entropy.</returns>
    /// <exception cref="ArgumentException"><paramref name="logStd"/> is empty.</exception>
    public static double Entropy(ReadOnlySpan<float> logStd)
    {
        if (logStd.IsEmpty)
        {
            throw new ArgumentException("logStd must hold at least one value.", nameof(logStd));
        }

        double total = 0;
        foreach (float s in logStd)
        {
            total += 0.5 + HalfLogTwoPi + s;
        }

        return total;
    }

    /// <summary>Draws aᵢ = μᵢ + σᵢ·εᵢ with εᵢ standard normal from <paramref name="random"/> (two uniforms per component).</summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ, same length.</param>
    /// <param name="random">The source of randomness.</param>
    /// <param name="action">Receives the action, same length.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static void Sample(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, Random random, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(random);
        Check(mean, logStd);
        CheckLength(action, mean.Length, nameof(action));
        for (int i = 0; i < mean.Length; i++)
        {
            action[i] = (float)(mean[i] + (Math.Exp(logStd[i]) * StandardNormal.Sample(random)));
        }
    }

    /// <summary>
    /// Adds the gradient of <c>logProbabilityWeight · log N(action; μ, σ²) + entropyWeight · H</c>:
    /// ∂/∂μᵢ = w·(aᵢ − μᵢ)/σᵢ², ∂/∂log σᵢ = w·((aᵢ − μᵢ)²/σᵢ² − 1) + w_H.
    /// </summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ.</param>
    /// <param name="action">The action.</param>
    /// <param name="logProbabilityWeight">The weight of the log-density.</param>
    /// <param name="entropyWeight">The weight of the entropy.</param>
    /// <param name="meanGradient">Receives (adds) ∂/∂μ.</param>
    /// <param name="logStdGradient">Receives (adds) ∂/∂log σ.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static void AccumulateGradient(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> action, float logProbabilityWeight, float entropyWeight, Span<float> meanGradient, Span<float> logStdGradient)
    {
        Check(mean, logStd);
        CheckLength(action, mean.Length, nameof(action));
        CheckLength(meanGradient, mean.Length, nameof(meanGradient));
        CheckLength(logStdGradient, mean.Length, nameof(logStdGradient));
        for (int i = 0; i < mean.Length; i++)
        {
            double inverseVariance = Math.Exp(-2.0 * logStd[i]);
            double difference = action[i] - mean[i];
            meanGradient[i] += (float)(logProbabilityWeight * difference * inverseVariance);
            logStdGradient[i] += (float)((logProbabilityWeight * ((difference * difference * inverseVariance) - 1.0)) + entropyWeight);
        }
    }

    internal static void Check(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd)
    {
        if (mean.IsEmpty)
        {
            throw new ArgumentException("mean must hold at least one value.", nameof(mean));
        }

        CheckLength(logStd, mean.Length, nameof(logStd));
    }

    internal static void CheckLength(ReadOnlySpan<float> span, int expected, string name)
    {
        if (span.Length != expected)
        {
            throw new ArgumentException($"{name} must hold {expected} values, has {span.Length}.", name);
        }
    }
}
