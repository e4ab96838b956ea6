namespace RlCommons.Evaluation.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Placeholder_Replaced_ByRealTests() => Assert.True(typeof(PlaceholderTests).Assembly is not null);
}
