using System.Numerics;

namespace RlCommons.Buffers;

/// <summary>
/// A binary min tree (segment tree) over leaf values: O(log n) updates and O(1) minimum, used by
/// <see cref="PrioritizedReplayBuffer"/> to normalize importance weights by the smallest priority.
/// </summary>
/// <remarks>Same implicit-heap layout as <see cref="SumTree"/>; unset leaves hold +∞ so they never win.</remarks>
internal sealed class MinTree
{
    private readonly double[] _nodes;
    private readonly int _leafBase;

    public MinTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _leafBase = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _nodes = new double[2 * _leafBase];
        Clear();
    }

    public int Capacity { get; }

    /// <summary>The smallest leaf, +∞ when none is set.</summary>
    public double Min => _nodes[1];

    public double this[int index]
    {
        get => _nodes[_leafBase + CheckIndex(index)];
        set
        {
            if (double.IsNaN(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A min tree leaf must not be NaN.");
            }

            int node = _leafBase + CheckIndex(index);
            _nodes[node] = value;
            for (node >>= 1; node >= 1; node >>= 1)
            {
                _nodes[node] = Math.Min(_nodes[2 * node], _nodes[(2 * node) + 1]);
            }
        }
    }

    public void Clear() => Array.Fill(_nodes, double.PositiveInfinity);

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return index;
    }
}
