using System.Text.Json;
using RlCommons.Evaluation.Tests.TestSupport;
using static RlCommons.Evaluation.Tests.TestSupport.CliRunner;

namespace RlCommons.Evaluation.Tests.Commands;

public sealed class StatsParityCommandTests : IDisposable
{
    // Two rows of the shared scipy reference file.
    private const string FisherRow = """{"test": "fisher_exact", "table": [[2, 12], [10, 2]], "alternative": "two-sided", "odds_ratio": 0.03333333333333333, "pvalue": 0.0011010903217122088}""";
    private const string ChiSquareRow = """{"test": "chi2_2x2", "table": [[8, 9], [5, 2]], "correction": true, "statistic": 0.40759240759240767, "df": 1, "pvalue": 0.5231940405206077}""";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_AllCasesMatch_ExitsZeroWithNoMismatch()
    {
        string data = _temp.Write("good.jsonl", FisherRow, ChiSquareRow);

        (int code, string output, string error) = Run("stats-parity", "--data", data);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        JsonElement summary = LastLineJson(output);
        Assert.Equal(["cases", "mismatches", "max_rel_error"], summary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, summary.GetProperty("cases").GetInt32());
        Assert.Equal(0, summary.GetProperty("mismatches").GetInt32());
        Assert.InRange(summary.GetProperty("max_rel_error").GetDouble(), 0, 1e-9);
    }

    [Fact]
    public void Run_SharedReferenceFile_EveryCaseMatches()
    {
        (int code, string output, _) = Run("stats-parity", "--data", RepositoryFiles.Reference("stats-scipy.jsonl"));

        Assert.Equal(0, code);
        JsonElement summary = LastLineJson(output);
        Assert.Equal(275, summary.GetProperty("cases").GetInt32());
        Assert.Equal(0, summary.GetProperty("mismatches").GetInt32());
    }

    [Fact]
    public void Run_OneWrongStatistic_ExitsOneAndPrintsTheMismatch()
    {
        // The χ² statistic is off by 10%.
        string wrong = ChiSquareRow.Replace("0.40759240759240767", "0.44835164835164837", StringComparison.Ordinal);
        string data = _temp.Write("mixed.jsonl", FisherRow, wrong);

        (int code, string output, _) = Run("stats-parity", "--data", data);

        Assert.Equal(1, code);
        JsonElement summary = LastLineJson(output);
        Assert.Equal(1, summary.GetProperty("mismatches").GetInt32());
        Assert.Equal(1 - (0.40759240759240767 / 0.44835164835164837), summary.GetProperty("max_rel_error").GetDouble(), 1e-9);
        Assert.Contains("mismatch: line 2: chi2_2x2 statistic", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwoWithAMessageOnStandardError()
    {
        (int code, string output, string error) = Run("stats-parity", "--data", Path.Combine(_temp.Path, "none.jsonl"));

        Assert.Equal(2, code);
        Assert.Contains("none.jsonl", error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedLine_ExitsTwoNamingTheLine()
    {
        string data = _temp.Write("bad.jsonl", FisherRow, "{\"test\": \"fisher_exact\"");

        (int code, _, string error) = Run("stats-parity", "--data", data);

        Assert.Equal(2, code);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
    }

}
