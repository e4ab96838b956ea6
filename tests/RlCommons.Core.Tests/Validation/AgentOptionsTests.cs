using RlCommons.Validation;

namespace RlCommons.Core.Tests.Validation;

public class AgentOptionsTests
{
    [Fact]
    public void Defaults_NoSeedNoRandomSystemClock()
    {
        var options = new TestOptions();

        Assert.Null(options.Seed);
        Assert.Null(options.Random);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    [Fact]
    public void Validate_ValidOptions_DoesNotThrow()
    {
        var options = new TestOptions { Alpha = 0.5, Arms = 3 };

        options.Validate();

        Assert.True(options.Collect().IsValid);
    }

    [Fact]
    public void Validate_OneProblem_ParamNameIsTheOption()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TestOptions { Alpha = -1 }.Validate());

        Assert.Equal("Alpha", ex.ParamName);
        Assert.StartsWith("Alpha must be a finite number greater than 0, was -1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsAllUnderOptions()
    {
        var options = new TestOptions { Alpha = double.NaN, Arms = 0, TimeProvider = null! };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("options", ex.ParamName);
        Assert.StartsWith("3 problems: TimeProvider must not be null. Alpha must be a finite number greater than 0, was NaN. Arms must be at least 1, was 0.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ReturnsProblemsWithoutThrowing()
    {
        ValidationErrors errors = new TestOptions { Arms = -2, TimeProvider = null! }.Collect();

        Assert.Equal(["TimeProvider", "Arms"], errors.Errors.Select(e => e.Parameter));
    }

    internal sealed class TestOptions : AgentOptions
    {
        public double Alpha { get; set; } = 1.0;

        public int Arms { get; set; } = 2;

        protected override void Validate(ValidationErrors errors)
        {
            errors.RequirePositive(Alpha, nameof(Alpha));
            errors.Require(Arms >= 1, nameof(Arms), $"Arms must be at least 1, was {Arms}.");
        }
    }
}
