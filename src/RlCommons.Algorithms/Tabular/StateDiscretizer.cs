using System.Globalization;
using RlCommons.Validation;

namespace RlCommons.Algorithms.Tabular;

/// <summary>
/// Maps a continuous feature vector to one discrete state index for the tabular agents: each dimension is cut into
/// bins (uniform over [low, high], or given by explicit edges), values outside the range fall in the first or last
/// bin, and the per-dimension bins combine in row-major order (the last dimension varies fastest).
/// </summary>
/// <remarks>Immutable, so safe to share between threads. <see cref="Discretize"/> allocates nothing.</remarks>
public sealed class StateDiscretizer
{
    private readonly Dimension[] _dimensions;
    private readonly int[] _strides;

    private StateDiscretizer(Dimension[] dimensions)
    {
        _dimensions = dimensions;
        _strides = new int[dimensions.Length];
        int stride = 1;
        for (int d = dimensions.Length - 1; d >= 0; d--)
        {
            _strides[d] = stride;
            stride *= dimensions[d].Bins;
        }

        StateCount = stride;
        BinCounts = [.. dimensions.Select(x => x.Bins)];
    }

    /// <summary>The number of features a vector must have.</summary>
    public int Dimensions => _dimensions.Length;

    /// <summary>The number of bins of each dimension.</summary>
    public IReadOnlyList<int> BinCounts { get; }

    /// <summary>The number of distinct states: the product of <see cref="BinCounts"/> (use it as <see cref="TabularOptions.StateCount"/>).</summary>
    public int StateCount { get; }

    /// <summary>
    /// Creates a discretizer whose dimension <c>d</c> has <c>bins[d]</c> equal-width bins over
    /// [<c>low[d]</c>, <c>high[d]</c>]; bin <c>i</c> holds <c>low + i·w ≤ x &lt; low + (i + 1)·w</c>, and values
    /// below <c>low</c> or at or above <c>high</c> go to the first or last bin.
    /// </summary>
    /// <param name="low">The lower bound of each dimension; finite.</param>
    /// <param name="high">The upper bound of each dimension; finite and greater than <paramref name="low"/>.</param>
    /// <param name="bins">The number of bins of each dimension; at least 1.</param>
    /// <returns>The discretizer.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are zero, a bound or count is invalid, or there are more than <see cref="int.MaxValue"/> states; the message lists every problem.</exception>
    public static StateDiscretizer Uniform(ReadOnlySpan<float> low, ReadOnlySpan<float> high, ReadOnlySpan<int> bins)
    {
        var errors = new ValidationErrors();
        errors.Require(low.Length > 0, nameof(low), "At least one dimension is required.");
        errors.Require(high.Length == low.Length, nameof(high), $"high has {high.Length} entries and low {low.Length}; they must match.");
        errors.Require(bins.Length == low.Length, nameof(bins), $"bins has {bins.Length} entries and low {low.Length}; they must match.");
        int n = Math.Min(low.Length, Math.Min(high.Length, bins.Length));
        var dimensions = new Dimension[n];
        for (int d = 0; d < n; d++)
        {
            errors.Require(float.IsFinite(low[d]) && float.IsFinite(high[d]) && low[d] < high[d], nameof(high),
                string.Create(CultureInfo.InvariantCulture, $"Dimension {d} needs finite bounds with low < high, has [{low[d]}, {high[d]}]."));
            errors.Require(bins[d] >= 1, nameof(bins), $"Dimension {d} needs at least 1 bin, has {bins[d]}.");
            dimensions[d] = new Dimension(low[d], high[d], bins[d], null);
        }

        RequireStateCount(dimensions, errors);
        errors.ThrowIfAny("arguments");
        return new StateDiscretizer(dimensions);
    }

