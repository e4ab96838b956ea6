namespace RlCommons.Neural.Initializers;

/// <summary>
/// Weight initializers with PyTorch's formulas (<c>torch.nn.init</c>), drawing every number from a
/// caller-supplied <see cref="Random"/> so that one seed gives one network.
/// </summary>
public static class WeightInitializer
{
    /// <summary>
    /// PyTorch's <c>nn.Linear</c> reset: <c>kaiming_uniform_(a=√5)</c> on the weight, which reduces to
    /// U(−1/√fan_in, 1/√fan_in), and the same bound on the bias.
    /// </summary>
    /// <param name="weight">The weight values.</param>
    /// <param name="bias">The bias values.</param>
    /// <param name="fanIn">The number of inputs; at least 1.</param>
    /// <param name="random">The random source.</param>
    public static void PyTorchDefault(Span<float> weight, Span<float> bias, int fanIn, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        ArgumentNullException.ThrowIfNull(random);
        double bound = 1.0 / Math.Sqrt(fanIn);
        FillUniform(weight, bound, random);
        FillUniform(bias, bound, random);
    }

    /// <summary>Xavier uniform: U(−a, a) with <c>a = gain · √(6 / (fan_in + fan_out))</c>.</summary>
    /// <param name="weight">The weight values.</param>
    /// <param name="fanIn">The number of inputs; at least 1.</param>
    /// <param name="fanOut">The number of outputs; at least 1.</param>
    /// <param name="gain">The scale; positive.</param>
    /// <param name="random">The random source.</param>
    public static void XavierUniform(Span<float> weight, int fanIn, int fanOut, double gain, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanOut, 1);
        CheckGain(gain);
        ArgumentNullException.ThrowIfNull(random);
        FillUniform(weight, gain * Math.Sqrt(6.0 / (fanIn + fanOut)), random);
    }

    /// <summary>Kaiming normal in fan-in mode: N(0, (gain / √fan_in)²); use gain √2 for ReLU.</summary>
    /// <param name="weight">The weight values.</param>
    /// <param name="fanIn">The number of inputs; at least 1.</param>
    /// <param name="gain">The scale; positive.</param>
    /// <param name="random">The random source.</param>
    public static void KaimingNormal(Span<float> weight, int fanIn, double gain, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fanIn, 1);
        CheckGain(gain);
        ArgumentNullException.ThrowIfNull(random);
        double std = gain / Math.Sqrt(fanIn);
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)(std * StandardNormal(random));
        }
    }

    /// <summary>
    /// Orthogonal: the Q factor of a Gaussian matrix (signs fixed so that R has a positive diagonal, as in
    /// <c>torch.nn.init.orthogonal_</c>) times <paramref name="gain"/>. Rows are orthonormal when
    /// rows ≤ cols, columns otherwise.
    /// </summary>
    /// <param name="weight">The weight values, rows × cols, row-major.</param>
    /// <param name="rows">The number of rows (outputs).</param>
    /// <param name="cols">The number of columns (inputs).</param>
    /// <param name="gain">The scale; positive.</param>
    /// <param name="random">The random source.</param>
    public static void Orthogonal(Span<float> weight, int rows, int cols, double gain, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        CheckGain(gain);
        ArgumentNullException.ThrowIfNull(random);
        if (weight.Length != rows * cols)
        {
            throw new ArgumentException($"weight must hold rows · cols = {rows * cols} values, has {weight.Length}.", nameof(weight));
        }

        // Orthonormalize the columns of a tall n × m Gaussian matrix (n ≥ m) by modified Gram–Schmidt,
        // run twice for float-level orthogonality. Gram–Schmidt gives R a positive diagonal by construction,
        // which is the same sign convention PyTorch applies after its QR.
        int n = Math.Max(rows, cols);
        int m = Math.Min(rows, cols);
        var a = new double[n * m];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = StandardNormal(random);
        }

        for (int j = 0; j < m; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < j; p++)
                {
                    double r = 0;
                    for (int i = 0; i < n; i++)
                    {
                        r += a[(i * m) + p] * a[(i * m) + j];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        a[(i * m) + j] -= r * a[(i * m) + p];
                    }
                }
            }

            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                norm += a[(i * m) + j] * a[(i * m) + j];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++)
            {
                a[(i * m) + j] /= norm;
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double q = rows >= cols ? a[(r * m) + c] : a[(c * m) + r];
                weight[(r * cols) + c] = (float)(gain * q);
            }
        }
    }

    private static void FillUniform(Span<float> values, double bound, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
        }
    }

    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void CheckGain(double gain)
    {
        if (!(double.IsFinite(gain) && gain > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "gain must be a finite number greater than 0.");
        }
    }
}
