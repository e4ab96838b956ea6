using RlCommons.Algorithms.Tabular;

namespace RlCommons.Algorithms.Tests.Tabular;

/// <summary>Binning of continuous features into one state index.</summary>
public class StateDiscretizerTests
{
    private static readonly StateDiscretizer Quarters = StateDiscretizer.Uniform([0f], [1f], [4]);

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(0.2499f, 0)]
    [InlineData(0.25f, 1)]
    [InlineData(0.5f, 2)]
    [InlineData(0.9999f, 3)]
    [InlineData(1f, 3)]
    [InlineData(-5f, 0)]
    [InlineData(5f, 3)]
    [InlineData(float.NegativeInfinity, 0)]
    [InlineData(float.PositiveInfinity, 3)]
    public void Discretize_UniformBins_BinWithClipping(float x, int expected)
        => Assert.Equal(expected, Quarters.Discretize([x]));

    [Fact]
    public void Discretize_TwoDimensions_RowMajorLastDimensionFastest()
    {
        var d = StateDiscretizer.Uniform([0f, -1f], [1f, 1f], [2, 3]);

        Assert.Equal(6, d.StateCount);
        Assert.Equal([2, 3], d.BinCounts);
        Assert.Equal(0, d.Discretize([0.1f, -1f]));
        Assert.Equal(2, d.Discretize([0.1f, 0.9f]));
        Assert.Equal(3, d.Discretize([0.6f, -0.9f]));

        // (0.5 + 1) / 2 · 3 = 2.25: bin 2 of the second dimension; bin 1 of the first: 1·3 + 2.
        Assert.Equal(5, d.Discretize([0.6f, 0.5f]));
    }

    [Fact]
    public void Discretize_GridOfBinCentres_EveryStateExactlyOnce()
    {
        var d = StateDiscretizer.Uniform([0f, 10f, -2f], [3f, 20f, 2f], [3, 5, 2]);
        var seen = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                for (int k = 0; k < 2; k++)
                {
                    seen.Add(d.Discretize([i + 0.5f, 10 + (2 * j) + 1f, -2 + (2 * k) + 1f]));
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 30), seen);
    }

    [Theory]
    [InlineData(-3f, 0)]
    [InlineData(0f, 0)]
    [InlineData(0.5f, 0)]
    [InlineData(1f, 1)]
    [InlineData(9.99f, 1)]
    [InlineData(10f, 2)]
    [InlineData(99f, 2)]
    [InlineData(100f, 2)]
    [InlineData(1e9f, 2)]
    public void Discretize_ExplicitEdges_LeftClosedBinsWithClipping(float x, int expected)
    {
        StateDiscretizer d = StateDiscretizer.FromEdges([0f, 1f, 10f, 100f]);

        Assert.Equal(3, d.StateCount);
        Assert.Equal(expected, d.Discretize([x]));
        Assert.Equal(expected, d.BinOf(0, x));
    }

    [Fact]
    public void Discretize_EdgesOfAUniformGrid_SameStatesAsUniform()
    {
        StateDiscretizer edges = StateDiscretizer.FromEdges([0f, 0.25f, 0.5f, 0.75f, 1f], [-1f, 0f, 1f]);
        var uniform = StateDiscretizer.Uniform([0f, -1f], [1f, 1f], [4, 2]);
        var random = new Random(4);
        for (int t = 0; t < 1000; t++)
        {
            float[] x = [(float)((random.NextDouble() * 1.4) - 0.2), (float)((random.NextDouble() * 3) - 1.5)];
            Assert.Equal(uniform.Discretize(x), edges.Discretize(x));
        }
    }

    [Fact]
    public void Discretize_WrongLengthOrNaN_ThrowsNamingFeatures()
    {
        var d = StateDiscretizer.Uniform([0f, 0f], [1f, 1f], [2, 2]);

        Assert.Equal("features", Assert.Throws<ArgumentException>(() => d.Discretize([0.5f])).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => d.Discretize([0.5f, float.NaN])).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => d.BinOf(0, float.NaN)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.BinOf(2, 0));
    }

    [Fact]
    public void Uniform_EveryArgumentInvalid_OneExceptionListingEachProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateDiscretizer.Uniform([0f, 1f, float.NaN], [1f, 1f], [0, 2]));

        Assert.Equal("arguments", ex.ParamName);
        Assert.Contains("high has 2 entries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bins has 2 entries", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Dimension 0 needs at least 1 bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Dimension 1 needs finite bounds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uniform_TooManyStates_Rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateDiscretizer.Uniform([0f, 0f], [1f, 1f], [65_536, 65_536]));

        Assert.Contains("more than 2147483647 states", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEdges_InvalidEdges_ListsEveryDimension()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateDiscretizer.FromEdges([0f, 0f], [1f], [0f, float.PositiveInfinity], [0f, 1f]));

        Assert.Equal("edges", ex.ParamName);
        Assert.StartsWith("3 problems:", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StateDiscretizer.FromEdges());
    }

    [Fact]
    public void FromEdges_CallerChangesArrayLater_DiscretizerUnaffected()
    {
        float[] edges = [0f, 1f, 2f];
        StateDiscretizer d = StateDiscretizer.FromEdges(edges);
        edges[1] = 1.9f;

        Assert.Equal(1, d.Discretize([1.5f]));
    }

    [Fact]
    public void Discretize_SteadyState_AllocatesNothing()
    {
        StateDiscretizer d = StateDiscretizer.FromEdges([0f, 1f, 10f, 100f], [0f, 0.5f, 1f]);
        float[] x = [5f, 0.7f];
        int sum = d.Discretize(x);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            x[0] = t % 120;
            sum += d.Discretize(x);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum > 0);
    }
}
