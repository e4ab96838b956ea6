using RlCommons.Snapshots;

namespace RlCommons.Algorithms.Internal;

/// <summary>
/// Per-arm action-value estimates Q: the sample average (step 1/n) or an exponential recency-weighted
/// average with a constant step size α (Sutton &amp; Barto 2018, §2.4–2.5). Not thread-safe.
/// </summary>
internal sealed class ValueEstimates(double initialValue, double? stepSize)
{
    private double[] _q = [];

    public ReadOnlySpan<double> Values => _q;

    public double this[int slot] => _q[slot];

    public void Resize(int capacity) => Array.Resize(ref _q, capacity);

    public void Initialize(int slot) => _q[slot] = initialValue;

    /// <summary>Q ← Q + α (r − Q), with α = 1/n for the sample average (n counts this reward).</summary>
    public void Learn(int slot, double reward, long pulls)
    {
        double alpha = stepSize ?? (1.0 / pulls);
        _q[slot] += alpha * (reward - _q[slot]);
    }

    public void Write(SnapshotWriter writer, int slots) => writer.WriteDoubles(_q.AsSpan(0, slots));

    public Action Read(SnapshotReader reader, int slots)
    {
        double[] q = reader.ReadDoubles(slots, "the value estimates");
        if (q.Any(v => !double.IsFinite(v)))
        {
            throw new SnapshotException("A value estimate in the snapshot is not finite.");
        }

        return () => _q = q;
    }
}
