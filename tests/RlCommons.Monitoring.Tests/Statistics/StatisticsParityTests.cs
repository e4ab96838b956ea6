using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Tests.Statistics;

public sealed class StatisticsParityTests
{
    [Fact]
    public void CheckFile_SharedScipyReference_EveryCaseMatches()
    {
        StatisticsParityReport report = StatisticsParity.CheckFile(ReferencePath());

        Assert.Equal(275, report.Cases);
        Assert.True(report.Mismatches == 0, string.Join(Environment.NewLine, report.FirstMismatches));
        Assert.InRange(report.MaxRelativeError, 0, StatisticsParity.SolverTolerance);
    }

    private static string ReferencePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RlCommons.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "reference", "stats-scipy.jsonl");
            }
        }

        throw new InvalidOperationException("RlCommons.sln not found above " + AppContext.BaseDirectory);
    }
}
