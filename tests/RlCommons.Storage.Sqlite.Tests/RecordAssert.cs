using RlCommons.Decisions;

namespace RlCommons.Storage.Sqlite.Tests;

/// <summary>Compares decision records field by field, the contents of their features, probabilities and components included (records compare memory by reference).</summary>
internal static class RecordAssert
{
    public static void Equal(DecisionRecord expected, DecisionRecord actual)
    {
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.DecisionPoint, actual.DecisionPoint);
        Assert.Equal(expected.PolicyId, actual.PolicyId);
        Assert.Equal(expected.PolicyVersion, actual.PolicyVersion);
        Assert.Equal(expected.Action, actual.Action);
        Assert.Equal(expected.ActionName, actual.ActionName);
        Assert.Equal(expected.ActionComponents.ToArray(), actual.ActionComponents.ToArray());
        Assert.Equal(expected.Propensity, actual.Propensity);
        Assert.Equal(expected.Probabilities.ToArray(), actual.Probabilities.ToArray());
        Assert.Equal(expected.Features.ToArray(), actual.Features.ToArray());
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.Seed, actual.Seed);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Explored, actual.Explored);
    }

    public static void Equal(DecisionLogEntry expected, DecisionLogEntry actual)
    {
        Equal(expected.Decision, actual.Decision);
        Assert.Equal(expected with { Decision = actual.Decision }, actual);
    }
}
