namespace RlCommons.Monitoring.Experiments;

/// <summary>What an <see cref="ExperimentAnalysis"/> advises.</summary>
public enum Recommendation
{
    /// <summary>Collect more data: no variant differs significantly yet and the planned sample is not reached.</summary>
    KeepRunning,

    /// <summary>Ship the named variant: it beats the control significantly.</summary>
    Ship,

    /// <summary>Do not ship: the treatments lose, show no effect at the planned sample size, or the data is untrustworthy.</summary>
    DontShip,
}
