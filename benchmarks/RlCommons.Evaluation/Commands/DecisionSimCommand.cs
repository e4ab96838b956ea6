using System.CommandLine;
using RlCommons.Evaluation.Protocol;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>decision-sim</c>: decisions through a decision point with rewards arriving out of order, duplicated, late and
/// never, then off-policy evaluation of the greedy policy on the log (see <see cref="DecisionSimulation"/>). Prints one
/// JSON line.
/// </summary>
internal static class DecisionSimCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var decisions = new Option<int>("--decisions") { Description = "Decisions to make.", DefaultValueFactory = _ => 100_000 };
        var duplicateRate = new Option<double>("--duplicate-rate") { Description = "Share of sent rewards sent twice.", DefaultValueFactory = _ => 0.10 };
        var lateRate = new Option<double>("--late-rate") { Description = "Share of decisions whose reward arrives after the window.", DefaultValueFactory = _ => 0.05 };
        var missingRate = new Option<double>("--missing-rate") { Description = "Share of decisions whose reward never arrives.", DefaultValueFactory = _ => 0.05 };
        var orphanRate = new Option<double>("--orphan-rate") { Description = "Share of decisions followed by a reward for an unknown event id.", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the problem, the policy and the arrival order.", DefaultValueFactory = _ => 0 };
        var command = new Command("decision-sim", "Decide, log and join out-of-order, duplicated, late and missing rewards through a decision point; evaluate the greedy policy off-policy on the log.")
        {
            decisions, duplicateRate, lateRate, missingRate, orphanRate, seed,
        };
        command.SetAction(parse => Run(
            new DecisionSimulationSettings(parse.GetValue(decisions), parse.GetValue(duplicateRate), parse.GetValue(lateRate), parse.GetValue(missingRate), parse.GetValue(orphanRate), parse.GetValue(seed)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the simulation and prints its JSON line; returns 0, or 1 with a message for bad settings.</summary>
    public static int Run(DecisionSimulationSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            output.WriteLine(DecisionSimulation.Run(settings).ToJson());
            return 0;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
