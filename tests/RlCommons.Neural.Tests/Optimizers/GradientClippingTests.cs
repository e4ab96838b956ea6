using RlCommons.Neural.Layers;
using RlCommons.Neural.Optimizers;
using RlCommons.Neural.Tests.TestSupport;

namespace RlCommons.Neural.Tests.Optimizers;

public sealed class GradientClippingTests
{
    private static Parameter[] Gradients()
    {
        Parameter a = ScalarParameter.Create(0f, 0f);
        Parameter b = ScalarParameter.Create(0f);
        a.Gradients[0] = 3f;
        a.Gradients[1] = 4f;
        b.Gradients[0] = 12f;
        return [a, b];
    }

    [Fact]
    public void ClipByGlobalNorm_AboveMax_ScalesByMaxOverNormPlusEpsilon()
    {
        Parameter[] p = Gradients();

        double norm = GradientClipping.ClipByGlobalNorm(p, 6.5);

        // ‖(3, 4, 12)‖ = 13; coefficient 6.5 / (13 + 1e-6).
        Assert.Equal(13.0, norm, 12);
        float c = (float)(6.5 / (13 + 1e-6));
        Assert.Equal([3f * c, 4f * c], p[0].Gradients.ToArray());
        Assert.Equal(12f * c, p[1].Gradients[0]);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowMax_LeavesGradientsExactly()
    {
        Parameter[] p = Gradients();

        double norm = GradientClipping.ClipByGlobalNorm(p, 20);

        Assert.Equal(13.0, norm, 12);
        Assert.Equal([3f, 4f], p[0].Gradients.ToArray());
        Assert.Equal(12f, p[1].Gradients[0]);
    }

    [Fact]
    public void ClipByGlobalNorm_ZeroMax_ThrowsNamingMaxNorm()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(Gradients(), 0));

        Assert.Equal("maxNorm", ex.ParamName);
    }
}
