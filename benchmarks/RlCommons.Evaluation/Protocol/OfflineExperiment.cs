using RlCommons.Decisions;
using RlCommons.Evaluation.Data;
using RlCommons.Algorithms.Offline;
using RlCommons.Randomness;

namespace RlCommons.Evaluation.Protocol;

/// <summary>
/// Learning from logs on a labelled data set: the rows are shuffled (<see cref="RowOrder"/>, pass 0), the first 70%
/// (rounded down) are logged by a logging policy and learned offline, and the greedy policy is scored on the other 30%.
/// </summary>
/// <remarks>
/// Logging policies, drawn per row from a xoshiro256** generator seeded with <c>SeedSequence.Derive(seed, 2⁶⁴ − 2)</c>:
/// <c>uniform</c> chooses each of the K arms with 1/K; <c>skewed</c> draws a favoured arm uniformly (independent of the
/// label), then chooses it with 1 − 0.02(K − 1) and each other arm with 0.02. The reward is 1 for the label's arm, else 0.
/// </remarks>
internal static class OfflineExperiment
{
    /// <summary>The share of the rows used for training.</summary>
    public const double TrainShare = 0.7;

    /// <summary>The propensity of every non-favoured arm under the skewed logging policy.</summary>
    public const double SkewedMinimum = 0.02;

    /// <summary>
    /// The ridge λ candidates: the learner picks the reward model's and the policy's λ by 5-fold cross-validation inside
    /// the logged 70% (<see cref="OfflineBanditOptions.LambdaCandidates"/>), never looking at the held-out rows.
    /// </summary>
    public static readonly IReadOnlyList<double> LambdaCandidates = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000];

    /// <summary>The generator stream of the logging policy.</summary>
    internal const ulong LoggingStream = ulong.MaxValue - 1;

    /// <summary>Logs, learns and scores once.</summary>
    /// <param name="dataset">The data set.</param>
    /// <param name="skewed">Whether the logging policy is skewed rather than uniform.</param>
    /// <param name="estimator">The estimator.</param>
    /// <param name="seed">The seed of the split, the logging policy and the learner.</param>
    public static OfflineExperimentResult Run(BanditDataset dataset, bool skewed, OfflineEstimator estimator, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int arms = dataset.ArmCount;
        if (skewed && 1 - (SkewedMinimum * (arms - 1)) <= SkewedMinimum)
        {
            throw new ArgumentException($"The skewed logging policy needs fewer than {(int)(1 / SkewedMinimum)} arms, the data has {arms}.", nameof(dataset));
        }

        int[] order = RowOrder.Create(dataset.RowCount, seed, 0);
        int trainRows = (int)(dataset.RowCount * TrainShare);
        if (trainRows < 1 || trainRows == dataset.RowCount)
        {
            throw new ArgumentException($"The data has {dataset.RowCount} rows; a 70/30 split needs at least 2.", nameof(dataset));
        }

        var learner = new OfflineContextualBandit(new OfflineBanditOptions
        {
            ArmCount = arms,
            Dimension = dataset.Dimension,
            Estimator = estimator,
            LambdaCandidates = LambdaCandidates,
            Seed = unchecked((long)seed),
        });

        var logging = new Xoshiro256Random(SeedSequence.Derive(seed, LoggingStream));
        double favouredPropensity = 1 - (SkewedMinimum * (arms - 1));
        var log = new DecisionLogEntry[trainRows];
        for (int i = 0; i < trainRows; i++)
        {
            int row = order[i];
            int action;
            double propensity;
            if (skewed)
            {
                int favoured = logging.Next(arms);
                double u = logging.NextDouble();
                action = u < favouredPropensity ? favoured : (favoured + 1 + Math.Min(arms - 2, (int)((u - favouredPropensity) / SkewedMinimum))) % arms;
                propensity = action == favoured ? favouredPropensity : SkewedMinimum;
            }
            else
            {
                action = logging.Next(arms);
                propensity = 1.0 / arms;
            }

            log[i] = DecisionLogEntry.FromHistory(i, dataset.Features(row).ToArray(), action, propensity, action == dataset.Label(row) ? 1.0 : 0.0);
        }

        OfflineBanditReport report = learner.Learn(log);
        int right = 0;
        for (int i = trainRows; i < order.Length; i++)
        {
            right += learner.ChooseGreedy(dataset.Features(order[i])) == dataset.Label(order[i]) ? 1 : 0;
        }

        int heldout = order.Length - trainRows;
        return new OfflineExperimentResult(trainRows, heldout, (double)right / heldout, report, learner.PolicyLambda, learner.RewardModelLambda);
    }
}
