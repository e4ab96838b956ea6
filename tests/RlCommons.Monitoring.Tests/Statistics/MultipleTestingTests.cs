using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class MultipleTestingTests
{
    // Hand-computed from statsmodels' rules. Holm: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 gives
    // 0.02, 0.03, 0.06, 0.04, running max 0.02, 0.03, 0.06, 0.06. BH: p·4/rank gives 0.02, 0.02, 0.04, 0.04.
    [Theory]
    [InlineData(new[] { 0.01, 0.04, 0.03, 0.005 }, new[] { 0.03, 0.06, 0.06, 0.02 })]
    [InlineData(new[] { 0.5, 0.6 }, new[] { 1.0, 1.0 })]
    [InlineData(new[] { 0.2 }, new[] { 0.2 })]
    [InlineData(new[] { 0.001, 0.001, 0.3 }, new[] { 0.003, 0.003, 0.3 })]
    public void Holm_Table_MatchesStatsmodels(double[] raw, double[] expected)
    {
        double[] adjusted = MultipleTesting.Holm(raw);

        Assert.Equal(expected.Length, adjusted.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-15);
        }
    }

    [Theory]
    [InlineData(new[] { 0.01, 0.04, 0.03, 0.005 }, new[] { 0.02, 0.04, 0.04, 0.02 })]
    [InlineData(new[] { 0.01, 0.02, 0.03, 0.04, 0.05 }, new[] { 0.05, 0.05, 0.05, 0.05, 0.05 })]
    [InlineData(new[] { 0.5, 0.6 }, new[] { 0.6, 0.6 })]
    [InlineData(new[] { 0.9, 0.8, 0.01 }, new[] { 0.9, 0.9, 0.03 })]
    public void BenjaminiHochberg_Table_MatchesStatsmodels(double[] raw, double[] expected)
    {
        double[] adjusted = MultipleTesting.BenjaminiHochberg(raw);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-15);
        }
    }

    [Fact]
    public void BenjaminiHochberg_NeverExceedsHolm()
    {
        double[] raw = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];

        double[] holm = MultipleTesting.Holm(raw);
        double[] bh = MultipleTesting.BenjaminiHochberg(raw);

        for (int i = 0; i < raw.Length; i++)
        {
            Assert.InRange(bh[i], raw[i], holm[i]);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void Holm_PValueOutOfRange_ThrowsNamingPValues(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleTesting.Holm([0.1, bad]));

        Assert.Equal("pValues", e.ParamName);
    }

    [Fact]
    public void BenjaminiHochberg_Empty_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleTesting.BenjaminiHochberg([]));

        Assert.Equal("pValues", e.ParamName);
    }
}
