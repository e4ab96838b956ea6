using Microsoft.Extensions.Logging;
using ModuleOrchestration;
using RlCommons.Okr.Rewards;
using RlCommons.Okr.Tests.TestSupport;
using RlCommons.Rewards;

namespace RlCommons.Okr.Tests.Samples;

// The CRM component is a sample's (samples/ModuleOrchestration); this project references the sample so these tests
// keep running with the OKR tests.

public sealed class CrmBonusComponentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("okr-crm-").FullName;
    private readonly ListLogger<CrmBonusComponent> _logger = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("""{"sales": 0}""", """{"stage": "lead"}""", 0.0)]
    [InlineData("""{"sales": 1}""", """{"stage": "engaged"}""", 0.6)]
    [InlineData("""{"sales": 3}""", """{"stage": "qualified"}""", 1.7)]
    [InlineData("""{"sales": 5}""", """{"stage": "proposal"}""", 2.8)]
    [InlineData("""{"sales": 9}""", """{"stage": "Purchased"}""", 2.8)]
    [InlineData("""{"sales": 2.5}""", """{"stage": "PROPOSAL"}""", 1.55)]
    public void Compute_Table_IsSaleBonusPlusPipelineBonus(string sales, string pipeline, double expected)
    {
        CrmBonusComponent component = Create(sales, pipeline);

        Assert.Equal(expected, component.Compute(default), 14);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void Compute_MissingFiles_CountZeroAndLogEach()
    {
        var component = new CrmBonusComponent(Path.Combine(_folder, "none.json"), Path.Combine(_folder, "gone", "pipeline.json"), _logger);

        Assert.Equal(0.0, component.Compute(default));
        Assert.Equal(2, _logger.Entries.Count);
        Assert.All(_logger.Entries, e => Assert.Equal((LogLevel.Warning, 5001), (e.Level, e.EventId.Id)));
        Assert.Contains("none.json could not be read; its bonus counts as 0", _logger.Entries[0].Message);
    }

    [Fact]
    public void Compute_InvalidPath_CountsZeroAndLogs()
    {
        var component = new CrmBonusComponent("bad\0name.json", Path.Combine(_folder, "none.json"), _logger);

        Assert.Equal(0.0, component.Compute(default));
        Assert.Equal(2, _logger.Entries.Count);
    }

    [Theory]
    [InlineData("{not json", "'n' is an invalid start of a property name")]
    [InlineData("[1, 2]", "expected a JSON object, found Array")]
    [InlineData("""{"deals": 3}""", "expected a non-negative number in \"sales\"")]
    [InlineData("""{"sales": "three"}""", "expected a non-negative number in \"sales\"")]
    [InlineData("""{"sales": -1}""", "expected a non-negative number in \"sales\"")]
    public void Compute_MalformedSalesFile_CountsZeroLogsAndKeepsThePipelineBonus(string sales, string problem)
    {
        CrmBonusComponent component = Create(sales, """{"stage": "qualified"}""");

        Assert.Equal(0.2, component.Compute(default), 15);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(5002, entry.EventId.Id);
        Assert.Contains(problem, entry.Message);
    }

    [Fact]
    public void Compute_MalformedPipelineFile_CountsZeroAndLogs()
    {
        CrmBonusComponent component = Create("""{"sales": 2}""", """{"stage": 3}""");

        Assert.Equal(1.0, component.Compute(default), 15);
        Assert.Contains("expected a string in \"stage\"", Assert.Single(_logger.Entries).Message);
    }

    [Fact]
    public void Compute_InsideOkrReward_AppearsInTheBreakdown()
    {
        CrmBonusComponent component = Create("""{"sales": 3}""", """{"stage": "proposal"}""");
        var reward = new OkrReward(RevenueOkr.Build(), new OkrRewardOptions { ExplorationScale = 0 }, [component]);
        var s = M.Of(("monthly_recurring_revenue", 1), ("customer_satisfaction", 0.5), ("churn_rate", 0.01));

        RewardBreakdown b = reward.Compute(s, s);

        Assert.Equal(1.8, b["crm_bonus"].Contribution, 15);
        Assert.Equal(1.8, b.Total, 15);
    }

    [Fact]
    public void Constructor_EmptyPath_Throws()
        => Assert.Equal("salesPath", Assert.Throws<ArgumentException>(() => new CrmBonusComponent("", "p.json")).ParamName);

    private CrmBonusComponent Create(string sales, string pipeline)
    {
        string salesPath = Path.Combine(_folder, "sales.json");
        string pipelinePath = Path.Combine(_folder, "pipeline.json");
        File.WriteAllText(salesPath, sales);
        File.WriteAllText(pipelinePath, pipeline);
        return new CrmBonusComponent(salesPath, pipelinePath, _logger);
    }
}
