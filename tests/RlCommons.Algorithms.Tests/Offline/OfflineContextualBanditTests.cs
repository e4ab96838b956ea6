using RlCommons.Decisions;
using RlCommons.Algorithms.Offline;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class OfflineContextualBanditTests
{
    private static OfflineContextualBandit Create(OfflineEstimator estimator, double floor = 0.01, int folds = 5)
        => new(new OfflineBanditOptions { ArmCount = 2, Dimension = 1, Estimator = estimator, PropensityFloor = floor, CrossFitFolds = folds, Seed = 3 });

    [Fact]
    public void Learn_OneIpsRow_RegressesLoggedArmOnRewardOverPropensityAndOthersOnZero()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.InversePropensity);

        learner.Learn([1f], action: 0, propensity: 0.5, reward: 1.0);

        // x = 1, λ = 1: θ = b / (λ + x²) = target / 2.
        Assert.Equal(1.0, learner.Policy.Predict(0, [1f]), 12);
        Assert.Equal(0.0, learner.Policy.Predict(1, [1f]), 12);
    }

    [Fact]
    public void Learn_TwoDoublyRobustRows_UsesRewardModelFromBeforeEachRow()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.DoublyRobust);

        learner.Learn([1f], action: 0, propensity: 0.5, reward: 1.0);
        learner.Learn([1f], action: 1, propensity: 0.25, reward: 2.0);

        // Row 1: r̂ = 0, so targets (2, 0); the reward model then has r̂(·,0) = 1/2.
        // Row 2: r̂ = (1/2, 0), targets (1/2, 0 + (2 − 0)/0.25 = 8).
        // Policy: arm 0 saw targets 2 and 1/2 → θ = 2.5 / 3; arm 1 saw 0 and 8 → θ = 8 / 3.
        Assert.Equal(2.5 / 3, learner.Policy.Predict(0, [1f]), 12);
        Assert.Equal(8.0 / 3, learner.Policy.Predict(1, [1f]), 12);
        Assert.Equal(1, learner.ChooseGreedy([1f]));
    }

    [Fact]
    public void Learn_BatchWithCrossFitting_EstimatesEachRowFromTheOtherFold()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.DoublyRobust, folds: 2);
        DecisionLogEntry[] log = [DecisionLogEntry.FromHistory(0, new float[] { 1f }, 0, 0.5, 1.0), DecisionLogEntry.FromHistory(0, new float[] { 1f }, 0, 0.5, 3.0)];

        learner.Learn(log);

        // Fold 0 = row 0, its model saw row 1 only: r̂(·,0) = 3/2; fold 1's model saw row 0: r̂(·,0) = 1/2.
        // Row 0 target for arm 0: 3/2 + (1 − 3/2)/0.5 = 1/2; row 1: 1/2 + (3 − 1/2)/0.5 = 11/2. θ₀ = 6 / 3 = 2.
        Assert.Equal(2.0, learner.Policy.Predict(0, [1f]), 12);
        Assert.Equal(0.0, learner.Policy.Predict(1, [1f]), 12);
    }

    [Fact]
    public void Learn_IpsBatchWithLambdaCandidates_ChoosesThePolicyLambdaWithTheSmallestHeldOutError()
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions
        {
            ArmCount = 2, Dimension = 1, Estimator = OfflineEstimator.InversePropensity, CrossFitFolds = 2, LambdaCandidates = [0.1, 0.5, 2], Seed = 3,
        });

        learner.Learn(AllArmZero(1, 1, 1, 0));

        // Targets for arm 0: 2, 2, 2, 0 (r / 0.5); fold 0 = rows 0, 2 (2, 2), fold 1 = rows 1, 3 (2, 0); arm 1's are all 0.
        // Held-out error: fold 0 from θ = 2/(λ+2), fold 1 from θ′ = 4/(λ+2):
        // E(λ) = 2(2 − θ)² + (2 − θ′)² + θ′² = 5.832 (λ = 0.1), 5.6 (λ = 0.5), 6.5 (λ = 2).
        Assert.Equal(0.5, learner.PolicyLambda);
        Assert.Equal(6 / 4.5, learner.Policy.Predict(0, [1f]), 12);
        Assert.Equal(0.0, learner.Policy.Predict(1, [1f]), 12);
        Assert.Equal(3UL, learner.Policy.Seed);
    }

    [Fact]
    public void Learn_DoublyRobustBatchWithLambdaCandidates_ChoosesTheRewardModelLambdaThenThePolicyLambda()
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions
        {
            ArmCount = 2, Dimension = 1, Estimator = OfflineEstimator.DoublyRobust, CrossFitFolds = 2, LambdaCandidates = [0.1, 0.5, 2, 8, 32], Seed = 3,
        });

        learner.Learn(AllArmZero(1, 1, 1, 0));

        // Reward model, fold 0 (r = 1, 1) from fold 1's θ = 1/(λ+2), fold 1 (r = 1, 0) from fold 0's θ′ = 2/(λ+2):
        // 2(1 − θ)² + (1 − θ′)² + θ′² = 1.458, 1.40, 1.625, 2.30, … → λ = 0.5, so r̂ = 0.4 (fold 0) and 0.8 (fold 1).
        // DR targets for arm 0: 0.4 + 0.6/0.5 = 1.6, 0.8 + 0.2/0.5 = 1.2, 1.6, 0.8 − 0.8/0.5 = −0.8.
        // Policy, fold 0 from θ = 0.4/(λ+2), fold 1 from θ′ = 3.2/(λ+2):
        // 2(1.6 − θ)² + (1.2 − θ′)² + (0.8 + θ′)² = 9.478, 8.48, 7.22, 6.896, 7.067 → λ = 8; θ₀ = 3.6 / (8 + 4) = 0.3.
        Assert.Equal(0.5, learner.RewardModelLambda);
        Assert.Equal(8, learner.PolicyLambda);
        Assert.Equal(0.3, learner.Policy.Predict(0, [1f]), 12);
        Assert.Equal(0.0, learner.Policy.Predict(1, [1f]), 12);
    }

    [Fact]
    public void Learn_LambdaCandidatesAfterARowWasLearned_KeepsLambda()
    {
        var learner = new OfflineContextualBandit(new OfflineBanditOptions
        {
            ArmCount = 2, Dimension = 1, Estimator = OfflineEstimator.DoublyRobust, CrossFitFolds = 2, LambdaCandidates = [0.1, 0.5, 2, 8, 32], Lambda = 1, Seed = 3,
        });
        learner.Learn([1f], action: 1, propensity: 0.5, reward: 0.0);

        learner.Learn(AllArmZero(1, 1, 1, 0));

        Assert.Equal(1, learner.PolicyLambda);
        Assert.Equal(1, learner.RewardModelLambda);
        Assert.Equal(5, learner.Report.Rows);
    }

    [Fact]
    public void Learn_PropensityBelowFloor_IsClippedAndCounted()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.InversePropensity, floor: 0.1);

        learner.Learn([1f], action: 0, propensity: 0.02, reward: 1.0);
        learner.Learn([1f], action: 1, propensity: 0.5, reward: 0.0);

        OfflineBanditReport report = learner.Report;
        Assert.Equal(2, report.Rows);
        Assert.Equal(1, report.ClippedPropensities);
        Assert.Equal(0.02, report.MinimumPropensity);
        Assert.Equal(0.5, report.ClippedShare);

        // The weight is 1/0.1 = 10, not 1/0.02: θ₀ = 10 / (1 + 2) (two rows of x = 1).
        Assert.Equal(10.0 / 3, learner.Policy.Predict(0, [1f]), 12);
    }

    [Theory]
    [InlineData(double.NaN, 0.5, 0, "reward")]
    [InlineData(double.PositiveInfinity, 0.5, 0, "reward")]
    [InlineData(1.0, 0.0, 0, "propensity")]
    [InlineData(1.0, 1.5, 0, "propensity")]
    [InlineData(1.0, double.NaN, 0, "propensity")]
    [InlineData(1.0, 0.5, 2, "action")]
    [InlineData(1.0, 0.5, -1, "action")]
    public void Learn_InvalidArgument_ThrowsNamingParameterAndLearnsNothing(double reward, double propensity, int action, string parameter)
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.DoublyRobust);

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => learner.Learn([1f], action, propensity, reward));

        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(0, learner.Report.Rows);
        Assert.Equal(0, learner.Policy.UpdateCount);
    }

    [Fact]
    public void Learn_WrongFeatureLength_ThrowsNamingFeatures()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.InversePropensity);

        ArgumentException e = Assert.Throws<ArgumentException>(() => learner.Learn([1f, 2f], 0, 0.5, 1.0));

        Assert.Equal("features", e.ParamName);
        Assert.Contains("must have 1 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_BatchWithOneBadRow_NamesTheRowAndLearnsNothing()
    {
        OfflineContextualBandit learner = Create(OfflineEstimator.InversePropensity);
        DecisionLogEntry[] log = [DecisionLogEntry.FromHistory(0, new float[] { 1f }, 0, 0.5, 1.0), DecisionLogEntry.FromHistory(0, new float[] { 1f }, 1, 1.2, 1.0)];

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => learner.Learn(log));

        Assert.Equal("log[1].Propensity", e.ParamName);
        Assert.Equal(0, learner.Report.Rows);
    }

    [Fact]
    public void Constructor_InvalidLambdaCandidates_ListsTheValuesAndTheFolds()
    {
        var options = new OfflineBanditOptions { ArmCount = 2, Dimension = 1, CrossFitFolds = 0, LambdaCandidates = [1, 0, double.NaN] };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new OfflineContextualBandit(options));

        Assert.Contains("Every value of LambdaCandidates must be positive and finite, was [1, 0, NaN]", e.Message, StringComparison.Ordinal);
        Assert.Contains("LambdaCandidates needs CrossFitFolds of at least 2, was 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new OfflineBanditOptions { ArmCount = 1, Dimension = 0, PropensityFloor = 0 };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new OfflineContextualBandit(options));

        Assert.Contains("ArmCount", e.Message, StringComparison.Ordinal);
        Assert.Contains("Dimension", e.Message, StringComparison.Ordinal);
        Assert.Contains("PropensityFloor", e.Message, StringComparison.Ordinal);
    }

    private static DecisionLogEntry[] AllArmZero(params double[] rewards)
        => [.. rewards.Select((r, i) => DecisionLogEntry.FromHistory(i, new float[] { 1f }, 0, 0.5, r))];
}
