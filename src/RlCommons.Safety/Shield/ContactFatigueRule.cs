namespace RlCommons.Safety.Shield;

/// <summary>Contact fatigue: at most <c>max</c> actions it applies to per unit within any sliding window of the given length.</summary>
/// <remarks>Keeps, per unit, the times of its actions inside the window.</remarks>
public sealed class ContactFatigueRule : IShieldRule
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _contacts = new(StringComparer.Ordinal);
    private readonly int _max;
    private readonly TimeSpan _window;
    private readonly Func<int, bool>? _appliesTo;

    /// <summary>Creates a contact fatigue rule.</summary>
    /// <param name="name">The rule name; not empty.</param>
    /// <param name="max">The most contacts per window, at least 1.</param>
    /// <param name="window">The window length, positive; a contact at time t counts until t + window (exclusive).</param>
    /// <param name="appliesTo">The actions that count as contacts; all when null.</param>
    public ContactFatigueRule(string name, int max, TimeSpan window, Func<int, bool>? appliesTo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Name = name;
        _max = max;
        _window = window;
        _appliesTo = appliesTo;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool Allows(string unitId, int action, DateTimeOffset now)
    {
        if (!ActionFilter.Applies(_appliesTo, action) || !_contacts.TryGetValue(unitId, out Queue<DateTimeOffset>? times))
        {
            return true;
        }

        Expire(times, now);
        return times.Count < _max;
    }

    /// <inheritdoc/>
    public void Record(string unitId, int action, DateTimeOffset now)
    {
        if (!ActionFilter.Applies(_appliesTo, action))
        {
            return;
        }

        if (!_contacts.TryGetValue(unitId, out Queue<DateTimeOffset>? times))
        {
            _contacts[unitId] = times = new Queue<DateTimeOffset>();
        }

        Expire(times, now);
        times.Enqueue(now);
    }

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && now - times.Peek() >= _window)
        {
            times.Dequeue();
        }
    }
}
