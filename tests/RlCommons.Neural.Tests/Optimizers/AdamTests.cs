using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;
using RlCommons.Schedules;

namespace RlCommons.Neural.Tests.Optimizers;

public sealed class AdamTests
{
    // θ after each step from θ₀ = 1 with lr 0.1, β = (0.9, 0.999), ε = 1e-8 and gradients 0.5, −0.25, 1,
    // computed by hand in double from PyTorch's update: θ −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
    [Theory]
    [InlineData(1, 0.9000000019999999)]
    [InlineData(2, 0.8733662987078462)]
    [InlineData(3, 0.8075551396770897)]
    public void Step_KnownGradients_MatchesPyTorchArithmetic(int steps, double expected)
    {
        Parameter p = ScalarParameter.Create(1f);
        var adam = new Adam([p], Schedule.Constant(0.1));
        float[] gradients = [0.5f, -0.25f, 1f];

        for (int t = 0; t < steps; t++)
        {
            p.Gradients[0] = gradients[t];
            adam.Step();
        }

        Assert.Equal(expected, p.Values[0], 1e-6);
        Assert.Equal(steps, adam.StepCount);
    }

    [Fact]
    public void Step_LongParameter_VectorPathEqualsScalarPathBitForBit()
    {
        // 19 values: whole SIMD vectors plus a scalar tail, against 19 one-value parameters (scalar only).
        var random = new Xoshiro256Random(12);
        float[] start = GradientCheck.RandomValues(random, 19);
        Parameter wide = ScalarParameter.Create((float[])start.Clone());
        Parameter[] single = start.Select(v => ScalarParameter.Create(v)).ToArray();
        var adamWide = new Adam([wide], Schedule.Constant(0.01));
        var adamSingle = new Adam(single, Schedule.Constant(0.01));

        for (int t = 0; t < 3; t++)
        {
            float[] g = GradientCheck.RandomValues(random, 19);
            g.CopyTo(wide.Gradients);
            for (int i = 0; i < 19; i++)
            {
                single[i].Gradients[0] = g[i];
            }

            adamWide.Step();
            adamSingle.Step();
        }

        Assert.Equal(single.Select(p => p.Values[0]).ToArray(), wide.Values.ToArray());
        Assert.NotEqual(start, wide.Values.ToArray());
    }

    [Fact]
    public void Step_ZeroGradient_LeavesParameterUnchanged()
    {
        Parameter p = ScalarParameter.Create(2f, -3f);
        var adam = new Adam([p], Schedule.Constant(0.1));

        adam.Step();

        Assert.Equal([2f, -3f], p.Values.ToArray());
    }

    [Fact]
    public void Constructor_BetaOne_ThrowsNamingBeta1()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([ScalarParameter.Create(1f)], Schedule.Constant(0.1), beta1: 1.0));

        Assert.Equal("beta1", ex.ParamName);
    }
}
