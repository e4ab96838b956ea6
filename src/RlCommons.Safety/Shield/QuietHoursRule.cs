namespace RlCommons.Safety.Shield;

/// <summary>
/// Quiet hours in a time zone: actions it applies to are blocked while the local time is in [start, end). When start
/// is after end the quiet period wraps across midnight (for example 21:00 to 08:00). Local time follows the zone's
/// daylight-saving rules through <see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>.
/// </summary>
public sealed class QuietHoursRule : IShieldRule
{
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _start;
    private readonly TimeOnly _end;
    private readonly Func<int, bool>? _appliesTo;

    /// <summary>Creates a quiet hours rule.</summary>
    /// <param name="name">The rule name; not empty.</param>
    /// <param name="zone">The time zone the hours are in.</param>
    /// <param name="start">The local time quiet hours begin (inclusive).</param>
    /// <param name="end">The local time they end (exclusive); must differ from <paramref name="start"/>.</param>
    /// <param name="appliesTo">The actions it applies to; all when null.</param>
    public QuietHoursRule(string name, TimeZoneInfo zone, TimeOnly start, TimeOnly end, Func<int, bool>? appliesTo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(zone);
        if (start == end)
        {
            throw new ArgumentException("Quiet hours need different start and end times.", nameof(end));
        }

        Name = name;
        _zone = zone;
        _start = start;
        _end = end;
        _appliesTo = appliesTo;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Whether <paramref name="now"/> falls in the quiet hours.</summary>
    /// <param name="now">The instant.</param>
    /// <returns><see langword="true"/> inside quiet hours.</returns>
    public bool IsQuiet(DateTimeOffset now)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        return _start < _end
            ? local >= _start && local < _end
            : local >= _start || local < _end;
    }

    /// <inheritdoc/>
    public bool Allows(string unitId, int action, DateTimeOffset now) => !ActionFilter.Applies(_appliesTo, action) || !IsQuiet(now);

    /// <inheritdoc/>
    public void Record(string unitId, int action, DateTimeOffset now)
    {
    }
}
