using BenchmarkDotNet.Attributes;
using RlCommons.Neural.Distributions;
using RlCommons.Randomness;

namespace RlCommons.Benchmarks.Neural;

/// <summary>
/// The categorical part of a PPO minibatch of 64 rows with 4 actions, read with a shared network's stride of 5:
/// normalization (probabilities, log-normalizers, entropies) and the gradient of the log-probability and entropy
/// terms, batched over the rows, against the one-row methods row by row (the baseline). Must allocate nothing.
/// </summary>
public class CategoricalBatchBenchmarks
{
    private const int Rows = 64;
    private const int Actions = 4;
    private const int Stride = Actions + 1;
    private readonly float[] _logits = new float[Rows * Stride];
    private readonly float[] _actions = new float[Rows];
    private readonly float[] _weights = new float[Rows];
    private readonly float[] _gradient = new float[Rows * Stride];
    private readonly double[] _probabilities = new double[Actions];
    private readonly CategoricalBatch _batch = new(Rows, Actions);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Xoshiro256Random(11);
        for (int i = 0; i < _logits.Length; i++)
        {
            _logits[i] = (float)((2 * random.NextDouble()) - 1);
        }

        for (int r = 0; r < Rows; r++)
        {
            _actions[r] = random.Next(Actions);
            _weights[r] = (float)(random.NextDouble() - 0.5);
        }
    }

    /// <summary>Row by row: one normalization per row, then the one-row gradient from it.</summary>
    [Benchmark(Baseline = true)]
    public float OneRowAtATime()
    {
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> row = _logits.AsSpan(r * Stride, Actions);
            double logNormalizer = CategoricalDistribution.Normalize(row, default, _probabilities, out double entropy);
            CategoricalDistribution.AccumulateGradient(row, default, (int)_actions[r], _weights[r], -0.01f, _gradient.AsSpan(r * Stride, Actions), _probabilities, logNormalizer, entropy);
        }

        return _gradient[0];
    }

    /// <summary>The batch: normalization and gradient over all rows in vector lanes.</summary>
    [Benchmark]
    public float Batched()
    {
        _batch.Normalize(_logits, Stride, Rows, default);
        _batch.AccumulateGradient(default, _actions, _weights, -0.01f, _gradient, Stride);
        return _gradient[0];
    }
}
