using RlCommons.Assignment;

namespace RlCommons.Core.Tests.Assignment;

public class TrafficHashTests
{
    // Reference values from Python: struct.unpack('<I', sha256((unit + "\n" + key).encode()).digest()[:4])[0] / 2**32
    [Theory]
    [InlineData("user-1", "exp", 0.9221398357767612)]
    [InlineData("alice", "checkout-button", 0.7162992486264557)]
    [InlineData("42", "rollout:v2", 0.1741074228193611)]
    public void Fraction_KnownInputs_MatchesSha256Reference(string unit, string key, double expected)
    {
        Assert.Equal(expected, TrafficHash.Fraction(unit, key), 15);
    }

    [Fact]
    public void Fraction_LongInputs_UsesPooledBufferAndStaysDeterministic()
    {
        string unit = new('u', 2000);
        Assert.Equal(TrafficHash.Fraction(unit, "k"), TrafficHash.Fraction(unit, "k"));
        Assert.NotEqual(TrafficHash.Fraction(unit, "k"), TrafficHash.Fraction(unit, "k2"));
    }

    [Fact]
    public void Fraction_ManyUnits_IsRoughlyUniform()
    {
        var counts = new int[10];
        for (int i = 0; i < 20_000; i++)
        {
            counts[(int)(TrafficHash.Fraction($"unit-{i}", "uniformity") * 10)]++;
        }

        // Expected 2000 per decile; 5 standard deviations is about 212.
        Assert.All(counts, c => Assert.InRange(c, 1788, 2212));
    }

    [Fact]
    public void IsInShare_RaisingShare_OnlyAddsUnits()
    {
        for (int i = 0; i < 1000; i++)
        {
            string unit = $"u{i}";
            if (TrafficHash.IsInShare(unit, "ramp", 0.1))
            {
                Assert.True(TrafficHash.IsInShare(unit, "ramp", 0.5));
            }
        }

        Assert.False(TrafficHash.IsInShare("x", "ramp", 0));
        Assert.True(TrafficHash.IsInShare("x", "ramp", 1));
    }

    [Fact]
    public void Bucket_Weights_FollowsCumulativeShares()
    {
        // 0.7163 of total 4 = 2.865: cumulative [1, 2, 4] → variant 2.
        Assert.Equal(2, TrafficHash.Bucket("alice", "checkout-button", [1, 1, 2]));
        // 0.1741 × 1 = 0.174 < 0.5 → variant 0; zero-weight variants never win.
        Assert.Equal(0, TrafficHash.Bucket("42", "rollout:v2", [0.5, 0.5]));
        Assert.Equal(1, TrafficHash.Bucket("42", "rollout:v2", [0, 1, 0]));
    }

    [Theory]
    [InlineData("", "k", "unitId")]
    [InlineData("u", "", "key")]
    public void Fraction_EmptyArgument_Throws(string unit, string key, string parameter)
    {
        var ex = Assert.Throws<ArgumentException>(() => TrafficHash.Fraction(unit, key));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Bucket_BadWeights_Throws()
    {
        Assert.Throws<ArgumentException>(() => TrafficHash.Bucket("u", "k", []));
        Assert.Throws<ArgumentException>(() => TrafficHash.Bucket("u", "k", [0, 0]));
        Assert.Throws<ArgumentException>(() => TrafficHash.Bucket("u", "k", [1, -1]));
        Assert.Throws<ArgumentException>(() => TrafficHash.Bucket("u", "k", [double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrafficHash.IsInShare("u", "k", 1.5));
    }
}
