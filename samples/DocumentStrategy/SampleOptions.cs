using System.Globalization;

namespace DocumentStrategy;

/// <summary>The sample's command line: <c>[--requests N] [--seed S] [--state-dir DIR] [--fresh]</c>.</summary>
/// <param name="Requests">How many documents each policy processes.</param>
/// <param name="Seed">Seed of the simulated documents and of the learner.</param>
/// <param name="StateDirectory">Where the learned snapshot is saved and resumed from.</param>
/// <param name="Fresh">Ignore a saved snapshot and start learning from scratch.</param>
public sealed record SampleOptions(int Requests, int Seed, string StateDirectory, bool Fresh)
{
    /// <summary>The usage text.</summary>
    public const string Usage = "usage: DocumentStrategy [--requests N (default 5000)] [--seed S (default 1)] [--state-dir DIR (default .rlcommons/document-strategy)] [--fresh]";

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An argument is unknown or its value is invalid.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SampleOptions(5_000, 1, Path.Combine(".rlcommons", "document-strategy"), false);
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--requests" => options with { Requests = PositiveInt(Value(), "--requests") },
                "--seed" => options with { Seed = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--state-dir" => options with { StateDirectory = Value() },
                "--fresh" => options with { Fresh = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options;
    }

    private static int PositiveInt(string text, string name)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive integer, got '{text}'.");
}
