using RlCommons.Decisions;

namespace RlCommons.Storage.Sqlite.Tests;

/// <summary>The example of docs/storage.md, run as written.</summary>
public sealed class StorageDocsTests
{
    [Fact]
    public void DocsExample_DecideAndReward_LoggedDurably()
    {
        using var temp = new TempDatabase();
        string path = temp.FilePath;
        var policy = new SeededPolicy([0.5, 0.5], seed: 1);
        float[] features = [0.5f, 1f];

        // sqlite-log begin
        var log = new SqliteDecisionLog(new SqliteDecisionLogOptions { FilePath = path });
        var point = new DecisionPoint(policy, new DecisionPointOptions { Name = "checkout", DefaultReward = 0 }, log);
        DecisionRecord record = point.Decide(features);
        RewardJoinResult result = point.Reward(record.EventId, 1.0);
        log.Dispose(); // at shutdown: stops the writer and writes what is pending
        // sqlite-log end

        Assert.Equal(RewardJoinStatus.Joined, result.Status);
        using var reopened = new SqliteDecisionLog(new SqliteDecisionLogOptions { FilePath = path });
        DecisionLogEntry entry = Assert.Single(reopened.Read("checkout"));
        Assert.Equal(record.EventId, entry.Decision.EventId);
        Assert.Equal(1.0, entry.Reward);
        Assert.Single(policy.Learned);
    }

    [Fact]
    public void DocsExample_ShownAsTested()
        => DocumentedCode.AssertShownAsTested("docs/storage.md", "tests/RlCommons.Storage.Sqlite.Tests/StorageDocsTests.cs", "sqlite-log");
}
