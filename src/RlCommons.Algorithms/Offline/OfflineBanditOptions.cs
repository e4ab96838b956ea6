using System.Globalization;
using RlCommons.Decisions;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Offline;

/// <summary>
/// Options of <see cref="OfflineContextualBandit"/>: the shape of the logged data, the estimator and the ridge
/// models. The defaults follow Vowpal Wabbit's <c>--cb</c> (doubly robust, per-arm linear regressors).
/// </summary>
public sealed class OfflineBanditOptions : AgentOptions
{
    /// <summary>The number of arms K; logged actions are indices 0 to K − 1. Required.</summary>
    /// <value>The default is 0, which is invalid: set it.</value>
    public int ArmCount { get; set; }

    /// <summary>The length of the feature vectors (include a constant 1 feature for an intercept). Required.</summary>
    /// <value>The default is 0, which is invalid: set it.</value>
    public int Dimension { get; set; }

    /// <summary>The estimator that turns a logged reward into per-arm regression targets.</summary>
    /// <value>The default is <see cref="OfflineEstimator.DoublyRobust"/>, VW's default for <c>--cb</c>.</value>
    public OfflineEstimator Estimator { get; set; } = OfflineEstimator.DoublyRobust;

    /// <summary>
    /// The smallest propensity used in a 1/p weight, in (0, 1]. A logged propensity below it is used as the
    /// floor instead (which caps the weight at 1/floor) and counted in <see cref="OfflineBanditReport.ClippedPropensities"/>.
    /// </summary>
    /// <value>The default is 0.01, a weight cap of 100.</value>
    public double PropensityFloor { get; set; } = 0.01;

    /// <summary>The ridge regularization λ of the policy's and the reward model's per-arm regressions (unless <see cref="LambdaCandidates"/> chooses them).</summary>
    /// <value>The default is 1, as in the linear bandits.</value>
    public double Lambda { get; set; } = 1.0;

    /// <summary>The exploration rate ε of the learned <see cref="OfflineContextualBandit.Policy"/> when it decides with exploration on.</summary>
    /// <value>The default is 0.1.</value>
    public double Epsilon { get; set; } = 0.1;

    /// <summary>
    /// The number of folds F for cross-fitting the doubly robust reward model over a batch: row i's estimate comes from
    /// a model fitted on the batch's rows outside fold i mod F. Below 2 (or with fewer rows than folds) a batch is learned
    /// progressively like single rows, each estimate from the model fitted on the rows before it. IPS uses the folds only
    /// to choose λ (<see cref="LambdaCandidates"/>).
    /// </summary>
    /// <value>The default is 5.</value>
    public int CrossFitFolds { get; set; } = 5;

    /// <summary>
    /// Candidate ridge penalties for choosing λ by cross-validation inside the training log, instead of
    /// <see cref="Lambda"/>. When not empty, the first batch learned (<see cref="OfflineContextualBandit.Learn(IEnumerable{DecisionLogEntry})"/>
    /// on a learner that has learned nothing, with at least <see cref="CrossFitFolds"/> rows) picks, on its
    /// <see cref="CrossFitFolds"/> folds (row i in fold i mod F):
    /// the doubly robust reward model's λ with the smallest held-out squared error on the logged rewards, then the
    /// policy's λ with the smallest held-out squared error on the per-arm reward estimates (IPS or DR, whose expectation
    /// is the true reward, so this error ranks λ as the error against the true rewards would, plus a constant).
    /// Ties go to the earlier candidate. Later rows and batches keep the chosen values
    /// (<see cref="OfflineContextualBandit.PolicyLambda"/>, <see cref="OfflineContextualBandit.RewardModelLambda"/>).
    /// </summary>
    /// <value>The default is empty: every model uses <see cref="Lambda"/>.</value>
    public IReadOnlyList<double> LambdaCandidates { get; set; } = [];

    /// <inheritdoc />
    protected override void Validate(ValidationErrors errors)
    {
        errors.Require(ArmCount >= 2, nameof(ArmCount), $"ArmCount must be at least 2, was {ArmCount}.");
        errors.Require(Dimension is >= 1 and <= 4096, nameof(Dimension), $"Dimension must be 1 to 4096, was {Dimension}.");
        errors.Require(Enum.IsDefined(Estimator), nameof(Estimator), $"Estimator {(int)Estimator} is not an {nameof(OfflineEstimator)}.");
        errors.Require(PropensityFloor is > 0 and <= 1, nameof(PropensityFloor), $"PropensityFloor must be in (0, 1], was {PropensityFloor}.");
        errors.RequirePositive(Lambda, nameof(Lambda));
        errors.RequireInRange(Epsilon, 0, 1, nameof(Epsilon));
        errors.Require(CrossFitFolds is >= 0 and <= 100, nameof(CrossFitFolds), $"CrossFitFolds must be 0 to 100, was {CrossFitFolds}.");
        errors.Require(LambdaCandidates is not null, nameof(LambdaCandidates), "LambdaCandidates must not be null (use an empty list).");
        if (LambdaCandidates is { Count: > 0 })
        {
            errors.Require(LambdaCandidates.Count <= 100, nameof(LambdaCandidates), $"LambdaCandidates may hold at most 100 values, it has {LambdaCandidates.Count}.");
            errors.Require(LambdaCandidates.All(l => double.IsFinite(l) && l > 0), nameof(LambdaCandidates),
                $"Every value of LambdaCandidates must be positive and finite, was [{string.Join(", ", LambdaCandidates.Select(l => l.ToString(CultureInfo.InvariantCulture)))}].");
            errors.Require(CrossFitFolds >= 2, nameof(LambdaCandidates), $"LambdaCandidates needs CrossFitFolds of at least 2, was {CrossFitFolds}.");
        }
    }
}
