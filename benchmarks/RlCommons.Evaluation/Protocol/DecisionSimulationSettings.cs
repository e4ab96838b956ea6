namespace RlCommons.Evaluation.Protocol;

/// <summary>The settings of <see cref="DecisionSimulation"/>.</summary>
/// <param name="Decisions">How many decisions to make; at least 10.</param>
/// <param name="DuplicateRate">The share of sent rewards that are sent a second time, in [0, 1].</param>
/// <param name="LateRate">The share of decisions whose reward arrives after the attribution window, in [0, 1].</param>
/// <param name="MissingRate">The share of decisions whose reward never arrives, in [0, 1]; with <paramref name="LateRate"/> at most 1.</param>
/// <param name="OrphanRate">The share of decisions followed by a reward for an event id that was never logged, in [0, 1].</param>
/// <param name="Seed">The seed of the problem, the policy, the decision point and the arrival order.</param>
internal sealed record DecisionSimulationSettings(int Decisions, double DuplicateRate, double LateRate, double MissingRate, double OrphanRate, long Seed)
{
    /// <summary>The number of arms of the simulated problem.</summary>
    public const int Arms = 5;

    /// <summary>The number of features (the last is a constant 1).</summary>
    public const int Dimension = 6;

    /// <summary>The attribution window of the decision point.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Decisions < 10)
        {
            throw new ArgumentException($"--decisions must be at least 10, was {Decisions}.");
        }

        foreach ((string name, double value) in new[] { ("--duplicate-rate", DuplicateRate), ("--late-rate", LateRate), ("--missing-rate", MissingRate), ("--orphan-rate", OrphanRate) })
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentException($"{name} must be in [0, 1], was {value}.");
            }
        }

        if (LateRate + MissingRate > 1)
        {
            throw new ArgumentException($"--late-rate + --missing-rate must be at most 1, was {LateRate + MissingRate}.");
        }
    }
}
