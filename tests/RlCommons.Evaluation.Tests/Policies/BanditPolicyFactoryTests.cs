using RlCommons.Evaluation.Policies;

namespace RlCommons.Evaluation.Tests.Policies;

public class BanditPolicyFactoryTests
{
    public static TheoryData<string> PolicyNames => [.. BanditPolicyFactory.Names];

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Create_EveryPolicy_DecidesWithinTheArmsAndLearns(string name)
    {
        IBanditPolicy policy = BanditPolicyFactory.Create(new BanditPolicySettings(name, null, null, 1), armCount: 3, dimension: 2);
        float[] x = [0.5f, 1f];

        for (int t = 0; t < 50; t++)
        {
            int arm = policy.Choose(x);
            Assert.InRange(arm, 0, 2);
            policy.Learn(x, arm, arm == 2 ? 1 : 0);
        }
    }

    [Theory]
    [InlineData("linucb", "alpha 0.3,")]
    [InlineData("lints", "exploration scale 0.1,")]
    [InlineData("softmax", "temperature 0.1)")]
    [InlineData("egreedy-linear", "epsilon 0.1,")]
    [InlineData("egreedy", "epsilon 0.1)")]
    [InlineData("exp3", "gamma 0.1)")]
    public void Describe_NoOptions_ShowsTheDocumentedDefault(string name, string expected)
        => Assert.Contains(expected, BanditPolicyFactory.Describe(new BanditPolicySettings(name, null, null, 0)));

    [Theory]
    [InlineData("linucb", 1.5, null, "alpha 1.5,")]
    [InlineData("lints", 0.7, null, "exploration scale 0.7,")]
    [InlineData("softmax", 0.25, null, "temperature 0.25)")]
    [InlineData("egreedy-linear", null, 0.05, "epsilon 0.05,")]
    [InlineData("exp3", null, 0.2, "gamma 0.2)")]
    public void Describe_OptionGiven_UsesIt(string name, double? alpha, double? epsilon, string expected)
        => Assert.Contains(expected, BanditPolicyFactory.Describe(new BanditPolicySettings(name, alpha, epsilon, 0)));

    [Fact]
    public void Create_UnknownPolicy_ThrowsListingTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => BanditPolicyFactory.Create(new BanditPolicySettings("greedy", null, null, 0), 2, 2));

        Assert.Contains("Unknown policy 'greedy'", e.Message);
        Assert.Contains("linucb, lints, egreedy-linear", e.Message);
    }

    [Theory]
    [InlineData("ucb1", 1.0, null, "--alpha is not used by policy ucb1")]
    [InlineData("random", null, 0.2, "--epsilon is not used by policy random")]
    [InlineData("linucb", null, 0.2, "--epsilon is not used by policy linucb")]
    [InlineData("exp3", 0.5, null, "--alpha is not used by policy exp3")]
    public void Create_OptionThePolicyDoesNotUse_Throws(string name, double? alpha, double? epsilon, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => BanditPolicyFactory.Create(new BanditPolicySettings(name, alpha, epsilon, 0), 2, 2));

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("egreedy", null, 1.5, "Epsilon")]
    [InlineData("exp3", null, 0.0, "Gamma")]
    [InlineData("softmax", 0.0, null, "Temperature")]
    [InlineData("linucb", -1.0, null, "Alpha")]
    public void Create_OutOfRangeValue_ThrowsTheLibrarysValidationMessage(string name, double? alpha, double? epsilon, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(() => BanditPolicyFactory.Create(new BanditPolicySettings(name, alpha, epsilon, 0), 2, 2));

        Assert.Contains(parameter, e.Message);
    }
}
