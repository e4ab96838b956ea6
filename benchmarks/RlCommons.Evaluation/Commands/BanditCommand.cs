using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RlCommons.Evaluation.Data;
using RlCommons.Evaluation.Policies;
using RlCommons.Evaluation.Protocol;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>bandit</c>: progressive validation of one bandit policy on a labelled CSV file turned into a K-armed
/// contextual bandit. Prints one descriptive line, then the result as one JSON object on the last line.
/// </summary>
internal static class BanditCommand
{
    /// <summary>The number of rows of the untimed warm-up run.</summary>
    internal const int WarmupRows = 200;

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "CSV file: a header, then label (integer 0..K-1) and features per row.", Required = true };
        var policy = new Option<string>("--policy") { Description = "The policy to evaluate.", Required = true };
        policy.AcceptOnlyFromAmong(BanditPolicyFactory.Names);
        var alpha = new Option<double?>("--alpha") { Description = "linucb: alpha (default 0.3); lints: exploration scale (default 0.1); softmax: temperature (default 0.1)." };
        var epsilon = new Option<double?>("--epsilon") { Description = "egreedy-linear, egreedy: epsilon (default 0.1); exp3: gamma (default 0.1)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the row shuffles and the policy's randomness.", DefaultValueFactory = _ => 0 };
        var passes = new Option<int>("--passes") { Description = "Passes over the data, each in a new shuffled order.", DefaultValueFactory = _ => 1 };

        var command = new Command("bandit", "Progressive validation of a bandit policy on a labelled CSV (supervised-to-bandit conversion).")
        {
            data, policy, alpha, epsilon, seed, passes,
        };
        command.SetAction(parse => Run(
            new BanditRunSettings(
                parse.GetRequiredValue(data),
                new BanditPolicySettings(parse.GetRequiredValue(policy), parse.GetValue(alpha), parse.GetValue(epsilon), parse.GetValue(seed)),
                parse.GetValue(passes)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the evaluation and prints the result; returns the process exit code (0 on success, 1 on any error).</summary>
    public static int Run(BanditRunSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (settings.Passes < 1)
            {
                throw new ArgumentException($"--passes must be at least 1, was {settings.Passes}.");
            }

            string description = BanditPolicyFactory.Describe(settings.Policy);
            BanditDataset dataset = BanditDataset.Load(settings.DataPath);
            IBanditPolicy policy = BanditPolicyFactory.Create(settings.Policy, dataset.ArmCount, dataset.Dimension);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(settings.DataPath)}: {dataset.RowCount} rows, {dataset.Dimension - 1} features + bias, {dataset.ArmCount} arms; {description}; seed {settings.Policy.Seed}, passes {settings.Passes}"));

            // An untimed run of a throwaway copy over the first rows compiles the code paths first, so the
            // timing measures deciding and learning rather than the JIT. It does not touch the measured policy.
            IBanditPolicy warmup = BanditPolicyFactory.Create(settings.Policy, dataset.ArmCount, dataset.Dimension);
            ProgressiveValidation.Run(dataset.Take(WarmupRows), warmup, 1, unchecked((ulong)settings.Policy.Seed));

            long start = Stopwatch.GetTimestamp();
            ProgressiveValidationResult result = ProgressiveValidation.Run(dataset, policy, settings.Passes, unchecked((ulong)settings.Policy.Seed));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

            var report = new BanditReport(settings.Policy.Name, result.Decisions, dataset.ArmCount, result.Accuracy, seconds, seconds > 0 ? result.Decisions / seconds : 0);
            output.WriteLine(report.ToJson());
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            // Missing or unreadable file, malformed data, or options the policy rejects: a message, not a stack trace.
            error.WriteLine($"error: {MessageOf(e)}");
            return 1;
        }
    }

    // ArgumentException appends " (Parameter 'name')", which means nothing to someone at a shell.
    private static string MessageOf(Exception e)
        => e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
}
