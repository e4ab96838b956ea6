namespace RlCommons.Benchmarks.Contextual;

/// <summary>
/// Fixed-seed contexts and rewards for the linear bandit benchmarks: features uniform in [0, 1) with a constant
/// 1 last (the intercept), and for every context the reward each arm would earn, a linear function of the
/// features plus noise. Indices cycle through a power-of-two table so no allocation happens per call.
/// </summary>
internal sealed class ContextualWorkload
{
    public const int Contexts = 1024;

    private readonly float[] _features;
    private readonly double[] _rewards;

    public ContextualWorkload(int dimension, int arms, int seed)
    {
        Dimension = dimension;
        Arms = arms;
        var random = new Random(seed);
        var theta = new double[arms * dimension];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = (random.NextDouble() - 0.5) / dimension;
        }

        _features = new float[Contexts * dimension];
        _rewards = new double[Contexts * arms];
        for (int c = 0; c < Contexts; c++)
        {
            Span<float> x = _features.AsSpan(c * dimension, dimension);
            for (int j = 0; j < dimension - 1; j++)
            {
                x[j] = (float)random.NextDouble();
            }

            x[^1] = 1;
            for (int a = 0; a < arms; a++)
            {
                double mean = 0;
                for (int j = 0; j < dimension; j++)
                {
                    mean += theta[(a * dimension) + j] * x[j];
                }

                _rewards[(c * arms) + a] = mean + (0.1 * (random.NextDouble() - 0.5));
            }
        }
    }

    public int Dimension { get; }

    public int Arms { get; }

    /// <summary>The features of context <paramref name="c"/> (taken modulo the table size).</summary>
    public ReadOnlySpan<float> Features(int c) => _features.AsSpan((c & (Contexts - 1)) * Dimension, Dimension);

    /// <summary>The reward arm <paramref name="arm"/> earns in context <paramref name="c"/>.</summary>
    public double Reward(int c, int arm) => _rewards[((c & (Contexts - 1)) * Arms) + arm];
}
