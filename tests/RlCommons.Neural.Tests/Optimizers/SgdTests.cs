using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Neural.Tests.TestSupport;
using RlCommons.Schedules;

namespace RlCommons.Neural.Tests.Optimizers;

public sealed class SgdTests
{
    private static readonly float[] Gradients = [0.5f, -0.25f, 1f];

    private static float Run(Sgd sgd, Parameter p, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            p.Gradients[0] = Gradients[t];
            sgd.Step();
        }

        return p.Values[0];
    }

    // Momentum 0.9, lr 0.1 from θ = 1: b = 0.5 → θ 0.95; b = 0.45 − 0.25 = 0.2 → 0.93; b = 0.18 + 1 = 1.18 → 0.812.
    [Theory]
    [InlineData(1, 0.95)]
    [InlineData(2, 0.93)]
    [InlineData(3, 0.812)]
    public void Step_Momentum_MatchesPyTorchBuffer(int steps, double expected)
    {
        Parameter p = ScalarParameter.Create(1f);

        float value = Run(new Sgd([p], Schedule.Constant(0.1), momentum: 0.9), p, steps);

        Assert.Equal(expected, value, 1e-6);
    }

    [Fact]
    public void Step_Nesterov_AddsMomentumLookAhead()
    {
        Parameter p = ScalarParameter.Create(1f);

        // b = 0.5; step g + μb = 0.95; θ = 1 − 0.095.
        float value = Run(new Sgd([p], Schedule.Constant(0.1), momentum: 0.9, nesterov: true), p, 1);

        Assert.Equal(0.905, value, 1e-6);
    }

    [Fact]
    public void Step_Dampening_ScalesNewGradientAfterFirstStep()
    {
        Parameter p = ScalarParameter.Create(1f);

        // b₁ = 0.5 (no dampening on the first step); b₂ = 0.45 + 0.9 · (−0.25) = 0.225; θ = 0.95 − 0.0225.
        float value = Run(new Sgd([p], Schedule.Constant(0.1), momentum: 0.9, dampening: 0.1), p, 2);

        Assert.Equal(0.9275, value, 1e-6);
    }

    [Fact]
    public void Step_LearningRateScale_MultipliesScheduledRate()
    {
        Parameter p = ScalarParameter.Create(1f);
        var sgd = new Sgd([p], Schedule.Constant(0.1)) { LearningRateScale = 0.5 };

        // lr 0.05 then 0: θ = 1 − 0.05·0.5, then unchanged.
        Run(sgd, p, 1);
        sgd.LearningRateScale = 0;
        p.Gradients[0] = 1f;
        sgd.Step();

        Assert.Equal(0.975, p.Values[0], 1e-6);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRateScale = -1).ParamName);
    }

    [Fact]
    public void Step_LinearSchedule_UsesRateAtEachStep()
    {
        Parameter p = ScalarParameter.Create(1f);

        // lr 0.1, 0.05, 0: θ = 1 − 0.05 + 0.0125 − 0.
        float value = Run(new Sgd([p], Schedule.Linear(0.1, 0.0, 2)), p, 3);

        Assert.Equal(0.9625, value, 1e-6);
    }

    [Fact]
    public void Constructor_NesterovWithoutMomentum_ThrowsNamingNesterov()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([ScalarParameter.Create(1f)], Schedule.Constant(0.1), nesterov: true));

        Assert.Equal("nesterov", ex.ParamName);
    }
}
