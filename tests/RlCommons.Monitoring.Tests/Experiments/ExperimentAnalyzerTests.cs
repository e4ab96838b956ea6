using RlCommons.Monitoring.Experiments;
using RlCommons.Monitoring.Statistics;
using RlCommons.Randomness;

namespace RlCommons.Monitoring.Tests.Experiments;

public sealed class ExperimentAnalyzerTests
{
    private static readonly ExperimentVariant[] Arms = [new("control", 1), new("treatment", 1)];

    private static double[] Cycle(int n, double shift) => [.. Enumerable.Range(0, n).Select(i => (i % 10) + shift)];

    private static ExperimentAnalysis Run(double[] control, double[] treatment, ExperimentAnalysisOptions? options = null)
        => ExperimentAnalyzer.Analyze("m", Arms, [control, treatment], options ?? new ExperimentAnalysisOptions());

    [Fact]
    public void RelativeLift_HandComputed_MatchesDeltaMethod()
    {
        // Control 1..4: mean 2.5, s² = 5/3. Treatment 2..6: mean 4, s² = 2.5. r = 4/2.5 - 1 = 0.6.
        // Var = 2.5/(5·2.5²) + 4²·(5/3)/(4·2.5⁴) = 0.08 + 0.1706666…; half-width = z_0.975 · √Var.
        ExperimentAnalysis a = Run([1, 2, 3, 4], [2, 3, 4, 5, 6], new ExperimentAnalysisOptions { MinimumUnitsPerVariant = 2 });

        VariantComparison c = Assert.Single(a.Comparisons);
        double half = 1.959963984540054 * Math.Sqrt(0.08 + (16 * 5.0 / 3 / (4 * 39.0625)));
        Assert.Equal(0.6, c.RelativeLift!.Value, 1e-14);
        Assert.Equal(0.6 - half, c.RelativeLiftInterval!.Low, 1e-12);
        Assert.Equal(0.6 + half, c.RelativeLiftInterval.High, 1e-12);
        Assert.Equal(1.5, c.AbsoluteLift, 1e-14);
    }

    [Fact]
    public void Analyze_MagnitudesAbove1e154_GivesTheUnscaledPValue()
    {
        // Before the scaled moments, the variance overflowed to infinity and Welch threw through Analyze.
        double[] control = [1, 2, 3, 4];
        double[] treatment = [2, 3, 4, 5, 6];
        var options = new ExperimentAnalysisOptions { MinimumUnitsPerVariant = 2 };
        VariantComparison small = Assert.Single(Run(control, treatment, options).Comparisons);

        VariantComparison huge = Assert.Single(Run([.. control.Select(x => x * 1e200)], [.. treatment.Select(x => x * 1e200)], options).Comparisons);

        Assert.Equal(small.PValue, huge.PValue, 1e-12);
        Assert.Equal(1.5e200, huge.AbsoluteLift, 1e188);
    }

    [Fact]
    public void RelativeLift_TwoHundredSeededExperiments_CoversTheTrueLift()
    {
        // Exponential revenue (skewed, like real revenue) with means 10 and 11: true relative lift 0.1.
        var random = new Xoshiro256Random(77);
        double[] Draw(int n, double mean) => [.. Enumerable.Range(0, n).Select(_ => -mean * Math.Log(1 - random.NextDouble()))];
        int covered = 0;
        for (int rep = 0; rep < 200; rep++)
        {
            ExperimentAnalysis a = Run(Draw(1_000, 10), Draw(1_000, 11));
            ConfidenceInterval ci = a.Comparisons[0].RelativeLiftInterval!;
            covered += ci.Low <= 0.1 && 0.1 <= ci.High ? 1 : 0;
        }

        Assert.InRange(covered, 180, 200);
    }

    [Fact]
    public void Analyze_ControlMeanZero_HasNoRelativeLift()
    {
        ExperimentAnalysis a = Run([-1, 1, 0], [1, 2, 3], new ExperimentAnalysisOptions { MinimumUnitsPerVariant = 2 });

        Assert.Null(a.Comparisons[0].RelativeLift);
        Assert.Null(a.Comparisons[0].RelativeLiftInterval);
    }

    [Fact]
    public void Analyze_BothGroupsConstant_GivesExactDifference()
    {
        ExperimentAnalysis a = Run([3, 3, 3], [5, 5], new ExperimentAnalysisOptions { MinimumUnitsPerVariant = 2 });

        VariantComparison c = Assert.Single(a.Comparisons);
        Assert.Equal(2, c.AbsoluteLift);
        Assert.Equal(0, c.PValue);
        Assert.Equal(new ConfidenceInterval(2, 2, 0.95), c.AbsoluteLiftInterval);
        Assert.Equal(2.0 / 3, c.RelativeLift!.Value, 1e-15);
    }

