using RlCommons.Randomness;
using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Internal;

/// <summary>
/// The spine every agent shares: its seed, its decision and update counters, and the generator that decision
/// <c>n</c> draws from, reseeded with <see cref="SeedSequence.Derive"/> of (seed, n). Not thread-safe: the owning
/// agent calls it under its lock (the counters may be read without it).
/// </summary>
internal sealed class DecisionStream(ulong seed)
{
    private readonly Xoshiro256Random _random = new(0);
    private SeedSource _seeds = new(seed);
    private long _decisions;
    private long _updates;

    public ulong Seed => _seeds.BaseSeed;

    public long Decisions => Volatile.Read(ref _decisions);

    public long Updates => Volatile.Read(ref _updates);

    /// <summary>Numbers the next decision and returns the generator seeded for it (the reseed is deferred to the first draw).</summary>
    public Random Begin(out long sequence, out ulong decisionSeed)
    {
        sequence = _decisions + 1;
        decisionSeed = _seeds.SeedFor((ulong)sequence);
        _random.DeferReseed(decisionSeed);
        return _random;
    }

    /// <summary>Records that decision <paramref name="sequence"/> was made.</summary>
    public void Complete(long sequence) => Volatile.Write(ref _decisions, sequence);

    public void CountUpdate() => Volatile.Write(ref _updates, _updates + 1);

    /// <summary>Writes the seed and the counters (the first fields of every agent's payload).</summary>
    public void Write(SnapshotWriter writer)
    {
        writer.WriteUInt64(_seeds.BaseSeed);
        writer.WriteInt64(_decisions);
        writer.WriteInt64(_updates);
    }

    /// <summary>Parses what <see cref="Write"/> wrote, without changing anything; the returned action installs it.</summary>
    public Action Read(SnapshotReader reader)
    {
        ulong seed = reader.ReadUInt64();
        long decisions = reader.ReadInt64();
        long updates = reader.ReadInt64();
        if (decisions < 0 || updates < 0)
        {
            throw new SnapshotException("The agent's counters in the snapshot are negative.");
        }

        return () =>
        {
            _seeds = new SeedSource(seed);
            _decisions = decisions;
            _updates = updates;
        };
    }
}
