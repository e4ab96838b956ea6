using RlCommons.Randomness;

namespace RlCommons.Evaluation.Protocol;

/// <summary>
/// The order in which a pass visits the rows. Pass <c>p</c> (0-based) is a Fisher–Yates shuffle of 0..N−1
/// (from the identity, index i = N−1 down to 1 swapped with j = Next(i + 1)) driven by a xoshiro256** generator
/// seeded with <c>SeedSequence.Derive(SeedSequence.Derive(seed, 2⁶⁴ − 1), p)</c>. The order thus depends only on
/// the seed, the pass and N; stream 2⁶⁴ − 1 keeps it apart from the policies' per-decision streams 1, 2, ….
/// </summary>
internal static class RowOrder
{
    /// <summary>The stream of the run seed reserved for shuffling.</summary>
    internal const ulong ShuffleStream = ulong.MaxValue;

    /// <summary>Writes the visiting order of pass <paramref name="pass"/> into <paramref name="order"/> (its length is N).</summary>
    public static void Fill(Span<int> order, ulong seed, int pass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pass);
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Xoshiro256Random(SeedSequence.Derive(SeedSequence.Derive(seed, ShuffleStream), (ulong)pass));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>Returns the visiting order of pass <paramref name="pass"/> over <paramref name="rowCount"/> rows.</summary>
    public static int[] Create(int rowCount, ulong seed, int pass)
    {
        var order = new int[rowCount];
        Fill(order, seed, pass);
        return order;
    }
}
