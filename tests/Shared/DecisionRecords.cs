using RlCommons.Decisions;

namespace RlCommons.Testing;

/// <summary>Minimal decision records for the tests of decision logs (one feature, action 0, seed 1 ids).</summary>
internal static class DecisionRecords
{
    /// <summary>The decision time of <see cref="Make"/> with no offset.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The record of decision <paramref name="sequence"/> of <paramref name="point"/>, made <paramref name="secondsAfterStart"/> after <see cref="Start"/>.</summary>
    public static DecisionRecord Make(long sequence, string point = "p", int secondsAfterStart = 0) => new()
    {
        EventId = DecisionId.Create(Start, 1, sequence),
        DecisionPoint = point,
        PolicyId = point,
        PolicyVersion = "1",
        Action = 0,
        ActionName = "a",
        Propensity = 1,
        Features = new float[] { 1f },
        Timestamp = Start.AddSeconds(secondsAfterStart),
        Seed = 0,
        Sequence = sequence,
        Source = DecisionSource.Learned,
    };
}
