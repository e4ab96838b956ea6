using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Internal;

/// <summary>
/// The arms of a bandit: stable integer slots with names. A removed arm's slot is retired, never reused,
/// so an index held by a pending decision can never point at another arm. Not thread-safe: the owning
/// bandit serializes access.
/// </summary>
internal sealed class ArmRegistry
{
    private readonly List<string> _names = [];
    private readonly List<bool> _active = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private int[] _activeSlots = [];
    private string[] _nameSnapshot = [];

    /// <summary>The number of slots ever created (active or retired).</summary>
    public int SlotCount => _names.Count;

    /// <summary>The active slots, ascending.</summary>
    public ReadOnlySpan<int> ActiveSlots => _activeSlots;

    /// <summary>The active arm names in slot order.</summary>
    public string[] ActiveNames() => Array.ConvertAll(_activeSlots, s => _names[s]);

    public string NameOf(int slot) => _names[slot];

    /// <summary>Every slot's name (retired ones included), as an immutable array replaced when an arm is added: safe to read without the owner's lock.</summary>
    public string[] NameSnapshot => Volatile.Read(ref _nameSnapshot);

    public bool IsActive(int slot) => (uint)slot < (uint)_names.Count && _active[slot];

    public bool TryGetSlot(string name, out int slot) => _byName.TryGetValue(name, out slot);

    /// <summary>Validates a new arm name without changing anything.</summary>
    public void RequireNewName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"An arm called '{name}' already exists.", nameof(name));
        }
    }

    public int Add(string name)
    {
        RequireNewName(name);
        int slot = _names.Count;
        _names.Add(name);
        _active.Add(true);
        _byName.Add(name, slot);
        RebuildActive();
        Volatile.Write(ref _nameSnapshot, [.. _names]);
        return slot;
    }

    public bool Remove(string name)
    {
        if (!_byName.Remove(name, out int slot))
        {
            return false;
        }

        _active[slot] = false;
        RebuildActive();
        return true;
    }

    /// <summary>Throws unless <paramref name="slot"/> is an active arm.</summary>
    public void RequireActive(int slot, string paramName)
    {
        if (!IsActive(slot))
        {
            throw new ArgumentOutOfRangeException(paramName, slot, (uint)slot < (uint)_names.Count
                ? $"Arm {slot} ('{_names[slot]}') has been removed."
                : $"Unknown arm {slot}: valid arm indices are {DescribeActive()}.");
        }
    }

    public int RequireActive(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (!_byName.TryGetValue(name, out int slot))
        {
            throw new ArgumentException($"Unknown arm '{name}'. Arms: {string.Join(", ", ActiveNames())}.", paramName);
        }

        return slot;
    }

    public void Write(SnapshotWriter writer)
    {
        writer.WriteInt32(_names.Count);
        for (int i = 0; i < _names.Count; i++)
        {
            writer.WriteString(_names[i]);
            writer.WriteBoolean(_active[i]);
        }
    }

    public static ArmRegistry Read(SnapshotReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.Remaining)
        {
            throw new SnapshotException($"The snapshot's arm count {count} is invalid.");
        }

        var registry = new ArmRegistry();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadRequiredString();
            bool active = reader.ReadBoolean();
            registry._names.Add(name);
            registry._active.Add(active);
            if (active && !registry._byName.TryAdd(name, i))
            {
                throw new SnapshotException($"The snapshot names two active arms '{name}'.");
            }
        }

        registry.RebuildActive();
        registry._nameSnapshot = [.. registry._names];
        return registry;
    }

    private void RebuildActive()
    {
        var slots = new List<int>(_names.Count);
        for (int i = 0; i < _names.Count; i++)
        {
            if (_active[i])
            {
                slots.Add(i);
            }
        }

        _activeSlots = [.. slots];
    }

    private string DescribeActive() => _activeSlots.Length == 0 ? "none (no arm is active)" : string.Join(", ", _activeSlots);
}
