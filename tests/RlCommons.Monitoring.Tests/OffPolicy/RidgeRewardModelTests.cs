using RlCommons.Decisions;
using RlCommons.Monitoring.OffPolicy;

namespace RlCommons.Monitoring.Tests.OffPolicy;

public sealed class RidgeRewardModelTests
{
    [Fact]
    public void Fit_OnePoint_MatchesHandSolvedNormalEquations()
    {
        // Row [1, 1], r = 2, λ = 1: (I + [[1,1],[1,1]]) β = [2, 2] gives β = [2/3, 2/3].
        RidgeRewardModel m = RidgeRewardModel.Fit([DecisionLogEntry.FromHistory(0, new[] { 1f }, 0, 1, 2)], 1);

        Assert.Equal(2.0 / 3, m.Coefficients[0][0], 1e-15);
        Assert.Equal(2.0 / 3, m.Coefficients[0][1], 1e-15);
        Assert.Equal(2.0 / 3 * 4, m.Predict([3f], 0), 1e-14);
    }

    [Fact]
    public void Fit_ExactLinearDataTinyPenalty_RecoversEachActionsLine()
    {
        var logs = new List<DecisionLogEntry>();
        for (int x = 0; x < 5; x++)
        {
            logs.Add(DecisionLogEntry.FromHistory(logs.Count, new[] { (float)x }, 0, 0.5, 1 + (2.0 * x)));
            logs.Add(DecisionLogEntry.FromHistory(logs.Count, new[] { (float)x }, 1, 0.5, -3 + (0.5 * x)));
        }

        RidgeRewardModel m = RidgeRewardModel.Fit(logs, 2, lambda: 1e-10);

        Assert.Equal(1, m.Coefficients[0][0], 1e-8);
        Assert.Equal(2, m.Coefficients[0][1], 1e-8);
        Assert.Equal(-3, m.Coefficients[1][0], 1e-8);
        Assert.Equal(0.5, m.Coefficients[1][1], 1e-8);
    }

    [Fact]
    public void Fit_ActionNeverLogged_PredictsZero()
    {
        RidgeRewardModel m = RidgeRewardModel.Fit([DecisionLogEntry.FromHistory(0, new[] { 1f }, 0, 1, 2)], 2);

        Assert.Equal(0, m.Predict([5f], 1));
    }

    [Fact]
    public void Fit_NonPositiveLambda_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RidgeRewardModel.Fit([DecisionLogEntry.FromHistory(0, new[] { 1f }, 0, 1, 2)], 1, 0));

        Assert.Equal("lambda", e.ParamName);
    }

    [Fact]
    public void Predict_WrongFeatureCount_Throws()
    {
        RidgeRewardModel m = RidgeRewardModel.Fit([DecisionLogEntry.FromHistory(0, new[] { 1f }, 0, 1, 2)], 1);

        var e = Assert.Throws<ArgumentException>(() => m.Predict([1f, 2f], 0));

        Assert.Equal("features", e.ParamName);
    }
}
