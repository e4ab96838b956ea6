using System.Globalization;
using RlCommons.Environments;
using RlCommons.Environments.ClassicControl;

namespace RlCommons.Evaluation.Parity;

/// <summary>
/// Checks the classic-control ports against transitions recorded from Gymnasium: each CSV row gives an environment id,
/// episode, step, the internal state before the step, the action, the observation after it, the reward, terminated and
/// truncated. For every row the task's state is set, the action applied, and the result compared.
/// </summary>
/// <remarks>
/// A value matches when |actual − expected| ≤ <see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/>·|expected|:
/// Gymnasium returns float32 observations, so one unit in the last place of a float32 must pass. The flags must be equal.
/// The recorded rows come without a time limit, so the bare tasks are used.
/// </remarks>
internal static class ClassicControlParity
{
    /// <summary>The absolute tolerance, 1e-6.</summary>
    public const double AbsoluteTolerance = 1e-6;

    /// <summary>The relative tolerance, 1e-6.</summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>The number of mismatches described in <see cref="ClassicControlParityReport.FirstMismatches"/>.</summary>
    public const int MaxReportedMismatches = 20;

    /// <summary>Checks every row of the CSV file at <paramref name="path"/>.</summary>
    /// <param name="path">A CSV file with a header line.</param>
    /// <returns>The counts and the largest error.</returns>
    /// <exception cref="InvalidDataException">A row is malformed or names an unknown environment.</exception>
    public static ClassicControlParityReport CheckFile(string path)
    {
        using var reader = new StreamReader(path);
        return Check(reader);
    }

    /// <summary>Checks every row read from <paramref name="csv"/> (a header line, then one transition per line).</summary>
    /// <param name="csv">The CSV text.</param>
    /// <returns>The counts and the largest error.</returns>
    /// <exception cref="InvalidDataException">A row is malformed or names an unknown environment.</exception>
    public static ClassicControlParityReport Check(TextReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        string? header = csv.ReadLine();
        if (header is null || !header.StartsWith("env,", StringComparison.Ordinal))
        {
            throw new InvalidDataException("Expected a header line starting with 'env,'.");
        }

        var checker = new RowChecker();
        var details = new List<string>();
        int rows = 0, mismatches = 0, lineNumber = 1;
        double maxAbsError = 0;
        for (string? line = csv.ReadLine(); line is not null; line = csv.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            (bool match, double error) = checker.Check(line, lineNumber);
            rows++;
            maxAbsError = Math.Max(maxAbsError, error);
            if (!match)
            {
                mismatches++;
                if (details.Count < MaxReportedMismatches)
                {
                    details.Add($"line {lineNumber}: {checker.LastDetail}");
                }
            }
        }

        return new ClassicControlParityReport(rows, mismatches, maxAbsError, details);
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected));

    /// <summary>Holds one instance of each task and the row buffers.</summary>
    private sealed class RowChecker
    {
        private readonly CartPole _cartPole = new();
        private readonly Acrobot _acrobot = new();
        private readonly MountainCar _mountainCar = new();
        private readonly Pendulum _pendulum = new();

        public string LastDetail { get; private set; } = string.Empty;

        public (bool Match, double Error) Check(string line, int lineNumber)
        {
            string[] fields = line.Split(',');
            (EnvironmentBase environment, int stateDimension) = fields[0] switch
            {
                "CartPole-v1" => ((EnvironmentBase)_cartPole, CartPole.StateDimension),
                "Acrobot-v1" => (_acrobot, Acrobot.StateDimension),
                "MountainCar-v0" => (_mountainCar, MountainCar.StateDimension),
                "Pendulum-v1" => (_pendulum, Pendulum.StateDimension),
                _ => throw new InvalidDataException($"Line {lineNumber}: unknown environment '{fields[0]}'."),
            };
            int observationDimension = environment.ObservationSpace.FlatDimension;

            // env, episode, step, state, action, observation, reward, terminated, truncated.
            int expectedFields = 3 + stateDimension + 1 + observationDimension + 3;
            if (fields.Length != expectedFields)
            {
                throw new InvalidDataException($"Line {lineNumber}: {fields[0]} rows have {expectedFields} fields, got {fields.Length}.");
            }

            double[] values = new double[fields.Length - 1];
            for (int i = 1; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - 1]))
                {
                    throw new InvalidDataException($"Line {lineNumber}: field {i + 1} '{fields[i]}' is not a number.");
                }
            }

            ReadOnlySpan<double> state = values.AsSpan(2, stateDimension);
            double action = values[2 + stateDimension];
            ReadOnlySpan<double> expectedObservation = values.AsSpan(3 + stateDimension, observationDimension);
            double expectedReward = values[3 + stateDimension + observationDimension];
            bool expectedTerminated = values[4 + stateDimension + observationDimension] != 0;
            bool expectedTruncated = values[5 + stateDimension + observationDimension] != 0;

            Span<float> observation = stackalloc float[observationDimension];
            StepResult result = Step(environment, state, action, observation, lineNumber);

            bool match = result.Terminated == expectedTerminated && result.Truncated == expectedTruncated && Close(result.Reward, expectedReward);
            double error = Math.Abs(result.Reward - expectedReward);
            for (int i = 0; i < observationDimension; i++)
            {
                match &= Close(observation[i], expectedObservation[i]);
                error = Math.Max(error, Math.Abs(observation[i] - expectedObservation[i]));
            }

            LastDetail = string.Create(
                CultureInfo.InvariantCulture,
                $"{fields[0]} episode {fields[1]} step {fields[2]}: observation [{string.Join(", ", observation.ToArray())}] vs [{string.Join(", ", expectedObservation.ToArray())}], reward {result.Reward} vs {expectedReward}, terminated {result.Terminated} vs {expectedTerminated}, truncated {result.Truncated} vs {expectedTruncated}");
            return (match, error);
        }

        private StepResult Step(EnvironmentBase environment, ReadOnlySpan<double> state, double action, Span<float> observation, int lineNumber)
        {
            switch (environment)
            {
                case CartPole cartPole:
                    cartPole.SetState(state);
                    break;
                case Acrobot acrobot:
                    acrobot.SetState(state);
                    break;
                case MountainCar mountainCar:
                    mountainCar.SetState(state);
                    break;
                default:
                    _pendulum.SetState(state);
                    return _pendulum.Step([(float)action], observation);
            }

            int discrete = (int)action;
            if (discrete != action)
            {
                throw new InvalidDataException($"Line {lineNumber}: the action {action.ToString(CultureInfo.InvariantCulture)} of a discrete task is not an integer.");
            }

            return environment.Step(discrete, observation);
        }
    }
}