    /// <summary>
    /// Creates a discretizer from explicit bin edges: dimension <c>d</c> with edges <c>e₀ &lt; e₁ &lt; … &lt; eₙ</c> has
    /// <c>n</c> bins, bin <c>i</c> holding <c>eᵢ ≤ x &lt; eᵢ₊₁</c>; values below <c>e₀</c> go to the first bin and values at
    /// or above <c>eₙ</c> to the last.
    /// </summary>
    /// <param name="edges">For each dimension, at least two finite, strictly increasing edges (copied).</param>
    /// <returns>The discretizer.</returns>
    /// <exception cref="ArgumentException">There is no dimension, an edge list is invalid, or there are more than <see cref="int.MaxValue"/> states; the message lists every problem.</exception>
    public static StateDiscretizer FromEdges(params float[][] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var errors = new ValidationErrors();
        errors.Require(edges.Length > 0, nameof(edges), "At least one dimension is required.");
        var dimensions = new Dimension[edges.Length];
        for (int d = 0; d < edges.Length; d++)
        {
            float[] e = edges[d] ?? [];
            bool valid = e.Length >= 2 && e.All(float.IsFinite);
            for (int i = 1; valid && i < e.Length; i++)
            {
                valid = e[i - 1] < e[i];
            }

            errors.Require(valid, nameof(edges), $"Dimension {d} needs at least 2 finite, strictly increasing edges.");
            dimensions[d] = valid ? new Dimension(e[0], e[^1], e.Length - 1, [.. e]) : new Dimension(0, 1, 1, null);
        }

        RequireStateCount(dimensions, errors);
        errors.ThrowIfAny(nameof(edges));
        return new StateDiscretizer(dimensions);
    }

    /// <summary>Returns the state index of <paramref name="features"/>, in [0, <see cref="StateCount"/>). Allocation-free.</summary>
    /// <param name="features">One value per dimension; ±∞ are clipped, NaN is rejected.</param>
    /// <returns>The state index.</returns>
    /// <exception cref="ArgumentException">The length is not <see cref="Dimensions"/>, or a value is NaN.</exception>
    public int Discretize(ReadOnlySpan<float> features)
    {
        if (features.Length != _dimensions.Length)
        {
            throw new ArgumentException($"Expected {_dimensions.Length} features, got {features.Length}.", nameof(features));
        }

        int state = 0;
        for (int d = 0; d < _dimensions.Length; d++)
        {
            float x = features[d];
            if (float.IsNaN(x))
            {
                throw new ArgumentException($"Feature {d} is NaN.", nameof(features));
            }

            state += _dimensions[d].BinOf(x) * _strides[d];
        }

        return state;
    }

    /// <summary>Returns the bin of <paramref name="value"/> in dimension <paramref name="dimension"/>.</summary>
    /// <param name="dimension">The dimension, in [0, <see cref="Dimensions"/>).</param>
    /// <param name="value">The value; not NaN.</param>
    /// <returns>The bin, in [0, <c>BinCounts[dimension]</c>).</returns>
    /// <exception cref="ArgumentException">The dimension is out of range or the value is NaN.</exception>
    public int BinOf(int dimension, float value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, _dimensions.Length);
        if (float.IsNaN(value))
        {
            throw new ArgumentException("The value is NaN.", nameof(value));
        }

        return _dimensions[dimension].BinOf(value);
    }

    private static void RequireStateCount(Dimension[] dimensions, ValidationErrors errors)
    {
        long product = 1;
        foreach (Dimension d in dimensions)
        {
            product = Math.Min(product * Math.Max(d.Bins, 1), (long)int.MaxValue + 1);
        }

        errors.Require(product <= int.MaxValue, "bins", $"The bins give more than {int.MaxValue} states.");
    }

    private readonly record struct Dimension(float Low, float High, int Bins, float[]? Edges)
    {
        public int BinOf(float x)
        {
            if (x < Low)
            {
                return 0;
            }

            if (x >= High)
            {
                return Bins - 1;
            }

            if (Edges is { } edges)
            {
                // The last edge eᵢ ≤ x among e₀ … eₙ₋₁ (x < eₙ here): a binary search for the upper bound.
                int lo = 0;
                int hi = edges.Length - 1;
                while (hi - lo > 1)
                {
                    int mid = (lo + hi) >>> 1;
                    if (edges[mid] <= x)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                return lo;
            }

            // In double so that the bin width does not lose the float's precision; Min guards rounding at the top.
            int bin = (int)((x - (double)Low) / ((double)High - Low) * Bins);
            return Math.Min(bin, Bins - 1);
        }
    }
}
