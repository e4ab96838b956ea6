using RlCommons.Neural.Distributions;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using Xunit;

namespace RlCommons.Neural.Tests.Distributions;

public sealed class CategoricalBatchTests
{
    // Rows in vector lanes and in the scalar tail, logits read with a stride (a shared network's value column between
    // rows), with and without masks: every value agrees with the one-row methods to double precision (the batch's
    // vectorized exponentials may differ from Math.Exp in the last bit).
    [Theory]
    [InlineData(64, 4, 5, false)]
    [InlineData(13, 3, 3, false)]
    [InlineData(9, 6, 7, true)]
    [InlineData(1, 2, 2, false)]
    public void Normalize_MatchesOneRowMethods(int rows, int actions, int stride, bool masked)
    {
        var random = new Xoshiro256Random((ulong)((rows * 100) + actions));
        float[] logits = GradientCheck.RandomValues(random, rows * stride, 3.0);
        bool[] masks = masked ? RandomMasks(random, rows, actions) : [];
        var batch = new CategoricalBatch(64, actions);

        batch.Normalize(logits, stride, rows, masks);

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(r * stride, actions);
            ReadOnlySpan<bool> mask = masked ? masks.AsSpan(r * actions, actions) : default;
            Assert.Equal(CategoricalDistribution.Entropy(row, mask), batch.Entropies[r], 1e-12);
            var logProbabilities = new float[actions];
            CategoricalDistribution.LogProbabilities(row, mask, logProbabilities);
            var probabilities = new double[actions];
            double logNormalizer = CategoricalDistribution.Normalize(row, mask, probabilities, out _);
            Assert.Equal(logNormalizer, batch.LogNormalizers[r], 1e-12);
            for (int j = 0; j < actions; j++)
            {
                Assert.Equal(probabilities[j], batch.Probability(r, j), 1e-12);
                if (!masked || mask[j])
                {
                    Assert.Equal(logProbabilities[j], (float)(row[j] - batch.LogNormalizers[r]), 1e-6f);
                }
            }
        }
    }

    [Theory]
    [InlineData(64, 4, 5, false, 0.01f)]
    [InlineData(13, 3, 3, false, 0f)]
    [InlineData(9, 6, 7, true, -0.02f)]
    public void AccumulateGradient_MatchesOneRowMethod(int rows, int actions, int stride, bool masked, float entropyWeight)
    {
        var random = new Xoshiro256Random((ulong)((rows * 1000) + actions));
        float[] logits = GradientCheck.RandomValues(random, rows * stride, 3.0);
        bool[] masks = masked ? RandomMasks(random, rows, actions) : [];
        float[] weights = GradientCheck.RandomValues(random, rows);
        var taken = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int action;
            do
            {
                action = random.Next(actions);
            }
            while (masked && !masks[(r * actions) + action]);
            taken[r] = action;
        }

        float[] gradient = GradientCheck.RandomValues(random, rows * stride);
        float[] expected = (float[])gradient.Clone();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<bool> mask = masked ? masks.AsSpan(r * actions, actions) : default;
            CategoricalDistribution.AccumulateGradient(logits.AsSpan(r * stride, actions), mask, (int)taken[r], weights[r], entropyWeight, expected.AsSpan(r * stride, actions));
        }

        var batch = new CategoricalBatch(64, actions);
        batch.Normalize(logits, stride, rows, masks);

        batch.AccumulateGradient(masks, taken, weights, entropyWeight, gradient, stride);

        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.Equal(expected[i], gradient[i], 1e-6f);
        }
    }

    // A row's results do not depend on whether it falls in the vector lanes or the scalar tail.
    [Fact]
    public void NormalizeAndGradient_SameRowInLanesAndTail_GiveIdenticalBits()
    {
        const int rows = 11, actions = 4;
        var random = new Xoshiro256Random(3);
        float[] logits = GradientCheck.RandomValues(random, rows * actions, 3.0);
        logits.AsSpan(0, actions).CopyTo(logits.AsSpan((rows - 1) * actions, actions));
        float[] weights = GradientCheck.RandomValues(random, rows);
        weights[rows - 1] = weights[0];
        var taken = new float[rows];
        taken[rows - 1] = taken[0] = 2;
        var gradient = new float[rows * actions];
        var batch = new CategoricalBatch(rows, actions);

        batch.Normalize(logits, actions, rows, default);
        batch.AccumulateGradient(default, taken, weights, 0.01f, gradient, actions);

        Assert.Equal(batch.Entropies[0], batch.Entropies[rows - 1]);
        Assert.Equal(batch.LogNormalizers[0], batch.LogNormalizers[rows - 1]);
        for (int j = 0; j < actions; j++)
        {
            Assert.Equal(batch.Probability(0, j), batch.Probability(rows - 1, j));
            Assert.Equal(gradient[j], gradient[((rows - 1) * actions) + j]);
        }
    }

    [Fact]
    public void AccumulateGradient_MaskedActions_AreLeftUntouched()
    {
        float[] logits = [1f, 2f, 3f, 0.5f, -1f, 2f];
        bool[] masks = [true, false, true, false, true, true];
        float[] gradient = [7f, 7f, 7f, 7f, 7f, 7f];
        var batch = new CategoricalBatch(2, 3);
        batch.Normalize(logits, 3, 2, masks);

        batch.AccumulateGradient(masks, [0f, 2f], [1f, -1f], 0.1f, gradient, 3);

        Assert.Equal(7f, gradient[1]);
        Assert.Equal(7f, gradient[3]);
        Assert.Equal(0.0, batch.Probability(0, 1));
        Assert.Equal(0.0, batch.Probability(1, 0));
    }

    [Fact]
    public void Constructor_BadSizes_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalBatch(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalBatch(4, 0));
    }

    private static bool[] RandomMasks(Random random, int rows, int actions)
    {
        var masks = new bool[rows * actions];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < actions; j++)
            {
                masks[(r * actions) + j] = random.NextDouble() < 0.6;
            }

            masks[(r * actions) + random.Next(actions)] = true;
        }

        return masks;
    }
}
