using System.CommandLine;
using System.Globalization;
using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Protocol;
using RlCommons.Algorithms.Offline;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>offline</c>: learning from logs on a labelled CSV file turned into a K-armed contextual bandit as the
/// <c>bandit</c> command does (<see cref="OfflineExperiment"/>). Prints one descriptive line, then the result as
/// one JSON object on the last line.
/// </summary>
internal static class OfflineCommand
{
    /// <summary>The accepted logging policies.</summary>
    internal static readonly string[] LoggingPolicies = ["uniform", "skewed"];

    /// <summary>The accepted estimators.</summary>
    internal static readonly string[] Estimators = ["ips", "dr"];

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "CSV file: a header, then label (integer 0..K-1) and features per row.", Required = true };
        var logging = new Option<string>("--logging") { Description = "The logging policy: uniform (1/K each) or skewed (a random favoured arm, the others 0.02).", Required = true };
        logging.AcceptOnlyFromAmong(LoggingPolicies);
        var estimator = new Option<string>("--estimator") { Description = "ips (inverse propensity) or dr (doubly robust).", Required = true };
        estimator.AcceptOnlyFromAmong(Estimators);
        var seed = new Option<long>("--seed") { Description = "Seed of the split, the logging policy and the learner.", DefaultValueFactory = _ => 0 };

        var command = new Command("offline", "Learn a contextual bandit from logs of 70% of a labelled CSV; score the greedy policy on the other 30%.")
        {
            data, logging, estimator, seed,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(data),
            parse.GetRequiredValue(logging),
            parse.GetRequiredValue(estimator),
            parse.GetValue(seed),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the experiment and prints the result; returns the process exit code (0 on success, 1 on any error).</summary>
    public static int Run(string dataPath, string logging, string estimator, long seed, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            OfflineEstimator kind = estimator switch
            {
                "ips" => OfflineEstimator.InversePropensity,
                "dr" => OfflineEstimator.DoublyRobust,
                _ => throw new ArgumentException($"--estimator must be ips or dr, was '{estimator}'."),
            };
            bool skewed = logging switch
            {
                "uniform" => false,
                "skewed" => true,
                _ => throw new ArgumentException($"--logging must be uniform or skewed, was '{logging}'."),
            };

            BanditDataset dataset = BanditDataset.Load(dataPath);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(dataPath)}: {dataset.RowCount} rows, {dataset.Dimension - 1} features + bias, {dataset.ArmCount} arms; {logging} logging, {estimator}, ridge λ cross-validated from [{string.Join(", ", OfflineExperiment.LambdaCandidates.Select(l => l.ToString(CultureInfo.InvariantCulture)))}]; seed {seed}"));
            OfflineExperimentResult result = OfflineExperiment.Run(dataset, skewed, kind, unchecked((ulong)seed));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"propensities: minimum {result.Report.MinimumPropensity}, {result.Report.ClippedPropensities} of {result.Report.Rows} clipped to {result.Report.PropensityFloor}; chosen λ: policy {result.PolicyLambda}{(kind == OfflineEstimator.DoublyRobust ? $", reward model {result.RewardModelLambda}" : string.Empty)}"));
            output.WriteLine(new OfflineReport(estimator, logging, result.TrainRows, result.HeldoutRows, result.HeldoutAccuracy).ToJson());
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: {MessageOf(e)}");
            return 1;
        }
    }

    // ArgumentException appends " (Parameter 'name')", which means nothing to someone at a shell.
    private static string MessageOf(Exception e)
        => e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
}
