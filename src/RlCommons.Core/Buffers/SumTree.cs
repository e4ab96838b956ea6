using System.Numerics;

namespace RlCommons.Buffers;

/// <summary>
/// A binary sum tree (segment tree) over non-negative leaf values: O(log n) updates and prefix-sum search, as
/// used by proportional prioritized replay (Schaul et al. 2016, Appendix B.2.1).
/// </summary>
/// <remarks>
/// Stored as an implicit heap with the root at 1 and leaf <c>i</c> at <c>leafBase + i</c>, where
/// <c>leafBase</c> is the capacity rounded up to a power of two; unused leaves stay 0. Every update
/// recomputes the parents from their children instead of adding a delta, so no rounding error accumulates
/// and the tree is a pure function of its leaves.
/// </remarks>
internal sealed class SumTree
{
    private readonly double[] _nodes;
    private readonly int _leafBase;

    public SumTree(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _leafBase = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _nodes = new double[2 * _leafBase];
    }

    public int Capacity { get; }

    /// <summary>The sum of all leaves.</summary>
    public double Total => _nodes[1];

    public double this[int index]
    {
        get => _nodes[_leafBase + CheckIndex(index)];
        set
        {
            if (!(value >= 0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A sum tree leaf must be finite and non-negative.");
            }

            int node = _leafBase + CheckIndex(index);
            _nodes[node] = value;
            for (node >>= 1; node >= 1; node >>= 1)
            {
                _nodes[node] = _nodes[2 * node] + _nodes[(2 * node) + 1];
            }
        }
    }

    /// <summary>
    /// Returns the leaf <c>i</c> with <c>sum(0..i−1) ≤ mass &lt; sum(0..i)</c>. A mass at or past the total
    /// (possible by rounding in the caller) gives the last positive leaf, so the result always has a positive value.
    /// </summary>
    public int FindPrefixSum(double mass)
    {
        if (!(_nodes[1] > 0))
        {
            throw new InvalidOperationException("The sum tree is empty: every leaf is 0.");
        }

        if (!(mass >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(mass), mass, "mass must be non-negative.");
        }

        int node = 1;
        while (node < _leafBase)
        {
            int left = 2 * node;
            // Only step into a subtree with positive mass: a right subtree of zeros would end on an unused leaf.
            if (mass < _nodes[left] || _nodes[left + 1] == 0)
            {
                node = left;
            }
            else
            {
                mass -= _nodes[left];
                node = left + 1;
            }
        }

        return node - _leafBase;
    }

    public void Clear() => Array.Clear(_nodes);

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return index;
    }
}
