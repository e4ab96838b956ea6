using System.CommandLine;
using RlCommons.Evaluation.Commands;

namespace RlCommons.Evaluation;

/// <summary>The command tree of the evaluation tool: one subcommand class per evaluation.</summary>
internal static class EvaluationCli
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand CreateRootCommand() => new("RlCommons evaluation: reproducible measurements of the library's agents.")
    {
        BanditCommand.Create(),
        GymParityCommand.Create(),
        OfflineCommand.Create(),
        StatsParityCommand.Create(),
        TrainCommand.Create(),
        FourRoomsCommand.Create(),
        DecisionSimCommand.Create(),
    };

    /// <summary>Parses <paramref name="args"/>, runs the chosen subcommand and returns the exit code (non-zero on any error).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
        => CreateRootCommand().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
}
