using RlCommons.Randomness;

namespace RlCommons.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void SeedSequence_SameInputs_SameSeed() => Assert.Equal(SeedSequence.Derive(1, 2), new SeedSource(1).SeedFor(2));
}
