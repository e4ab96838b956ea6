namespace RlCommons.Safety.Shield;

/// <summary>
/// A budget per period shared by all units: the costs of the actions taken in the current period may not exceed the
/// limit. Periods are consecutive intervals of <c>period</c> length counted from the Unix epoch in UTC (a one-day
/// period resets at midnight UTC).
/// </summary>
public sealed class BudgetRule : IShieldRule
{
    private readonly double _limit;
    private readonly TimeSpan _period;
    private readonly Func<int, double> _cost;
    private long _currentPeriod = long.MinValue;
    private double _spent;

    /// <summary>Creates a budget rule.</summary>
    /// <param name="name">The rule name; not empty.</param>
    /// <param name="limit">The budget per period, non-negative.</param>
    /// <param name="period">The period length, positive.</param>
    /// <param name="cost">The cost of each action (non-negative); every action costs 1 when null.</param>
    public BudgetRule(string name, double limit, TimeSpan period, Func<int, double>? cost = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(limit >= 0) || double.IsInfinity(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The budget must be non-negative and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        Name = name;
        _limit = limit;
        _period = period;
        _cost = cost ?? (_ => 1);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The budget spent in the period of the last check or record.</summary>
    public double Spent => _spent;

    /// <inheritdoc/>
    public bool Allows(string unitId, int action, DateTimeOffset now)
    {
        Roll(now);
        return _spent + Cost(action) <= _limit;
    }

    /// <inheritdoc/>
    public void Record(string unitId, int action, DateTimeOffset now)
    {
        Roll(now);
        _spent += Cost(action);
    }

    private double Cost(int action)
    {
        double c = _cost(action);
        return c >= 0 && double.IsFinite(c) ? c : throw new InvalidOperationException($"Budget rule '{Name}': the cost of action {action} is {c}; costs must be non-negative and finite.");
    }

    private void Roll(DateTimeOffset now)
    {
        long period = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / _period.Ticks;
        if (period != _currentPeriod)
        {
            _currentPeriod = period;
            _spent = 0;
        }
    }
}
