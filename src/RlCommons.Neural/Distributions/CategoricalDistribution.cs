using System.Buffers;

namespace RlCommons.Neural.Distributions;

/// <summary>
/// A categorical distribution over actions given by unnormalized logits, with optional action masking: masked
/// actions get probability 0 (their logits are treated as −∞), as in MaskablePPO. Log-probabilities use a stable
/// log-softmax (the maximum allowed logit is subtracted first).
/// </summary>
/// <remarks>Stateless and allocation-free; safe to call from any thread with distinct buffers.</remarks>
public static class CategoricalDistribution
{
    // Rows up to this many actions keep their probabilities on the stack; longer ones rent them (no allocation in steady state).
    private const int StackLimit = 128;

    /// <summary>Writes log π(j) for every action j; masked actions get −∞.</summary>
    /// <param name="logits">One logit per action; finite.</param>
    /// <param name="mask">One flag per action (<see langword="true"/> = allowed), or empty for no mask.</param>
    /// <param name="logProbabilities">Receives one value per action.</param>
    /// <exception cref="ArgumentException">A length is wrong or the mask allows nothing.</exception>
    public static void LogProbabilities(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> logProbabilities)
    {
        Check(logits, mask);
        if (logProbabilities.Length != logits.Length)
        {
            throw new ArgumentException($"logProbabilities must hold {logits.Length} values, has {logProbabilities.Length}.", nameof(logProbabilities));
        }

        double logNormalizer = LogNormalizer(logits, mask);
        for (int j = 0; j < logits.Length; j++)
        {
            logProbabilities[j] = Allowed(mask, j) ? (float)(logits[j] - logNormalizer) : float.NegativeInfinity;
        }
    }

