using RlCommons.Decisions;
using RlCommons.Monitoring.Experiments;
using RlCommons.Policies;

namespace RlCommons.Monitoring.Tests.Experiments;

public class ExperimentRouterTests
{
    private static Experiment Running()
    {
        var experiment = new Experiment("pricing-ab", [new ExperimentVariant("control", 1), new ExperimentVariant("learned", 3)]);
        experiment.Start();
        return experiment;
    }

    [Fact]
    public void Decide_ThroughADecisionPoint_UnitsKeepTheirVariantAndTheLogFeedsTheAnalysis()
    {
        Experiment experiment = Running();
        var router = new ExperimentRouter(experiment, new Dictionary<string, IPolicy> { ["control"] = new Fixed(0), ["learned"] = new Fixed(1) });
        var point = new DecisionPoint(router, new DecisionPointOptions { Name = "pricing", Seed = 2, LearnOnline = false });

        for (int u = 0; u < 400; u++)
        {
            string unit = $"customer-{u}";
            DecisionRecord record = point.Decide([], unit);
            string variant = experiment.GetExposure(unit)!.Variant;
            Assert.Equal(variant == "control" ? 0 : 1, record.Action);
            Assert.Equal(unit, record.UnitId);
            Assert.Equal(record.Action, point.Decide([], unit).Action);
            point.Reward(record.EventId, (record.Action == 1 ? 1.0 : 0.0) + ((u % 7) * 0.01));
        }

        int recorded = experiment.RecordRewards(point.DecisionLog.ReadRewarded("pricing"));
        ExperimentAnalysis analysis = experiment.Analyze("reward");

        Assert.Equal(400, recorded);
        Assert.Equal(400, experiment.ExposedUnits);
        Assert.InRange(experiment.ExposureCounts()[1], 260, 340);
        Assert.Contains(analysis.Comparisons, c => c.Name == "learned" && c.AbsoluteLift > 0.9);
    }

    [Fact]
    public void GetProbabilities_WithoutUnit_IsTheTrafficWeightedMixture()
    {
        var router = new ExperimentRouter(Running(), new Dictionary<string, IPolicy> { ["control"] = new Fixed(0), ["learned"] = new Fixed(1) });
        var p = new double[2];
        router.GetProbabilities([], p);
        Assert.Equal([0.25, 0.75], p);
        router.GetProbabilities([], "customer-1", p);
        Assert.Equal(1.0, p.Max());
    }

    [Fact]
    public void Decide_WithoutUnit_IsRefused()
    {
        var router = new ExperimentRouter(Running(), new Dictionary<string, IPolicy> { ["control"] = new Fixed(0), ["learned"] = new Fixed(1) });
        Assert.Contains("unit id", Assert.Throws<InvalidOperationException>(() => router.Decide([], Span<double>.Empty)).Message);
    }

    [Fact]
    public void Constructor_MissingOrUnknownVariant_Throws()
    {
        Experiment experiment = Running();
        Assert.Contains("'learned' of experiment", Assert.Throws<ArgumentException>(() => new ExperimentRouter(experiment, new Dictionary<string, IPolicy> { ["control"] = new Fixed(0) })).Message);
        Assert.Contains("no variant 'other'", Assert.Throws<ArgumentException>(() => new ExperimentRouter(experiment, new Dictionary<string, IPolicy> { ["control"] = new Fixed(0), ["learned"] = new Fixed(1), ["other"] = new Fixed(0) })).Message);
    }

    private sealed class Fixed(int action) : IPolicy
    {
        public int ActionCount => 2;

        public int FeatureCount => 0;

        public Decision Decide(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            if (!probabilities.IsEmpty)
            {
                GetProbabilities(features, probabilities, explore);
            }

            return new Decision(action, 1, 0, false, 1, 1);
        }

        public void GetProbabilities(ReadOnlySpan<float> features, Span<double> probabilities, bool explore = true)
        {
            probabilities[..2].Clear();
            probabilities[action] = 1;
        }
    }
}
