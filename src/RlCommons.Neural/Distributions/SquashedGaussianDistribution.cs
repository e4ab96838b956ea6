namespace RlCommons.Neural.Distributions;

/// <summary>
/// The tanh-squashed diagonal Gaussian of SAC (Haarnoja et al. 2018, appendix C): u = μ + σ·ε with ε ~ N(0, I) and
/// a = tanh(u) in (−1, 1)ᵈ, with log π(a) = Σᵢ log N(uᵢ; μᵢ, σᵢ²) − log(1 − aᵢ² + 10⁻⁶) (SB3's ε keeps the
/// logarithm finite at the bounds). Gradients are reparameterized: ε is held fixed and μ, log σ move.
/// </summary>
/// <remarks>Stateless and allocation-free; safe to call from any thread with distinct buffers.</remarks>
public static class SquashedGaussianDistribution
{
    private const double Epsilon = 1e-6;
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Draws ε from <paramref name="random"/>, writes ε and a = tanh(μ + σ·ε), and returns log π(a).</summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ, same length.</param>
    /// <param name="random">The source of randomness (two uniforms per component).</param>
    /// <param name="noise">Receives ε, same length (keep it for <see cref="AccumulateGradient"/>).</param>
    /// <param name="action">Receives a, same length.</param>
    /// <returns>log π(a).</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double Sample(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, Random random, Span<float> noise, Span<float> action)
    {
        ArgumentNullException.ThrowIfNull(random);
        DiagonalGaussianDistribution.Check(mean, logStd);
        DiagonalGaussianDistribution.CheckLength(noise, mean.Length, nameof(noise));
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)StandardNormal.Sample(random);
        }

        return Transform(mean, logStd, noise, action);
    }

    /// <summary>Writes a = tanh(μ + σ·ε) for a given ε and returns log π(a).</summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ, same length.</param>
    /// <param name="noise">ε, same length.</param>
    /// <param name="action">Receives a, same length.</param>
    /// <returns>log π(a).</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double Transform(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> noise, Span<float> action)
    {
        DiagonalGaussianDistribution.Check(mean, logStd);
        DiagonalGaussianDistribution.CheckLength(noise, mean.Length, nameof(noise));
        DiagonalGaussianDistribution.CheckLength(action, mean.Length, nameof(action));
        double total = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double a = Math.Tanh(mean[i] + (Math.Exp(logStd[i]) * noise[i]));
            action[i] = (float)a;
            total += (-0.5 * noise[i] * noise[i]) - logStd[i] - HalfLogTwoPi - Math.Log(1.0 - (a * a) + Epsilon);
        }

        return total;
    }

    /// <summary>Writes the deterministic action tanh(μ).</summary>
    /// <param name="mean">μ.</param>
    /// <param name="action">Receives tanh(μ), same length.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static void Mode(ReadOnlySpan<float> mean, Span<float> action)
    {
        if (mean.IsEmpty)
        {
            throw new ArgumentException("mean must hold at least one value.", nameof(mean));
        }

        DiagonalGaussianDistribution.CheckLength(action, mean.Length, nameof(action));
        for (int i = 0; i < mean.Length; i++)
        {
            action[i] = MathF.Tanh(mean[i]);
        }
    }

    /// <summary>
    /// Adds the reparameterized gradient of <c>Σᵢ gᵢ·aᵢ + w·log π(a)</c> with ε fixed. With kᵢ = 2aᵢ(1 − aᵢ²)/(1 − aᵢ² + 10⁻⁶):
    /// ∂/∂μᵢ = gᵢ(1 − aᵢ²) + w·kᵢ and ∂/∂log σᵢ = (gᵢ(1 − aᵢ²) + w·kᵢ)·σᵢεᵢ − w.
    /// </summary>
    /// <param name="mean">μ.</param>
    /// <param name="logStd">log σ.</param>
    /// <param name="noise">The ε the action was drawn with.</param>
    /// <param name="actionGradient">g = ∂loss/∂a (for SAC's actor, −∂Q/∂a).</param>
    /// <param name="logProbabilityWeight">w, the weight of log π(a) (SAC's temperature α).</param>
    /// <param name="meanGradient">Receives (adds) ∂/∂μ.</param>
    /// <param name="logStdGradient">Receives (adds) ∂/∂log σ.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static void AccumulateGradient(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> noise, ReadOnlySpan<float> actionGradient, float logProbabilityWeight, Span<float> meanGradient, Span<float> logStdGradient)
    {
        DiagonalGaussianDistribution.Check(mean, logStd);
        DiagonalGaussianDistribution.CheckLength(noise, mean.Length, nameof(noise));
        DiagonalGaussianDistribution.CheckLength(actionGradient, mean.Length, nameof(actionGradient));
        DiagonalGaussianDistribution.CheckLength(meanGradient, mean.Length, nameof(meanGradient));
        DiagonalGaussianDistribution.CheckLength(logStdGradient, mean.Length, nameof(logStdGradient));
        for (int i = 0; i < mean.Length; i++)
        {
            double std = Math.Exp(logStd[i]);
            double a = Math.Tanh(mean[i] + (std * noise[i]));
            double slope = 1.0 - (a * a);
            double k = 2.0 * a * slope / (slope + Epsilon);
            double dU = (actionGradient[i] * slope) + (logProbabilityWeight * k);
            meanGradient[i] += (float)dU;
            logStdGradient[i] += (float)((dU * std * noise[i]) - logProbabilityWeight);
        }
    }
}
