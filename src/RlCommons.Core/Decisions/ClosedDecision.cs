namespace RlCommons.Decisions;

/// <summary>A decision whose attribution is final, with its position in the log's closing order (see <see cref="IDecisionLog.ReadClosed"/>).</summary>
/// <param name="Position">Its position: positive, increasing in the order decisions closed, unique within the log.</param>
/// <param name="Entry">The decision and its final reward.</param>
public sealed record ClosedDecision(long Position, DecisionLogEntry Entry);
