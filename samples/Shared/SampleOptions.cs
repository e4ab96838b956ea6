using System.Globalization;

namespace RlCommons.Samples;

/// <summary>Every sample's command line: <c>[--requests N] [--seed S] [--state-dir DIR] [--fresh]</c>.</summary>
/// <param name="Requests">How many requests (documents, leads) the sample runs.</param>
/// <param name="Seed">Seed of the simulation and of the learners.</param>
/// <param name="StateDirectory">Where the learned snapshots are saved and resumed from.</param>
/// <param name="Fresh">Ignore saved snapshots and start learning from scratch.</param>
public sealed record SampleOptions(int Requests, int Seed, string StateDirectory, bool Fresh)
{
    /// <summary>Parses the arguments of the sample <paramref name="program"/>.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="program">The sample's name, for the usage text.</param>
    /// <param name="defaultRequests">The number of requests without <c>--requests</c>.</param>
    /// <param name="stateName">The folder under <c>.rlcommons</c> used without <c>--state-dir</c>.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">An argument is unknown or its value is invalid.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args, string program, int defaultRequests, string stateName)
    {
        string defaultState = Path.Combine(".rlcommons", stateName);
        string usage = string.Create(CultureInfo.InvariantCulture,
            $"usage: {program} [--requests N (default {defaultRequests})] [--seed S (default 1)] [--state-dir DIR (default .rlcommons/{stateName})] [--fresh]");
        var options = new SampleOptions(defaultRequests, 1, defaultState, false);
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {usage}");
            options = args[i] switch
            {
                "--requests" => options with { Requests = PositiveInt(Value(), "--requests") },
                "--seed" => options with { Seed = int.Parse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture) },
                "--state-dir" => options with { StateDirectory = Value() },
                "--fresh" => options with { Fresh = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {usage}"),
            };
        }

        return options;
    }

    private static int PositiveInt(string text, string name)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive integer, got '{text}'.");
}
