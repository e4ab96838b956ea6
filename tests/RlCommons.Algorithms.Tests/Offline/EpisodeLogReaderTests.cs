using RlCommons.Algorithms.Offline;
using Xunit;

namespace RlCommons.Algorithms.Tests.Offline;

public sealed class EpisodeLogReaderTests
{
    [Fact]
    public void Read_ValidLine_ParsesEveryField()
    {
        EpisodeLog log = EpisodeLogReader.Read(new StringReader("""{"run_id":"r1","step":3,"state":[0.5,-1],"action":1,"reward":0.25,"policy_mode":"learned","propensity":0.4}"""), 2, 2);

        EpisodeStep step = Assert.Single(log.Steps);
        Assert.Equal("r1", step.RunId);
        Assert.Equal(3, step.Step);
        Assert.Equal([0.5f, -1f], step.State);
        Assert.Equal(1, step.Action);
        Assert.Equal(0.25, step.Reward);
        Assert.Equal(PolicyMode.Learned, step.Mode);
        Assert.Equal(0.4, step.Propensity);
        Assert.Equal(0, log.MalformedLines);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"step":0,"state":[1],"action":0,"reward":0,"policy_mode":"rule"}""", "run_id")]
    [InlineData("""{"run_id":"r","step":-1,"state":[1],"action":0,"reward":0,"policy_mode":"rule"}""", "step must be")]
    [InlineData("""{"run_id":"r","step":0,"state":[1,2],"action":0,"reward":0,"policy_mode":"rule"}""", "state has 2 values, expected 1")]
    [InlineData("""{"run_id":"r","step":0,"state":["x"],"action":0,"reward":0,"policy_mode":"rule"}""", "state[0]")]
    [InlineData("""{"run_id":"r","step":0,"state":[1],"action":2,"reward":0,"policy_mode":"rule"}""", "action must be")]
    [InlineData("""{"run_id":"r","step":0,"state":[1],"action":0,"reward":"NaN","policy_mode":"rule"}""", "reward must be")]
    [InlineData("""{"run_id":"r","step":0,"state":[1],"action":0,"reward":0,"policy_mode":"random"}""", "policy_mode must be")]
    [InlineData("""{"run_id":"r","step":0,"state":[1],"action":0,"reward":0,"policy_mode":"rule","propensity":0}""", "propensity must be")]
    [InlineData("""{"run_id":"r","step":0,"state":[1],"action":0,"reward":0,"policy_mode":"rule","propensity":1.5}""", "propensity must be")]
    public void Read_MalformedLine_IsSkippedCountedAndDescribed(string line, string problem)
    {
        string good = """{"run_id":"g","step":0,"state":[1],"action":1,"reward":1,"policy_mode":"static"}""";

        EpisodeLog log = EpisodeLogReader.Read(new StringReader($"{good}\n\n{line}\n"), 2, 1);

        Assert.Single(log.Steps);
        Assert.Equal(2, log.Lines);
        Assert.Equal(1, log.MalformedLines);
        string reported = Assert.Single(log.Problems);
        Assert.StartsWith("line 3: ", reported, StringComparison.Ordinal);
        Assert.Contains(problem, reported, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RepeatedRunAndStep_SkipsTheSecond()
    {
        string line = """{"run_id":"r","step":0,"state":[1],"action":0,"reward":0,"policy_mode":"rule"}""";

        EpisodeLog log = EpisodeLogReader.Read(new StringReader($"{line}\n{line}"), 2, 1);

        Assert.Single(log.Steps);
        Assert.Equal(1, log.MalformedLines);
        Assert.Contains("appears twice", log.Problems[0], StringComparison.Ordinal);
    }
}
