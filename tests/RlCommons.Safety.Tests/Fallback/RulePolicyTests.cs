using RlCommons.Safety.Fallback;
using RlCommons.Safety.Tests.TestSupport;

namespace RlCommons.Safety.Tests.Fallback;

public sealed class RulePolicyTests
{
    [Fact]
    public void Decide_DeterministicRule_ActionWithProbabilityOne()
    {
        var rule = new RulePolicy(3, f => f[0] > 0 ? 2 : 1, featureCount: 1);
        double[] p = new double[3];

        var d = rule.Decide([1f], p);

        Assert.Equal((2, 1.0), (d.Action, d.Propensity));
        Assert.Equal([0.0, 0.0, 1.0], p);
        Assert.Equal([0.0, 1.0, 0.0], rule.Distribution(-1f));
        Assert.Equal(1, rule.Decisions);
    }

    [Fact]
    public void Decide_DistributionRule_DrawsFromItAndReportsItsProbability()
    {
        double[] dist = [0.2, 0.5, 0.3];
        var rule = new RulePolicy(3, (_, p) => dist.CopyTo(p), seed: 5);
        int[] counts = new int[3];

        for (int i = 0; i < 20_000; i++)
        {
            var d = rule.DecideOnce();
            Assert.Equal(dist[d.Action], d.Propensity);
            counts[d.Action]++;
        }

        // 4 binomial standard deviations at n = 20 000 are at most 0.0142.
        for (int a = 0; a < 3; a++)
        {
            Assert.InRange(counts[a] / 20_000.0, dist[a] - 0.0142, dist[a] + 0.0142);
        }
    }

    [Fact]
    public void Decide_SameSeed_SameActions()
    {
        RulePolicy Make() => new(3, (_, p) => { p[0] = 0.2; p[1] = 0.5; p[2] = 0.3; }, seed: 9);
        var a = Make();
        var b = Make();

        Assert.Equal(Enumerable.Range(0, 200).Select(_ => a.DecideOnce().Action), Enumerable.Range(0, 200).Select(_ => b.DecideOnce().Action));
    }

    [Fact]
    public void Decide_Greedy_MostProbableActionWithProbabilityOne()
    {
        var rule = new RulePolicy(3, (_, p) => { p[0] = 0.2; p[1] = 0.5; p[2] = 0.3; });
        double[] greedy = new double[3];
        rule.GetProbabilities([], greedy, explore: false);

        var d = rule.Decide([], [], explore: false);

        Assert.Equal((1, 1.0), (d.Action, d.Propensity));
        Assert.Equal([0.0, 1.0, 0.0], greedy);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void Decide_RuleReturnsActionOutOfRange_Throws(int action)
    {
        var rule = new RulePolicy(3, _ => action);

        var ex = Assert.Throws<InvalidOperationException>(() => rule.DecideOnce());
        Assert.Contains($"action {action}", ex.Message);
    }

    [Fact]
    public void GetProbabilities_DistributionNotSummingToOne_Throws()
    {
        var rule = new RulePolicy(2, (_, p) => p[0] = 0.5);

        var ex = Assert.Throws<InvalidOperationException>(() => rule.Distribution());
        Assert.Contains("sum to 0.5", ex.Message);
    }

    [Fact]
    public void Decide_WrongFeatureCount_Throws()
    {
        var rule = new RulePolicy(2, _ => 0, featureCount: 2);

        var ex = Assert.Throws<ArgumentException>(() => rule.DecideOnce(1f));
        Assert.Equal("features", ex.ParamName);
    }
}
