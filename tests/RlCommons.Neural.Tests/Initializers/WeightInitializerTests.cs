using RlCommons.Neural.Initializers;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Initializers;

public sealed class WeightInitializerTests
{
    private static (double Mean, double Variance) Moments(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (float v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double variance = 0;
        foreach (float v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        return (mean, variance / values.Length);
    }

    [Fact]
    public void PyTorchDefault_FanIn64_StaysInBoundWithUniformVariance()
    {
        var weight = new float[64 * 64];
        var bias = new float[64];

        WeightInitializer.PyTorchDefault(weight, bias, 64, new Xoshiro256Random(1));

        // U(−1/8, 1/8): variance 1/192; 4096 draws put the sample mean within ±0.004 (3.5 σ).
        Assert.All(weight, w => Assert.InRange(w, -0.125f, 0.125f));
        Assert.All(bias, b => Assert.InRange(b, -0.125f, 0.125f));
        (double mean, double variance) = Moments(weight);
        Assert.InRange(mean, -0.004, 0.004);
        Assert.InRange(variance, 0.95 / 192, 1.05 / 192);
        Assert.Contains(bias, b => b != 0f);
    }

    [Fact]
    public void XavierUniform_GainTwo_HasGlorotBoundAndVariance()
    {
        var weight = new float[64 * 32];

        WeightInitializer.XavierUniform(weight, 64, 32, 2.0, new Xoshiro256Random(2));

        double a = 2.0 * Math.Sqrt(6.0 / 96);
        Assert.All(weight, w => Assert.InRange(w, -a, a));
        (double mean, double variance) = Moments(weight);
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95 * a * a / 3, 1.05 * a * a / 3);
    }

    [Fact]
    public void KaimingNormal_ReluGain_HasVarianceTwoOverFanIn()
    {
        var weight = new float[128 * 64];

        WeightInitializer.KaimingNormal(weight, 128, Math.Sqrt(2), new Xoshiro256Random(3));

        (double mean, double variance) = Moments(weight);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.95 * 2 / 128, 1.05 * 2 / 128);
    }

    [Theory]
    [InlineData(64, 4, 1.0)]
    [InlineData(4, 64, 1.4142135623730951)]
    [InlineData(32, 32, 0.01)]
    public void Orthogonal_AnyShape_GivesGainSquaredIdentity(int rows, int cols, double gain)
    {
        var w = new float[rows * cols];

        WeightInitializer.Orthogonal(w, rows, cols, gain, new Xoshiro256Random(4));

        // Columns are orthogonal for tall matrices (WᵀW = g²I), rows for wide ones (WWᵀ = g²I).
        bool tall = rows >= cols;
        int m = Math.Min(rows, cols);
        int n = Math.Max(rows, cols);
        double g2 = gain * gain;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++)
                {
                    dot += tall ? (double)w[(k * cols) + i] * w[(k * cols) + j] : (double)w[(i * cols) + k] * w[(j * cols) + k];
                }

                Assert.Equal(i == j ? g2 : 0.0, dot, 1e-5 * g2);
            }
        }
    }

    [Fact]
    public void Orthogonal_SameSeed_IsDeterministic()
    {
        var a = new float[12];
        var b = new float[12];

        WeightInitializer.Orthogonal(a, 3, 4, 1.0, new Xoshiro256Random(8));
        WeightInitializer.Orthogonal(b, 3, 4, 1.0, new Xoshiro256Random(8));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Orthogonal_WrongLength_ThrowsNamingWeight()
    {
        var ex = Assert.Throws<ArgumentException>(() => WeightInitializer.Orthogonal(new float[5], 2, 3, 1.0, new Xoshiro256Random(1)));

        Assert.Equal("weight", ex.ParamName);
    }
}
