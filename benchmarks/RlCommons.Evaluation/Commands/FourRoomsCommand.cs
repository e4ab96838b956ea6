using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RlCommons.Evaluation.Hierarchical;

namespace RlCommons.Evaluation.Commands;

/// <summary>
/// <c>four-rooms</c>: the Four Rooms transfer experiment of the Option-Critic paper for flat and hierarchical
/// learners. Prints one line per agent, then one JSON object on the last line with the mean steps per episode
/// after the goal moved; optionally writes the learning curves as SVG.
/// </summary>
internal static class FourRoomsCommand
{
    /// <summary>The agent names accepted by <c>--agents</c>, in the order of <see cref="FourRoomsAgent"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sarsa", "q-learning", "smdp-hallways", "intra-option-hallways", "option-critic"];

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Independent runs per agent.", DefaultValueFactory = _ => 50 };
        var seed = new Option<long>("--seed") { Description = "Base seed of the runs.", DefaultValueFactory = _ => 0 };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per run.", DefaultValueFactory = _ => 1200 };
        var goalChange = new Option<int>("--goal-change") { Description = "The episode (0-based) from which the goal is in the lower-right room.", DefaultValueFactory = _ => 1000 };
        var threads = new Option<int>("--threads") { Description = "Runs executed at once (does not change the results).", DefaultValueFactory = _ => 1 };
        var agents = new Option<string[]>("--agents") { Description = "Agents to run.", DefaultValueFactory = _ => [.. Names], AllowMultipleArgumentsPerToken = true };
        agents.AcceptOnlyFromAmong([.. Names]);
        var defaults = new FourRoomsSettings(1, 0);
        var sarsaAlpha = new Option<double>("--sarsa-alpha") { Description = "Step size of flat SARSA(0).", DefaultValueFactory = _ => defaults.SarsaLearningRate };
        var qAlpha = new Option<double>("--q-alpha") { Description = "Step size of flat Q-learning.", DefaultValueFactory = _ => defaults.QLearningRate };
        var flatEpsilon = new Option<double>("--flat-epsilon") { Description = "Epsilon of flat SARSA / Q-learning.", DefaultValueFactory = _ => defaults.FlatEpsilon };
        var optionAlpha = new Option<double>("--option-alpha") { Description = "Step size of the hallway-option learners.", DefaultValueFactory = _ => defaults.OptionLearningRate };
        var optionEpsilon = new Option<double>("--option-epsilon") { Description = "Epsilon of the policy over hallway options.", DefaultValueFactory = _ => defaults.OptionEpsilon };
        var xi = new Option<double>("--oc-xi") { Description = "Option-Critic termination regularizer.", DefaultValueFactory = _ => defaults.OptionCriticXi };
        var entropy = new Option<double>("--oc-entropy") { Description = "Option-Critic entropy weight.", DefaultValueFactory = _ => defaults.OptionCriticEntropy };
        var temperature = new Option<double>("--oc-temperature") { Description = "Option-Critic softmax temperature.", DefaultValueFactory = _ => defaults.OptionCriticTemperature };
        var ocCritic = new Option<double>("--oc-critic-alpha") { Description = "Option-Critic step size of the critics.", DefaultValueFactory = _ => defaults.OptionCriticCriticLearningRate };
        var ocIntra = new Option<double>("--oc-intra-alpha") { Description = "Option-Critic step size of the intra-option policy gradient.", DefaultValueFactory = _ => defaults.OptionCriticIntraLearningRate };
        var ocTermination = new Option<double>("--oc-termination-alpha") { Description = "Option-Critic step size of the termination gradient.", DefaultValueFactory = _ => defaults.OptionCriticTerminationLearningRate };
        var ocEpsilon = new Option<double>("--oc-epsilon") { Description = "Epsilon of Option-Critic's policy over options.", DefaultValueFactory = _ => defaults.OptionCriticEpsilon };
        var ocOptions = new Option<int>("--oc-options") { Description = "Number of options Option-Critic learns.", DefaultValueFactory = _ => defaults.OptionCriticOptionCount };
        var svg = new Option<string?>("--svg") { Description = "Write the learning curves as SVG to this file." };
        var command = new Command("four-rooms", "Four Rooms transfer experiment (Bacon, Harb & Precup 2017): steps per episode of flat and hierarchical learners.")
        {
            runs, seed, episodes, goalChange, threads, agents, sarsaAlpha, qAlpha, flatEpsilon, optionAlpha, optionEpsilon, xi, entropy, temperature,
            ocCritic, ocIntra, ocTermination, ocEpsilon, ocOptions, svg,
        };
        command.SetAction(parse => Run(
            new FourRoomsSettings(parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(episodes), parse.GetValue(goalChange), Threads: parse.GetValue(threads))
            {
                SarsaLearningRate = parse.GetValue(sarsaAlpha),
                QLearningRate = parse.GetValue(qAlpha),
                FlatEpsilon = parse.GetValue(flatEpsilon),
                OptionLearningRate = parse.GetValue(optionAlpha),
                OptionEpsilon = parse.GetValue(optionEpsilon),
                OptionCriticXi = parse.GetValue(xi),
                OptionCriticEntropy = parse.GetValue(entropy),
                OptionCriticTemperature = parse.GetValue(temperature),
                OptionCriticCriticLearningRate = parse.GetValue(ocCritic),
                OptionCriticIntraLearningRate = parse.GetValue(ocIntra),
                OptionCriticTerminationLearningRate = parse.GetValue(ocTermination),
                OptionCriticEpsilon = parse.GetValue(ocEpsilon),
                OptionCriticOptionCount = parse.GetValue(ocOptions),
            },
            [.. parse.GetValue(agents)!.Select(a => (FourRoomsAgent)IndexOf(a))],
            parse.GetValue(svg),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the experiment and prints the result; returns the exit code (0 on success, 1 on bad settings or an unwritable file).</summary>
    public static int Run(FourRoomsSettings settings, IReadOnlyList<FourRoomsAgent> agents, string? svgPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            IReadOnlyList<FourRoomsResult> results = FourRoomsExperiment.Run(settings, agents);
            foreach (FourRoomsResult r in results)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Names[(int)r.Agent]}: {r.WindowMean:F2} ± {r.WindowStandardError:F2} steps per episode over episodes {settings.GoalChangeEpisode}–{settings.Episodes} ({settings.Runs} runs); first 100 episodes {r.MeanSteps.Take(100).Average():F1}, episodes {settings.GoalChangeEpisode - 200}–{settings.GoalChangeEpisode} {r.MeanSteps.AsSpan(Math.Max(0, settings.GoalChangeEpisode - 200), Math.Min(200, settings.GoalChangeEpisode)).ToArray().Average():F2}"));
            }

            if (svgPath is not null)
            {
                string title = string.Create(CultureInfo.InvariantCulture, $"Four Rooms, {settings.Runs} runs, seed {settings.Seed}");
                File.WriteAllText(svgPath, LearningCurveSvg.Render([.. results.Select(r => (Names[(int)r.Agent], r.MeanSteps))], 10, settings.GoalChangeEpisode, title));
            }

            var summary = new Dictionary<string, object>
            {
                ["runs"] = settings.Runs,
                ["seed"] = settings.Seed,
                ["episodes"] = settings.Episodes,
                ["goal_change"] = settings.GoalChangeEpisode,
                ["steps_after_goal_change"] = results.ToDictionary(r => Names[(int)r.Agent], r => Math.Round(r.WindowMean, 4)),
            };
            output.WriteLine(JsonSerializer.Serialize(summary));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
