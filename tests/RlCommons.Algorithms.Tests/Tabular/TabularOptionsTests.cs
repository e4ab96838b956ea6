using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>Defaults and validation of the tabular agents' options.</summary>
public class TabularOptionsTests
{
    [Fact]
    public void Defaults_MatchTheDocumentedValues()
    {
        var options = new QLearningOptions();

        Assert.Equal(0.1, options.LearningRate);
        Assert.Equal(0.9, options.DiscountFactor);
        Assert.Equal(0.1, options.Epsilon);
        Assert.Equal(0, options.InitialValue);
        Assert.Equal(0, options.StateCount);
    }

    [Fact]
    public void Constructor_EveryOptionInvalid_OneExceptionListingEachProblem()
    {
        var options = new SarsaOptions
        {
            StateCount = 0,
            ActionCount = -1,
            LearningRate = 0,
            DiscountFactor = 1.5,
            Epsilon = double.NaN,
            InitialValue = double.PositiveInfinity,
            TimeProvider = null!,
        };

        var ex = Assert.Throws<ArgumentException>(() => new SarsaAgent(options));

        Assert.Equal("options", ex.ParamName);
        Assert.StartsWith("7 problems:", ex.Message, StringComparison.Ordinal);
        foreach (string parameter in new[] { "StateCount", "ActionCount", "LearningRate", "DiscountFactor", "Epsilon", "InitialValue", "TimeProvider" })
        {
            Assert.Contains(parameter, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(nameof(TabularOptions.LearningRate), 1.01)]
    [InlineData(nameof(TabularOptions.DiscountFactor), -0.1)]
    [InlineData(nameof(TabularOptions.Epsilon), 1.5)]
    public void Constructor_OneInvalidOption_ThrowsNamingIt(string parameter, double value)
    {
        var options = new QLearningOptions { StateCount = 2, ActionCount = 2 };
        typeof(QLearningOptions).GetProperty(parameter)!.SetValue(options, value);

        var ex = Assert.Throws<ArgumentException>(() => new QLearningAgent(options));

        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Constructor_TableTooLarge_Rejected()
    {
        var options = new QLearningOptions { StateCount = int.MaxValue, ActionCount = 2 };

        Assert.Equal("StateCount", Assert.Throws<ArgumentException>(() => new QLearningAgent(options)).ParamName);
    }

    [Fact]
    public void Constructor_NullOptions_Throws() => Assert.Throws<ArgumentNullException>(() => new QLearningAgent(null!));

    [Fact]
    public void Constructor_BoundaryValues_Accepted()
    {
        var agent = new SarsaAgent(new SarsaOptions { StateCount = 1, ActionCount = 1, LearningRate = 1, DiscountFactor = 0, Epsilon = 1 });

        Decision d = agent.Decide(0);

        Assert.Equal(0, d.Action);
        Assert.Equal(1, d.Propensity);
    }
}
