using RlCommons.Schedules;

namespace RlCommons.Core.Tests.Schedules;

public class ScheduleTests
{
    [Theory]
    [InlineData(-5L)]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(long.MaxValue)]
    public void Constant_AnyStep_ReturnsValue(long step)
        => Assert.Equal(0.3, Schedule.Constant(0.3).ValueAt(step));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Constant_NonFinite_ThrowsNamingValue(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Constant(value));
        Assert.Equal("value", ex.ParamName);
    }

    [Theory]
    [InlineData(-10L, 1.0)]
    [InlineData(0L, 1.0)]
    [InlineData(1L, 0.75)]
    [InlineData(2L, 0.5)]
    [InlineData(3L, 0.25)]
    [InlineData(4L, 0.0)]
    [InlineData(5L, 0.0)]
    [InlineData(long.MaxValue, 0.0)]
    public void Linear_Decreasing_ExactValues(long step, double expected)
        => Assert.Equal(expected, Schedule.Linear(1.0, 0.0, 4).ValueAt(step));

    [Theory]
    [InlineData(0L, -2.0)]
    [InlineData(1L, 0.5)]
    [InlineData(3L, 5.5)]
    [InlineData(4L, 8.0)]
    [InlineData(100L, 8.0)]
    public void Linear_Increasing_ExactValues(long step, double expected)
        => Assert.Equal(expected, Schedule.Linear(-2.0, 8.0, 4).ValueAt(step));

    [Fact]
    public void Linear_DqnEpsilon_HalfwayIsMidpoint()
    {
        // SB3's DQN default: 1.0 -> 0.05 over the first 10% of the run.
        Schedule epsilon = Schedule.Linear(1.0, 0.05, 10_000);

        Assert.Equal(0.525, epsilon.ValueAt(5_000), 15);
        Assert.Equal(0.05, epsilon.ValueAt(10_000));
    }

    [Fact]
    public void Linear_OneStep_JumpsToEnd()
    {
        Schedule schedule = Schedule.Linear(3.0, 1.0, 1);

        Assert.Equal(3.0, schedule.ValueAt(0));
        Assert.Equal(1.0, schedule.ValueAt(1));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Linear_StepsBelowOne_ThrowsNamingSteps(long steps)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Linear(1, 0, steps));
        Assert.Equal("steps", ex.ParamName);
    }

    [Fact]
    public void Linear_NonFiniteStartOrEnd_ThrowsNamingIt()
    {
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Linear(double.NaN, 0, 5)).ParamName);
        Assert.Equal("end", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Linear(0, double.PositiveInfinity, 5)).ParamName);
    }

    [Theory]
    [InlineData(-3L, 1.0)]
    [InlineData(0L, 1.0)]
    [InlineData(1L, 0.5)]
    [InlineData(2L, 0.25)]
    [InlineData(3L, 0.125)]
    [InlineData(4L, 0.1)]
    [InlineData(1000L, 0.1)]
    public void Exponential_HalvingWithFloor_Values(long step, double expected)
        => Assert.Equal(expected, Schedule.Exponential(1.0, 0.5, 0.1).ValueAt(step), 1e-15);

    [Fact]
    public void Exponential_FarStep_ReturnsExactlyTheMinimum()
        => Assert.Equal(0.01, Schedule.Exponential(1.0, 0.999, 0.01).ValueAt(1_000_000_000_000));

    [Fact]
    public void Exponential_Step_MatchesPowerLaw()
    {
        Schedule schedule = Schedule.Exponential(2.0, 0.995, 0.0);

        Assert.Equal(2.0 * Math.Pow(0.995, 700), schedule.ValueAt(700), 1e-13);
    }

    [Fact]
    public void Exponential_RateOne_IsConstant()
        => Assert.Equal(0.7, Schedule.Exponential(0.7, 1.0, 0.1).ValueAt(123_456));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void Exponential_RateOutsideUnitInterval_ThrowsNamingRate(double rate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Exponential(1, rate, 0));
        Assert.Equal("rate", ex.ParamName);
    }

    [Fact]
    public void Exponential_MinimumAboveStart_ThrowsNamingMinimum()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Exponential(0.5, 0.9, 0.6));
        Assert.Equal("minimum", ex.ParamName);
    }

    [Fact]
    public void Exponential_NonFiniteStartOrMinimum_ThrowsNamingIt()
    {
        Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Exponential(double.NaN, 0.9, 0)).ParamName);
        Assert.Equal("minimum", Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Exponential(1, 0.9, double.NegativeInfinity)).ParamName);
    }

    [Fact]
    public void ToString_DescribesEachSchedule()
    {
        Assert.Equal("Constant(0.5)", Schedule.Constant(0.5).ToString());
        Assert.Equal("Linear(1 -> 0.05 over 100)", Schedule.Linear(1, 0.05, 100).ToString());
        Assert.Equal("Exponential(1 x 0.99^t, min 0.01)", Schedule.Exponential(1, 0.99, 0.01).ToString());
    }
}
