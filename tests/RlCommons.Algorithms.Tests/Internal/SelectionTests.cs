using RlCommons.Algorithms.Internal;

namespace RlCommons.Algorithms.Tests.Internal;

/// <summary>The shared choice helpers: arg-max with random tie-breaking, inverse-CDF sampling, ε-greedy.</summary>
public class SelectionTests
{
    [Fact]
    public void ArgMax_UniqueMaximum_DoesNotTouchTheRandomSource()
    {
        var random = new CountingRandom(1);
        int arm = Selection.ArgMax([0, 2, 3], [0.1, 99, 0.7, 0.3], random, out int ties);

        Assert.Equal(2, arm);
        Assert.Equal(1, ties);
        Assert.Equal(0, random.Calls);
    }

    [Fact]
    public void ArgMax_Ties_AmongActiveOnlyAndUniform()
    {
        double[] scores = [1, 1, 0, 1, 1];
        int[] active = [0, 2, 3, 4];
        var counts = new int[5];
        var random = new Random(3);
        for (int t = 0; t < 3000; t++)
        {
            counts[Selection.ArgMax(active, scores, random, out int ties)]++;
            Assert.Equal(3, ties);
        }

        Assert.Equal(0, counts[1]);
        Assert.Equal(0, counts[2]);
        Assert.All(new[] { counts[0], counts[3], counts[4] }, c => Assert.InRange(c, 900, 1100));
    }

    [Fact]
    public void Sample_RoundingLeavesUAboveTotal_ReturnsLastArmWithPositiveProbability()
    {
        // Probabilities summing to less than any u the source returns force the fallback branch.
        var random = new FixedRandom(0.999);
        Assert.Equal(1, Selection.Sample([0, 1, 2], [0.2, 0.3, 0.0], random));
        Assert.Equal(2, Selection.Sample([0, 1, 2], [0.2, 0.3, 0.4], random));
        Assert.Equal(0, Selection.Sample([0, 1, 2], [0.2, 0.3, 0.4], new FixedRandom(0.0)));
        Assert.Equal(1, Selection.Sample([0, 1, 2], [0.2, 0.3, 0.4], new FixedRandom(0.2)));
    }

    [Fact]
    public void EpsilonGreedy_ExploreBranchPicksNonGreedy_ReportsEpsilonOverK()
    {
        // First draw 0.05 < ε: explore; second draw picks index 2 of the active arms.
        var random = new FixedRandom(0.05, 0.7);
        int arm = Selection.EpsilonGreedy([0, 1, 3], [0.9, 0.1, 0, 0.2], 0.3, random, out double propensity, out bool explored);

        Assert.Equal(3, arm);
        Assert.Equal(0.1, propensity, 15);
        Assert.True(explored);
    }

    private sealed class CountingRandom(int seed) : Random(seed)
    {
        public int Calls { get; private set; }

        public override int Next(int maxValue)
        {
            Calls++;
            return base.Next(maxValue);
        }

        public override double NextDouble()
        {
            Calls++;
            return base.NextDouble();
        }
    }

    private sealed class FixedRandom(params double[] values) : Random
    {
        private int _index;

        public override double NextDouble() => values[Math.Min(_index++, values.Length - 1)];

        public override int Next(int maxValue) => (int)(NextDouble() * maxValue);
    }
}
