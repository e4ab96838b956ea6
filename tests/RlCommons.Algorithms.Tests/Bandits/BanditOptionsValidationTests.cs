using RlCommons.Algorithms.Bandits;
using RlCommons.Algorithms.Contextual;

namespace RlCommons.Algorithms.Tests.Bandits;

/// <summary>Options are validated when a bandit is built; every problem is reported with its parameter name.</summary>
public class BanditOptionsValidationTests
{
    public static TheoryData<Func<object>, string> SingleProblems => new()
    {
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Epsilon = 1.5 }), "Epsilon" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Epsilon = -0.1 }), "Epsilon" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Epsilon = double.NaN }), "Epsilon" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { StepSize = 0 }), "StepSize" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { StepSize = 1.5 }), "StepSize" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { ArmCount = -1 }), "ArmCount" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Arms = ["a", "a"] }), "Arms" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Arms = ["a", " "] }), "Arms" },
        { () => new EpsilonGreedyBandit(new EpsilonGreedyOptions { Arms = ["a", "b"], ArmCount = 3 }), "ArmCount" },
        { () => new Ucb1Bandit(new Ucb1Options { Exploration = -1 }), "Exploration" },
        { () => new ThompsonSamplingBandit(new ThompsonSamplingOptions { PriorAlpha = 0 }), "PriorAlpha" },
        { () => new ThompsonSamplingBandit(new ThompsonSamplingOptions { PropensityDraws = -1 }), "PropensityDraws" },
        { () => new GaussianThompsonSamplingBandit(new GaussianThompsonSamplingOptions { NoiseVariance = 0 }), "NoiseVariance" },
        { () => new SoftmaxBandit(new SoftmaxOptions { Temperature = 0 }), "Temperature" },
        { () => new Exp3Bandit(new Exp3Options { Gamma = 0 }), "Gamma" },
        { () => new Exp3Bandit(new Exp3Options { Gamma = 1.01 }), "Gamma" },
        { () => new LinUcbBandit(new LinUcbOptions { Dimension = 2, Alpha = -0.5 }), "Alpha" },
        { () => new LinUcbBandit(new LinUcbOptions { Dimension = 0 }), "Dimension" },
        { () => new LinUcbBandit(new LinUcbOptions { Dimension = 2, Lambda = 0 }), "Lambda" },
        { () => new LinUcbBandit(new LinUcbOptions { Dimension = 2, RefreshInterval = -1 }), "RefreshInterval" },
        { () => new LinearEpsilonGreedyBandit(new LinearEpsilonGreedyOptions { Dimension = 2, Epsilon = 2 }), "Epsilon" },
        { () => new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Dimension = 0 }), "Dimension" },
        { () => new LinearThompsonSamplingBandit(new LinearThompsonSamplingOptions { Dimension = 2, ExplorationScale = -1 }), "ExplorationScale" },
    };

    [Theory]
    [MemberData(nameof(SingleProblems))]
    public void Constructor_OneInvalidOption_ThrowsNamingIt(Func<object> create, string parameter)
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(create);

        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SeveralInvalidOptions_ListsEveryProblemInOneMessage()
    {
        var options = new LinUcbOptions { Dimension = 0, Alpha = -1, Lambda = double.NaN, ArmCount = -2 };

        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => new LinUcbBandit(options));

        Assert.StartsWith("4 problems", ex.Message, StringComparison.Ordinal);
        foreach (string parameter in new[] { "Dimension", "Alpha", "Lambda", "ArmCount" })
        {
            Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new EpsilonGreedyBandit(null!));
        Assert.Throws<ArgumentNullException>(() => new LinUcbBandit(null!));
    }
}
