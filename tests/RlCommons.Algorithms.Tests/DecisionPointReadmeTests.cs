using Microsoft.Extensions.DependencyInjection;
using RlCommons.Algorithms.Contextual;
using RlCommons.Decisions;
using RlCommons.Monitoring.OffPolicy;

namespace RlCommons.Algorithms.Tests;

/// <summary>Runs the README's decision-point example, and checks that the README still shows exactly this code.</summary>
public class DecisionPointReadmeTests
{
    [Fact]
    public void DecisionPoint_RunsAsWritten_LearnsOnceAndEvaluatesFromTheLog()
    {
        // decision-point begin
        var bandit = new LinUcbBandit(new LinUcbOptions { Arms = ["large", "medium", "local"], Dimension = 3, Alpha = 0.5, Seed = 42 });
        var point = new DecisionPoint(bandit, new DecisionPointOptions
        {
            Name = "provider-selection", AttributionWindow = TimeSpan.FromMinutes(10), DefaultReward = 0, Seed = 7,
        });

        DecisionRecord record = point.Decide([0.7f, 0.2f, 1f]);  // event id, arm, propensity, features, version, source
        string provider = record.ActionName;                      // serve it; send record.EventId with the outcome
        point.Reward(record.EventId, 0.8);                         // joined by event id and learned: Joined
        point.Reward(record.EventId, 0.8);                         // sent twice: Duplicate, counted, not learned
        point.CloseExpiredDecisions();                             // windows that ended without a reward get 0

        for (int i = 0; i < 99; i++)
        {
            DecisionRecord r = point.Decide([i % 2, 0.5f, 1f]);
            point.Reward(r.EventId, r.ActionName == "local" ? 1 : 0);
        }

        var evaluation = new OffPolicyEvaluator(point.DecisionLog.ReadRewarded(), bandit, explore: false);
        OffPolicyEstimate greedy = evaluation.DoublyRobust();      // the greedy policy's value, from the same log
        DecisionPointStatistics stats = point.GetStatistics();     // 100 decisions, 100 learned, 1 duplicate
        // decision-point end

        Assert.Contains(provider, new[] { "large", "medium", "local" });
        Assert.Equal(100, stats.Decisions);
        Assert.Equal(100, stats.RewardsLearned);
        Assert.Equal(1, stats.Duplicates);
        Assert.Equal(100, bandit.UpdateCount);
        Assert.Equal(100, greedy.Samples);
        Assert.InRange(greedy.Value, 0.5, 1.5);
    }

    [Fact]
    public void DecisionPoint_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Algorithms.Tests/DecisionPointReadmeTests.cs", "decision-point");
}

/// <summary>Runs the README's dependency-injection example for decision points.</summary>
public class DecisionPointDependencyInjectionReadmeTests
{
    [Fact]
    public void AddDecisionPoint_RunsAsWritten_ResolvesAKeyedPointOverLinUcb()
    {
        var services = new ServiceCollection();

        // di-decision-point begin
        services.AddDecisionPoint("provider-selection",
            sp => new LinUcbBandit(new LinUcbOptions { Arms = ["large", "medium", "local"], Dimension = 8 }),
            o => { o.AttributionWindow = TimeSpan.FromMinutes(30); o.SnapshotPath = "state/provider.rlcs"; });
        // di-decision-point end

        using ServiceProvider provider = services.BuildServiceProvider();
        var point = provider.GetRequiredKeyedService<DecisionPoint>("provider-selection");
        Assert.Equal(TimeSpan.FromMinutes(30), point.AttributionWindow);
        Assert.Equal(3, point.Policy.ActionCount);
        Assert.Equal("large", point.Policy.GetActionName(0));
    }

    [Fact]
    public void AddDecisionPoint_ReadmeBlock_MatchesTheCodeThisTestRuns()
        => DocumentedCode.AssertShownAsTested("README.md", "tests/RlCommons.Algorithms.Tests/DecisionPointReadmeTests.cs", "di-decision-point");
}
