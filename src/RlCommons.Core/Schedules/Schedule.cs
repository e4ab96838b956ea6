using System.Globalization;

namespace RlCommons.Schedules;

/// <summary>
/// A value that changes with the step count, such as an exploration rate ε or a learning rate.
/// Schedules are immutable and thread-safe.
/// </summary>
public abstract class Schedule
{
    private protected Schedule()
    {
    }

    /// <summary>Returns the value at <paramref name="step"/> (0-based; negative steps are treated as 0).</summary>
    /// <param name="step">The number of steps taken so far.</param>
    /// <returns>The scheduled value.</returns>
    public abstract double ValueAt(long step);

    /// <summary>A schedule that always returns <paramref name="value"/>.</summary>
    /// <param name="value">The constant value; must be finite.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static Schedule Constant(double value)
    {
        RequireFinite(value, nameof(value));
        return new ConstantSchedule(value);
    }

    /// <summary>
    /// Linear interpolation from <paramref name="start"/> to <paramref name="end"/> over <paramref name="steps"/>
    /// steps, then <paramref name="end"/> (the ε schedule of DQN, Mnih et al. 2015, and SB3).
    /// </summary>
    /// <param name="start">The value at step 0.</param>
    /// <param name="end">The value from step <paramref name="steps"/> on.</param>
    /// <param name="steps">The length of the ramp; at least 1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or <paramref name="steps"/> is less than 1.</exception>
    public static Schedule Linear(double start, double end, long steps)
    {
        RequireFinite(start, nameof(start));
        RequireFinite(end, nameof(end));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1L);
        return new LinearSchedule(start, end, steps);
    }

    /// <summary>
    /// Exponential decay <c>max(minimum, start · rate^step)</c>.
    /// </summary>
    /// <param name="start">The value at step 0; finite.</param>
    /// <param name="rate">The factor per step, in (0, 1].</param>
    /// <param name="minimum">The floor; finite and not above <paramref name="start"/>.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static Schedule Exponential(double start, double rate, double minimum)
    {
        RequireFinite(start, nameof(start));
        RequireFinite(minimum, nameof(minimum));
        if (!(rate > 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be in (0, 1].");
        }

        if (minimum > start)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "minimum must not exceed start.");
        }

        return new ExponentialSchedule(start, rate, minimum);
    }

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be finite, was {value}."));
        }
    }

    private sealed class ConstantSchedule(double value) : Schedule
    {
        public override double ValueAt(long step) => value;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Constant({value})");
    }

    private sealed class LinearSchedule(double start, double end, long steps) : Schedule
    {
        public override double ValueAt(long step)
        {
            if (step <= 0)
            {
                return start;
            }

            return step >= steps ? end : start + ((end - start) * step / steps);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Linear({start} -> {end} over {steps})");
    }

    private sealed class ExponentialSchedule(double start, double rate, double minimum) : Schedule
    {
        private readonly double _logRate = Math.Log(rate);

        public override double ValueAt(long step)
        {
            if (step <= 0)
            {
                return start;
            }

            return Math.Max(minimum, start * Math.Exp(_logRate * step));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Exponential({start} x {rate}^t, min {minimum})");
    }
}
