using RlCommons.Evaluation.Parity;

namespace RlCommons.Evaluation.Tests.Parity;

public sealed class StatisticsParityTests
{
    [Fact]
    public void CheckFile_SharedScipyReference_EveryCaseMatches()
    {
        StatisticsParityReport report = StatisticsParity.CheckFile(RepositoryFiles.Reference("stats-scipy.jsonl"));

        Assert.Equal(275, report.Cases);
        Assert.True(report.Mismatches == 0, string.Join(Environment.NewLine, report.FirstMismatches));
        Assert.InRange(report.MaxRelativeError, 0, StatisticsParity.SolverTolerance);
    }

    [Fact]
    public void CheckLines_WrongPValue_CountsOneMismatchAndNamesTheField()
    {
        string good = """{"test": "chi2_rxc", "table": [[10, 20, 30], [30, 20, 10]], "statistic": 20.0, "df": 2, "pvalue": 4.5399929762484854e-05}""";
        string wrong = good.Replace("4.5399929762484854e-05", "4.6e-05", StringComparison.Ordinal);

        StatisticsParityReport report = StatisticsParity.CheckLines([good, "", wrong]);

        Assert.Equal(2, report.Cases);
        Assert.Equal(1, report.Mismatches);
        Assert.StartsWith("line 3: chi2_rxc pvalue", Assert.Single(report.FirstMismatches), StringComparison.Ordinal);
        Assert.Equal((4.6e-05 - Math.Exp(-10)) / 4.6e-05, report.MaxRelativeError, 1e-9);
    }

    [Fact]
    public void CheckLines_UnknownTest_ThrowsInvalidDataWithLineNumber()
    {
        var e = Assert.Throws<InvalidDataException>(() => StatisticsParity.CheckLines(["""{"test": "anova"}"""]));

        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("anova", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLines_MalformedJson_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => StatisticsParity.CheckLines(["{not json"]));
    }
}
