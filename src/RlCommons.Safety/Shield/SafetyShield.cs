using System.Diagnostics.Metrics;

namespace RlCommons.Safety.Shield;

/// <summary>
/// Enforces business rules around decisions: before a decision it produces an action mask, after it checks the
/// chosen action (a rejected action falls back to the baseline, see <see cref="Fallback.SafeSelector"/>),
/// and it records the actions taken. Every block names the rule that made it and is counted per rule, in
/// <see cref="BlockCounts"/> and on the counter <c>rlcommons.safety.shield.blocks</c> (tags <c>rule</c> and
/// <c>stage</c> = <c>mask</c> or <c>check</c>) of the <c>RlCommons</c> meter when an <see cref="IMeterFactory"/> is given.
/// </summary>
/// <remarks>Thread safety: all members are thread-safe; rules run under one lock, and <see cref="TryCommit"/> checks and records atomically so concurrent decisions cannot overspend a budget together.</remarks>
public sealed class SafetyShield
{
    /// <summary>The name of the meter the shield's counter lives on.</summary>
    public const string MeterName = "RlCommons";

    private readonly Lock _gate = new();
    private readonly IShieldRule[] _rules;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _blocks = new(StringComparer.Ordinal);
    private readonly Counter<long>? _blockCounter;

    /// <summary>Creates a shield.</summary>
    /// <param name="rules">The rules, evaluated in order; names must be unique.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="meterFactory">Creates the <c>RlCommons</c> meter; no instruments when null.</param>
    public SafetyShield(IEnumerable<IShieldRule> rules, TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rules = [.. rules];
        foreach (IShieldRule rule in _rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            if (!_blocks.TryAdd(rule.Name, 0))
            {
                throw new ArgumentException($"Two rules are named '{rule.Name}'; names must be unique.", nameof(rules));
            }
        }

        _time = timeProvider;
        _blockCounter = meterFactory?.Create(new MeterOptions(MeterName))
            .CreateCounter<long>("rlcommons.safety.shield.blocks", "{block}", "Actions blocked by a safety shield rule.");
    }

    /// <summary>Blocks so far per rule name (every rule is listed, with 0 until it blocks).</summary>
    public IReadOnlyDictionary<string, long> BlockCounts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_blocks, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Fills an action mask for the unit: <c>allowed[a]</c> is set to false for every action a rule blocks now (entries already false stay false).</summary>
    /// <param name="unitId">The unit; not empty.</param>
    /// <param name="allowed">One entry per action.</param>
    /// <returns>The number of allowed actions left.</returns>
    public int Mask(string unitId, Span<bool> allowed)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        DateTimeOffset now = _time.GetUtcNow();
        int left = 0;
        lock (_gate)
        {
            for (int a = 0; a < allowed.Length; a++)
            {
                if (allowed[a])
                {
                    allowed[a] = Evaluate(unitId, a, now, "mask").Allowed;
                    left += allowed[a] ? 1 : 0;
                }
            }
        }

        return left;
    }

    /// <summary>Checks one action without recording it.</summary>
    /// <param name="unitId">The unit; not empty.</param>
    /// <param name="action">The action.</param>
    /// <returns>The verdict, naming the blocking rule.</returns>
    public ShieldVerdict Check(string unitId, int action)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        lock (_gate)
        {
            return Evaluate(unitId, action, _time.GetUtcNow(), "check");
        }
    }

    /// <summary>Checks the action and, when allowed, records it with every rule, atomically.</summary>
    /// <param name="unitId">The unit; not empty.</param>
    /// <param name="action">The action.</param>
    /// <returns>The verdict; nothing is recorded when blocked.</returns>
    public ShieldVerdict TryCommit(string unitId, int action)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            ShieldVerdict verdict = Evaluate(unitId, action, now, "check");
            if (verdict.Allowed)
            {
                RecordAll(unitId, action, now);
            }

            return verdict;
        }
    }

    /// <summary>Records an action that was taken regardless of the rules (for example the baseline's fallback), so budgets and cooldowns stay true.</summary>
    /// <param name="unitId">The unit; not empty.</param>
    /// <param name="action">The action.</param>
    public void Record(string unitId, int action)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            RecordAll(unitId, action, now);
        }
    }

    /// <summary>Whether every rule allows the action now, without counting or recording anything.</summary>
    internal bool Allows(string unitId, int action)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            return _rules.All(r => r.Allows(unitId, action, now));
        }
    }

    /// <summary>Writes, for every action, whether every rule allows it now for the unit, without counting or recording anything (one lock, one clock reading).</summary>
    internal void Allowed(string unitId, Span<bool> allowed)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            for (int a = 0; a < allowed.Length; a++)
            {
                allowed[a] = true;
                foreach (IShieldRule rule in _rules)
                {
                    if (!rule.Allows(unitId, a, now))
                    {
                        allowed[a] = false;
                        break;
                    }
                }
            }
        }
    }

    private void RecordAll(string unitId, int action, DateTimeOffset now)
    {
        foreach (IShieldRule rule in _rules)
        {
            rule.Record(unitId, action, now);
        }
    }

    private ShieldVerdict Evaluate(string unitId, int action, DateTimeOffset now, string stage)
    {
        foreach (IShieldRule rule in _rules)
        {
            if (!rule.Allows(unitId, action, now))
            {
                _blocks[rule.Name]++;
                _blockCounter?.Add(1, new KeyValuePair<string, object?>("rule", rule.Name), new KeyValuePair<string, object?>("stage", stage));
                return new ShieldVerdict(false, rule.Name);
            }
        }

        return ShieldVerdict.Allow;
    }
}
