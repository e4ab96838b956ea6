using RlCommons.Neural.Losses;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Losses;

public sealed class HuberLossTests
{
    [Fact]
    public void Compute_BothRegions_MatchesSmoothL1()
    {
        var gradient = new float[4];

        // d = 0.5 → 0.125; d = −2 → 1.5; d = 3 → 2.5; d = 0 → 0; mean 4.125 / 4.
        float loss = HuberLoss.Compute([0.5f, -2f, 3f, 1f], [0f, 0f, 0f, 1f], gradient);

        Assert.Equal(1.03125f, loss, 6);
        Assert.Equal([0.125f, -0.25f, 0.25f, 0f], gradient);
    }

    [Fact]
    public void Compute_DeltaTwo_ScalesLinearRegion()
    {
        var gradient = new float[1];

        // |d| = 3 ≥ δ = 2: δ(|d| − δ/2) = 2 · 2 = 4; gradient δ · sign(d).
        float loss = HuberLoss.Compute([-3f], [0f], gradient, 2f);

        Assert.Equal(4f, loss);
        Assert.Equal(-2f, gradient[0]);
    }

    [Fact]
    public void Compute_RandomValues_GradientMatchesFiniteDifferences()
    {
        var random = new Xoshiro256Random(5);
        float[] prediction = GradientCheck.RandomValues(random, 12, 3.0);
        float[] target = GradientCheck.RandomValues(random, 12, 3.0);
        var gradient = new float[12];
        HuberLoss.Compute(prediction, target, gradient);

        GradientCheck.Assert(prediction, gradient, () => HuberLoss.Compute(prediction, target, new float[12]), "prediction");
    }

    [Fact]
    public void Compute_NaNTarget_ThrowsNamingTarget()
    {
        var ex = Assert.Throws<ArgumentException>(() => HuberLoss.Compute([1f], [float.NaN], new float[1]));

        Assert.Equal("target", ex.ParamName);
    }

    [Fact]
    public void Compute_NonPositiveDelta_ThrowsNamingDelta()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => HuberLoss.Compute([1f], [0f], new float[1], 0f));

        Assert.Equal("delta", ex.ParamName);
    }
}