    [Fact]
    public void Analyze_PerVariantInterval_IsTheMeanTInterval()
    {
        double[] control = Cycle(200, 0);
        ExperimentAnalysis a = Run(control, Cycle(200, 0.1));

        Assert.Equal(TTest.MeanInterval(control), a.Variants[0].Interval);
        Assert.Equal(4.5, a.Variants[0].Mean, 1e-13);
    }

    [Fact]
    public void Analyze_ClearWinner_RecommendsShip()
    {
        ExperimentAnalysis a = Run(Cycle(200, 0), Cycle(200, 2));

        Assert.Equal(Recommendation.Ship, a.Recommendation);
        Assert.Equal("treatment", a.ShipVariant);
        Assert.Contains("beats the control by 2", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_LowerIsBetterAndTreatmentHigher_RecommendsDontShip()
    {
        ExperimentAnalysis a = Run(Cycle(200, 0), Cycle(200, 2), new ExperimentAnalysisOptions { HigherIsBetter = false });

        Assert.Equal(Recommendation.DontShip, a.Recommendation);
        Assert.Null(a.ShipVariant);
        Assert.Contains("significantly worse", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_NoDifferenceBeforePlan_KeepsRunning()
    {
        ExperimentAnalysis a = Run(Cycle(200, 0), Cycle(200, 0), new ExperimentAnalysisOptions { PlannedUnitsPerVariant = 500 });

        Assert.Equal(Recommendation.KeepRunning, a.Recommendation);
        Assert.Equal(1, a.Comparisons[0].PValue, 1e-12);
    }

    [Fact]
    public void Analyze_NoDifferenceAtPlan_RecommendsDontShip()
    {
        ExperimentAnalysis a = Run(Cycle(200, 0), Cycle(200, 0), new ExperimentAnalysisOptions { PlannedUnitsPerVariant = 200 });

        Assert.Equal(Recommendation.DontShip, a.Recommendation);
        Assert.Contains("planned 200", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_TooFewUnits_KeepsRunning()
    {
        ExperimentAnalysis a = Run(Cycle(50, 0), Cycle(50, 5));

        Assert.Equal(Recommendation.KeepRunning, a.Recommendation);
        Assert.Contains("50 units", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_SampleRatioMismatch_RecommendsDontShipWhateverTheLift()
    {
        // 200 against 300 on a 50/50 plan: χ² = 2·50²/250 = 20, p ≈ 7.7e-6.
        ExperimentAnalysis a = Run(Cycle(200, 0), Cycle(300, 5));

        Assert.True(a.SampleRatio.IsMismatch);
        Assert.Equal(20, a.SampleRatio.Statistic, 1e-12);
        Assert.Equal(Recommendation.DontShip, a.Recommendation);
        Assert.Contains("Sample ratio mismatch", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ThreeArms_UsesHolmAdjustedPValues()
    {
        ExperimentVariant[] arms = [new("c", 1), new("t1", 1), new("t2", 1)];
        double[] c = Cycle(200, 0);
        double[] t1 = Cycle(200, 0.3);
        double[] t2 = Cycle(200, 0.8);

        ExperimentAnalysis a = ExperimentAnalyzer.Analyze("m", arms, [c, t1, t2], new ExperimentAnalysisOptions());

        double[] expected = MultipleTesting.Holm([TTest.Welch(t1, c).PValue, TTest.Welch(t2, c).PValue]);
        Assert.Equal(expected[0], a.Comparisons[0].AdjustedPValue, 1e-15);
        Assert.Equal(expected[1], a.Comparisons[1].AdjustedPValue, 1e-15);
    }

    [Fact]
    public void Analyze_SwitchedOffVariant_IsSummarisedButNotComparedOrWaitedFor()
    {
        ExperimentVariant[] arms = [new("c", 1), new("off", 0), new("t", 1)];

        ExperimentAnalysis a = ExperimentAnalyzer.Analyze("m", arms, [Cycle(200, 0), [], Cycle(200, 2)], new ExperimentAnalysisOptions());

        Assert.Equal(0, a.Variants[1].Units);
        Assert.Equal("t", Assert.Single(a.Comparisons).Name);
        Assert.Equal(Recommendation.Ship, a.Recommendation);
        Assert.Equal(1, a.SampleRatio.DegreesOfFreedom);
    }

    [Fact]
    public void Analyze_OnlyControlActive_KeepsRunningWithReason()
    {
        ExperimentVariant[] arms = [new("c", 1), new("off", 0)];

        ExperimentAnalysis a = ExperimentAnalyzer.Analyze("m", arms, [Cycle(200, 0), []], new ExperimentAnalysisOptions());

        Assert.Empty(a.Comparisons);
        Assert.Equal(Recommendation.KeepRunning, a.Recommendation);
        Assert.Contains("weight 0", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_SeveralProblems_ListsThemAll()
    {
        var options = new ExperimentAnalysisOptions { Confidence = 1.5, MinimumUnitsPerVariant = 1 };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Confidence", e.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumUnitsPerVariant", e.Message, StringComparison.Ordinal);
    }
}