    /// <summary>Returns log π(<paramref name="action"/>).</summary>
    /// <param name="logits">One logit per action.</param>
    /// <param name="mask">One flag per action, or empty for no mask.</param>
    /// <param name="action">The action index.</param>
    /// <returns>The log-probability; −∞ for a masked action.</returns>
    /// <exception cref="ArgumentException">A length is wrong or the mask allows nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is out of range.</exception>
    public static double LogProbability(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action)
    {
        Check(logits, mask);
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, logits.Length);
        return Allowed(mask, action) ? logits[action] - LogNormalizer(logits, mask) : double.NegativeInfinity;
    }

    /// <summary>Returns the entropy −Σ π(j) log π(j) in nats, over the allowed actions.</summary>
    /// <param name="logits">One logit per action.</param>
    /// <param name="mask">One flag per action, or empty for no mask.</param>
    /// <returns>The entropy, in [0, log(allowed count)].</returns>
    /// <exception cref="ArgumentException">A length is wrong or the mask allows nothing.</exception>
    public static double Entropy(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        Check(logits, mask);
        double[]? rented = null;
        Span<double> probabilities = logits.Length <= StackLimit ? stackalloc double[logits.Length] : (rented = ArrayPool<double>.Shared.Rent(logits.Length)).AsSpan(0, logits.Length);
        Normalize(logits, mask, probabilities, out double entropy);
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        return entropy;
    }

    /// <summary>Draws an action with probability π(j), using one uniform draw from <paramref name="random"/>.</summary>
    /// <param name="logits">One logit per action.</param>
    /// <param name="mask">One flag per action, or empty for no mask.</param>
    /// <param name="random">The source of randomness.</param>
    /// <returns>An allowed action index.</returns>
    /// <exception cref="ArgumentException">A length is wrong or the mask allows nothing.</exception>
    public static int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Check(logits, mask);
        double logNormalizer = LogNormalizer(logits, mask);
        double u = random.NextDouble();
        double cumulative = 0;
        int last = -1;
        for (int j = 0; j < logits.Length; j++)
        {
            if (!Allowed(mask, j))
            {
                continue;
            }

            cumulative += Math.Exp(logits[j] - logNormalizer);
            last = j;
            if (u < cumulative)
            {
                return j;
            }
        }

        // Rounding can leave the cumulative sum a hair below 1.
        return last;
    }

    /// <summary>Returns the most likely allowed action (the lowest index on ties).</summary>
    /// <param name="logits">One logit per action.</param>
    /// <param name="mask">One flag per action, or empty for no mask.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentException">A length is wrong or the mask allows nothing.</exception>
    public static int Mode(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        Check(logits, mask);
        int best = -1;
        for (int j = 0; j < logits.Length; j++)
        {
            if (Allowed(mask, j) && (best < 0 || logits[j] > logits[best]))
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>
    /// Adds ∂/∂z of <c>logProbabilityWeight · log π(action) + entropyWeight · H</c> to <paramref name="gradient"/>,
    /// where z are the logits: ∂log π(a)/∂z_j = [j = a] − π(j) and ∂H/∂z_j = −π(j)·(log π(j) + H). Masked entries get 0.
    /// </summary>
    /// <param name="logits">One logit per action.</param>
    /// <param name="mask">One flag per action, or empty for no mask.</param>
    /// <param name="action">The action whose log-probability is differentiated; must be allowed.</param>
    /// <param name="logProbabilityWeight">The weight of log π(action).</param>
    /// <param name="entropyWeight">The weight of the entropy.</param>
    /// <param name="gradient">One value per action; the gradient is added to it.</param>
    /// <exception cref="ArgumentException">A length is wrong, the mask allows nothing, or the action is masked.</exception>
    public static void AccumulateGradient(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action, float logProbabilityWeight, float entropyWeight, Span<float> gradient)
    {
        Check(logits, mask);
        ArgumentOutOfRangeException.ThrowIfNegative(action);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(action, logits.Length);
        if (!Allowed(mask, action))
        {
            throw new ArgumentException($"Action {action} is masked; its log-probability is −∞.", nameof(action));
        }

        if (gradient.Length != logits.Length)
        {
            throw new ArgumentException($"gradient must hold {logits.Length} values, has {gradient.Length}.", nameof(gradient));
        }

        double[]? rented = null;
        Span<double> probabilities = logits.Length <= StackLimit ? stackalloc double[logits.Length] : (rented = ArrayPool<double>.Shared.Rent(logits.Length)).AsSpan(0, logits.Length);
        double logNormalizer = Normalize(logits, mask, probabilities, out double entropy);
        AccumulateGradient(logits, mask, action, logProbabilityWeight, entropyWeight, gradient, probabilities, logNormalizer, entropy);
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The log-normalizer log Σ exp(logits) over the allowed actions (the same value, bit for bit, that
    /// <see cref="LogProbability"/> subtracts), the probabilities (0 where masked) and the entropy, from one
    /// exponential per action: what a row's log-probability, entropy and gradient need
    /// (<see cref="AccumulateGradient(ReadOnlySpan{float}, ReadOnlySpan{bool}, int, float, float, Span{float}, ReadOnlySpan{double}, double, double)"/>).
    /// A training step's minibatch goes through <see cref="CategoricalBatch"/>, which uses the same formulas.
    /// Unchecked: the caller has validated the logits and the mask, and <paramref name="probabilities"/> has their length.
    /// </summary>
    internal static double Normalize(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<double> probabilities, out double entropy)
    {
        float max = MaxAllowed(logits, mask);
        double sum = SumOfExponentials(logits, mask, max, probabilities);
        double logNormalizer = max + Math.Log(sum);
        entropy = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double p = probabilities[j] / sum;
            probabilities[j] = p;
            if (p > 0)
            {
                entropy -= p * (logits[j] - logNormalizer);
            }
        }

        return logNormalizer;
    }

    /// <summary>
    /// Adds w·∇log π(<paramref name="action"/>) + w_H·∇H to <paramref name="gradient"/> given what <see cref="Normalize"/>
    /// computed for the same logits. Unchecked, as that method; the action must be allowed.
    /// </summary>
    internal static void AccumulateGradient(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action, float logProbabilityWeight, float entropyWeight, Span<float> gradient, ReadOnlySpan<double> probabilities, double logNormalizer, double entropy)
    {
        for (int j = 0; j < logits.Length; j++)
        {
            if (!Allowed(mask, j))
            {
                continue;
            }

            double p = probabilities[j];
            double g = logProbabilityWeight * ((j == action ? 1.0 : 0.0) - p);
            if (entropyWeight != 0)
            {
                // dH/dz_j = −p_j (log p_j + H).
                g -= entropyWeight * p * (logits[j] - logNormalizer + entropy);
            }

            gradient[j] += (float)g;
        }
    }

    private static double LogNormalizer(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        float max = MaxAllowed(logits, mask);
        return max + Math.Log(SumOfExponentials(logits, mask, max, default));
    }

    // Σ exp(logit − max) over the allowed actions, the one sum behind every normalizer here (so they agree bit for
    // bit); each term is also written to exponentials (0 where masked) unless that is empty.
    private static double SumOfExponentials(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, float max, Span<double> exponentials)
    {
        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            double e = Allowed(mask, j) ? Math.Exp(logits[j] - max) : 0;
            if (!exponentials.IsEmpty)
            {
                exponentials[j] = e;
            }

            sum += e;
        }

        return sum;
    }

    private static bool Allowed(ReadOnlySpan<bool> mask, int j) => mask.IsEmpty || mask[j];

    // The largest allowed logit, subtracted before exponentiating.
    private static float MaxAllowed(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < logits.Length; j++)
        {
            if (Allowed(mask, j) && logits[j] > max)
            {
                max = logits[j];
            }
        }

        return max;
    }

    private static void Check(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("logits must hold at least one value.", nameof(logits));
        }

        if (!mask.IsEmpty)
        {
            if (mask.Length != logits.Length)
            {
                throw new ArgumentException($"mask must hold {logits.Length} flags or none, has {mask.Length}.", nameof(mask));
            }

            if (!mask.Contains(true))
            {
                throw new ArgumentException("mask allows no action; at least one must be allowed.", nameof(mask));
            }
        }
    }
}
