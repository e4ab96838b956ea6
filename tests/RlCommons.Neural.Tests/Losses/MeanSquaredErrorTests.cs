using RlCommons.Neural.Losses;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Randomness;

namespace RlCommons.Neural.Tests.Losses;

public sealed class MeanSquaredErrorTests
{
    [Fact]
    public void Compute_KnownValues_GivesMeanAndGradient()
    {
        var gradient = new float[3];

        float loss = MeanSquaredError.Compute([1f, 2f, 3f], [0f, 2f, 5f], gradient);

        // (1 + 0 + 4) / 3; gradient 2d/3.
        Assert.Equal(5f / 3f, loss, 6);
        Assert.Equal([2f / 3f, 0f, -4f / 3f], gradient);
    }

    [Fact]
    public void Compute_RandomValues_GradientMatchesFiniteDifferences()
    {
        var random = new Xoshiro256Random(3);
        float[] prediction = GradientCheck.RandomValues(random, 10, 3.0);
        float[] target = GradientCheck.RandomValues(random, 10, 3.0);
        var gradient = new float[10];
        MeanSquaredError.Compute(prediction, target, gradient);

        GradientCheck.Assert(prediction, gradient, () => MeanSquaredError.Compute(prediction, target, new float[10]), "prediction");
    }

    [Fact]
    public void Compute_NaNTarget_ThrowsNamingTarget()
    {
        var ex = Assert.Throws<ArgumentException>(() => MeanSquaredError.Compute([1f, 2f], [0f, float.NaN], new float[2]));

        Assert.Equal("target", ex.ParamName);
    }

    [Fact]
    public void Compute_LengthMismatch_ThrowsNamingTarget()
    {
        var ex = Assert.Throws<ArgumentException>(() => MeanSquaredError.Compute([1f, 2f], [0f], new float[2]));

        Assert.Equal("target", ex.ParamName);
    }
}
