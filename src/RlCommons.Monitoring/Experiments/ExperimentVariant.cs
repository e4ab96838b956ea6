namespace RlCommons.Monitoring.Experiments;

/// <summary>One arm of an experiment and its share of traffic.</summary>
/// <param name="Name">The variant's name, unique within the experiment (for example "control").</param>
/// <param name="Weight">The planned traffic weight, non-negative and finite; weights need not sum to 1.</param>
public sealed record ExperimentVariant(string Name, double Weight);
