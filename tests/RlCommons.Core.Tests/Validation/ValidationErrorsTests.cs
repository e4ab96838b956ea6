using RlCommons.Validation;

namespace RlCommons.Core.Tests.Validation;

public class ValidationErrorsTests
{
    [Fact]
    public void New_IsValidAndThrowIfAnyDoesNothing()
    {
        var errors = new ValidationErrors();

        errors.ThrowIfAny("options");

        Assert.True(errors.IsValid);
        Assert.Empty(errors.Errors);
    }

    [Fact]
    public void ThrowIfAny_OneProblem_ParamNameIsTheParameter()
    {
        var errors = new ValidationErrors();
        errors.Add("Alpha", "Alpha must be positive, was -1.");

        var ex = Assert.Throws<ArgumentException>(() => errors.ThrowIfAny("options"));

        Assert.Equal("Alpha", ex.ParamName);
        Assert.Equal("Alpha must be positive, was -1. (Parameter 'Alpha')", ex.Message);
    }

    [Fact]
    public void ThrowIfAny_SeveralProblems_ParamNameIsContainerAndMessageListsAll()
    {
        var errors = new ValidationErrors();
        errors.Add("Alpha", "Alpha is wrong.");
        errors.Add("Beta", "Beta is wrong.");
        errors.Add("Gamma", "Gamma is wrong.");

        var ex = Assert.Throws<ArgumentException>(() => errors.ThrowIfAny("options"));

        Assert.Equal("options", ex.ParamName);
        Assert.Equal("3 problems: Alpha is wrong. Beta is wrong. Gamma is wrong. (Parameter 'options')", ex.Message);
    }

    [Fact]
    public void Require_RecordsOnlyWhenFalse()
    {
        var errors = new ValidationErrors();
        errors.Require(true, "A", "never");
        errors.Require(false, "B", "B failed.");

        Assert.Equal([("B", "B failed.")], errors.Errors);
        Assert.False(errors.IsValid);
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(1.0, true)]
    [InlineData(0.5, true)]
    [InlineData(-1e-12, false)]
    [InlineData(1.0000001, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void RequireInRange_InclusiveAndFinite(double value, bool valid)
    {
        var errors = new ValidationErrors();
        errors.RequireInRange(value, 0, 1, "Epsilon");

        Assert.Equal(valid, errors.IsValid);
    }

    [Fact]
    public void RequireInRange_Message_NamesRangeAndValue()
    {
        var errors = new ValidationErrors();
        errors.RequireInRange(1.5, 0, 1, "Epsilon");

        Assert.Equal(("Epsilon", "Epsilon must be a finite number in [0, 1], was 1.5."), errors.Errors[0]);
    }

    [Theory]
    [InlineData(1e-300, true)]
    [InlineData(0.0, false)]
    [InlineData(-2.0, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void RequirePositive_StrictAndFinite(double value, bool valid)
    {
        var errors = new ValidationErrors();
        errors.RequirePositive(value, "Alpha");

        Assert.Equal(valid, errors.IsValid);
        if (!valid)
        {
            Assert.StartsWith("Alpha must be a finite number greater than 0, was ", errors.Errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(3.0, true)]
    [InlineData(-1e-300, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    public void RequireNonNegative_AllowsZeroAndRequiresFinite(double value, bool valid)
    {
        var errors = new ValidationErrors();
        errors.RequireNonNegative(value, "Lambda");

        Assert.Equal(valid, errors.IsValid);
        if (!valid)
        {
            Assert.Equal("Lambda", errors.Errors[0].Parameter);
        }
    }
}
