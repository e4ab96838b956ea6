using RlCommons.Decisions;
using System.Globalization;
using RlCommons.Algorithms.Offline;
using RlCommons.Randomness;
using RlCommons.Testing;

namespace RlCommons.Algorithms.Tests.Offline;

/// <summary>
/// digits.csv as a 10-arm contextual bandit, prepared as the evaluation CLI's <c>bandit</c> and <c>offline</c> commands do
/// (min–max scaled per column over the whole file, a constant-column 0, bias 1 appended), split 70/30 after a seeded
/// shuffle, with the training rows logged by a uniform or a skewed logging policy.
/// </summary>
internal sealed class DigitsLogs
{
    private DigitsLogs(float[][] train, int[] trainLabels, float[][] heldout, int[] heldoutLabels, int dimension)
    {
        (Train, TrainLabels, Heldout, HeldoutLabels, Dimension) = (train, trainLabels, heldout, heldoutLabels, dimension);
    }

    public const int Arms = 10;

    public float[][] Train { get; }

    public int[] TrainLabels { get; }

    public float[][] Heldout { get; }

    public int[] HeldoutLabels { get; }

    public int Dimension { get; }

    public static DigitsLogs Load(ulong seed)
    {
        string[] lines = [.. File.ReadLines(RepositoryFiles.Reference("digits.csv")).Skip(1).Where(l => !string.IsNullOrWhiteSpace(l))];
        int featureCount = lines[0].Split(',').Length - 1;
        var raw = new double[lines.Length][];
        var labels = new int[lines.Length];
        for (int r = 0; r < lines.Length; r++)
        {
            string[] cells = lines[r].Split(',');
            labels[r] = int.Parse(cells[0], CultureInfo.InvariantCulture);
            raw[r] = [.. cells.Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture))];
        }

        var rows = new float[lines.Length][];
        for (int r = 0; r < lines.Length; r++)
        {
            rows[r] = new float[featureCount + 1];
            rows[r][featureCount] = 1f;
        }

        for (int c = 0; c < featureCount; c++)
        {
            double min = raw.Min(x => x[c]);
            double range = raw.Max(x => x[c]) - min;
            for (int r = 0; r < lines.Length; r++)
            {
                rows[r][c] = range > 0 ? (float)((raw[r][c] - min) / range) : 0f;
            }
        }

        int[] order = [.. Enumerable.Range(0, lines.Length)];
        // The evaluation CLI's RowOrder, pass 0.
        var random = new Xoshiro256Random(SeedSequence.Derive(SeedSequence.Derive(seed, ulong.MaxValue), 0));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int trainCount = (int)(lines.Length * 0.7);
        return new DigitsLogs(
            [.. order.Take(trainCount).Select(i => rows[i])],
            [.. order.Take(trainCount).Select(i => labels[i])],
            [.. order.Skip(trainCount).Select(i => rows[i])],
            [.. order.Skip(trainCount).Select(i => labels[i])],
            featureCount + 1);
    }

    /// <summary>Uniform: every arm with 0.1. Skewed: a favoured arm drawn per row (independent of the label) with 1 − 9 × 0.02, the others 0.02.</summary>
    public DecisionLogEntry[] Log(bool skewed, ulong seed)
    {
        // The evaluation CLI's logging stream, so that its offline command reproduces these logs.
        var random = new Xoshiro256Random(SeedSequence.Derive(seed, ulong.MaxValue - 1));
        double favouredPropensity = 1 - (0.02 * (Arms - 1));
        var log = new DecisionLogEntry[Train.Length];
        for (int i = 0; i < Train.Length; i++)
        {
            int action;
            double propensity;
            if (skewed)
            {
                int favoured = random.Next(Arms);
                double u = random.NextDouble();
                action = u < favouredPropensity ? favoured : (favoured + 1 + Math.Min(Arms - 2, (int)((u - favouredPropensity) / 0.02))) % Arms;
                propensity = action == favoured ? favouredPropensity : 0.02;
            }
            else
            {
                action = random.Next(Arms);
                propensity = 1.0 / Arms;
            }

            log[i] = DecisionLogEntry.FromHistory(i, Train[i], action, propensity, action == TrainLabels[i] ? 1.0 : 0.0);
        }

        return log;
    }

    public double HeldoutAccuracy(OfflineContextualBandit learner)
    {
        int right = 0;
        for (int i = 0; i < Heldout.Length; i++)
        {
            right += learner.ChooseGreedy(Heldout[i]) == HeldoutLabels[i] ? 1 : 0;
        }

        return (double)right / Heldout.Length;
    }
}
