namespace DocumentStrategy;

/// <summary>What happened when a strategy processed a document.</summary>
/// <param name="Accuracy">Field-level extraction accuracy in [0, 1], as graded against the reviewed result.</param>
/// <param name="CostPerPage">Dollars per page.</param>
/// <param name="LatencySeconds">Time to process the whole document.</param>
public sealed record ExtractionOutcome(double Accuracy, double CostPerPage, double LatencySeconds);
