using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Schedules;

namespace RlCommons.Neural.Tests.Optimizers;

public sealed class RmsPropTests
{
    // lr 0.01, α 0.99, ε 1e-8 from θ = 1 with gradients 0.5, −0.25, 1, computed by hand in double:
    // s ← αs + (1−α)g², θ −= lr · g / (√s + ε).
    [Theory]
    [InlineData(1, 0.900000019999996)]
    [InlineData(2, 0.9449013374421751)]
    [InlineData(3, 0.8574273783928594)]
    public void Step_KnownGradients_MatchesPyTorchArithmetic(int steps, double expected)
    {
        Parameter p = ScalarParameter.Create(1f);
        var rms = new RmsProp([p], Schedule.Constant(0.01));
        float[] gradients = [0.5f, -0.25f, 1f];

        for (int t = 0; t < steps; t++)
        {
            p.Gradients[0] = gradients[t];
            rms.Step();
        }

        Assert.Equal(expected, p.Values[0], 1e-6);
    }

    [Fact]
    public void Constructor_NonPositiveEpsilon_ThrowsNamingEpsilon()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp([ScalarParameter.Create(1f)], Schedule.Constant(0.01), epsilon: 0));

        Assert.Equal("epsilon", ex.ParamName);
    }
}
