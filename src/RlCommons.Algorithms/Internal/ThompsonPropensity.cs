using System.Buffers;
using MathNet.Numerics;
using MathNet.Numerics.Integration;

namespace RlCommons.Algorithms.Internal;

/// <summary>The independent score distributions of the active arms of a Thompson sampler, as <see cref="ThompsonPropensity"/> reads them.</summary>
internal interface IScoreDistributions
{
    /// <summary>The widest Gauss–Legendre panel that resolves the densities.</summary>
    double PanelWidth { get; }

    /// <summary>Below this the arm's CDF is 0 (to within the tail mass). Equal to <see cref="Upper"/> for a point mass.</summary>
    double Lower(int slot);

    /// <summary>Above this the arm's CDF is 1 (to within the tail mass).</summary>
    double Upper(int slot);

    /// <summary>The CDF of arm <paramref name="slot"/> at <paramref name="y"/>.</summary>
    double Cdf(int slot, double y);

    /// <summary>Multiplies <c>product[i]</c> by the CDF of arm <paramref name="slot"/> at <c>y[i]</c>.</summary>
    void MultiplyCdf(int slot, ReadOnlySpan<double> y, Span<double> product);

    /// <summary>Multiplies <c>values[i]</c> by the density of arm <paramref name="slot"/> at <c>y[i]</c>.</summary>
    void MultiplyDensity(int slot, ReadOnlySpan<double> y, Span<double> values);

    /// <summary>A cached rule over the arm's whole support, with the density folded into the weights, when there is one.</summary>
    bool TryGetRule(int slot, out ReadOnlySpan<double> nodes, out ReadOnlySpan<double> weights);
}

/// <summary>
/// The exact propensity of a Thompson-sampling choice, computed numerically: with independent score distributions,
/// <c>P(a) = ∫ g_a(y) Π_{b≠a} F_b(y) dy</c>, the probability that arm a's sample is the largest (the probability
/// Thompson, Biometrika 25 (1933), plays each arm with).
/// </summary>
/// <remarks>
/// <para>
/// The integral runs over <c>[L, U_a]</c>, where <c>L</c> is the largest lower end of any arm's effective support (below
/// it some CDF is 0) and <c>U_a</c> the upper end of arm a's. Arms whose CDF is already within <see cref="Saturation"/> of
/// 1 at <c>L</c> are skipped (CDFs increase, so each skipped factor changes the integral by at most that much). The range
/// is split at the upper ends of the remaining arms, so every panel lies inside the support of every arm whose CDF varies
/// on it and each factor is as smooth on the panel as on its own support (arms at least as wide as arm a need no split);
/// each panel gets a fixed
/// <see cref="Order"/>-point Gauss–Legendre rule (further split to the family's panel width), and a panel on which no
/// other CDF varies is just <c>F_a(q) − F_a(p)</c>. When every overlapping arm's support is at least as wide as arm a's
/// (the usual case for the arm a well-trained sampler chooses), the arm's cached rule over its whole support is used
/// instead and a decision costs <see cref="Order"/> table lookups per overlapping arm.
/// </para>
/// <para>
/// Accuracy: within 1e-6 absolute of the exact integral for Beta posteriors with α, β in [0.5, 10⁵] and for Normal
/// scores (including point masses); the reference tests compare against scipy's adaptive quadrature.
/// </para>
/// </remarks>
internal static class ThompsonPropensity
{
    /// <summary>The number of Gauss–Legendre nodes per panel.</summary>
    public const int Order = 32;

    /// <summary>Arms whose CDF is at least 1 minus this over the whole range are treated as 1.</summary>
    public const double Saturation = 1e-10;

    /// <summary>The smallest propensity a decision reports: a chosen arm whose integral underflows had a probability below the tail mass.</summary>
    public const double Floor = 1e-12;

    private const int StackSlots = 128;

    private static readonly double[] Abscissas;
    private static readonly double[] Weights;

    static ThompsonPropensity()
    {
        var rule = new GaussLegendreRule(-1, 1, Order);
        Abscissas = rule.Abscissas;
        Weights = rule.Weights;
    }

    /// <summary>Writes a composite rule of <paramref name="panels"/> equal panels over [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public static void FillRule(double lower, double upper, int panels, Span<double> nodes, Span<double> weights)
    {
        double width = (upper - lower) / panels;
        for (int p = 0; p < panels; p++)
        {
            double half = width / 2, center = lower + (p * width) + half;
            for (int i = 0; i < Order; i++)
            {
                nodes[(p * Order) + i] = center + (half * Abscissas[i]);
                weights[(p * Order) + i] = half * Weights[i];
            }
        }
    }

    /// <summary>Writes the probability that each active arm's score is the largest into <paramref name="probabilities"/> (other entries untouched).</summary>
    public static void FillAll<TArms>(ref TArms arms, ReadOnlySpan<int> active, Span<double> probabilities)
        where TArms : struct, IScoreDistributions
    {
        foreach (int slot in active)
        {
            probabilities[slot] = Of(ref arms, active, slot);
        }
    }

    /// <summary>The probability that arm <paramref name="arm"/>'s score is the largest among <paramref name="active"/>.</summary>
    public static double Of<TArms>(ref TArms arms, ReadOnlySpan<int> active, int arm)
        where TArms : struct, IScoreDistributions
    {
        if (active.Length == 1)
        {
            return 1.0;
        }

        double lower = arms.Lower(arm), upper = arms.Upper(arm);
        if (!(upper > lower))
        {
            return PointMass(ref arms, active, arm, upper);
        }

        double from = lower;
        foreach (int slot in active)
        {
            if (slot != arm)
            {
                from = Math.Max(from, arms.Lower(slot));
            }
        }

        if (from >= upper)
        {
            return 0;
        }

        int[]? rentedSlots = null;
        double[]? rentedEdges = null;
        Span<int> overlapping = active.Length <= StackSlots ? stackalloc int[StackSlots] : (rentedSlots = ArrayPool<int>.Shared.Rent(active.Length));
        Span<double> edges = active.Length <= StackSlots ? stackalloc double[StackSlots + 1] : (rentedEdges = ArrayPool<double>.Shared.Rent(active.Length + 1));
        try
        {
            // Arms whose CDF is already 1 on the range are skipped. An arm whose support is at least as wide as arm a's
            // has a CDF as smooth on any part of a's support as on its own (clamping F to 0 or 1 outside an effective
            // support changes it by at most the tail mass); a narrower arm's upper end splits the range, so that its
            // steep CDF gets panels of its own. With no narrower arm, a's cached rule over its whole support is used.
            int count = 0, cuts = 0;
            bool narrower = false;
            edges[cuts++] = from;
            foreach (int slot in active)
            {
                double end = arms.Upper(slot);
                if (slot != arm && end > from && arms.Cdf(slot, from) < 1 - Saturation)
                {
                    overlapping[count++] = slot;
                    if (end - arms.Lower(slot) < upper - lower)
                    {
                        narrower = true;
                        if (end < upper)
                        {
                            edges[cuts++] = end;
                        }
                    }
                }
            }

            edges[cuts++] = upper;
            ReadOnlySpan<int> others = overlapping[..count];
            if (!narrower && arms.TryGetRule(arm, out ReadOnlySpan<double> nodes, out ReadOnlySpan<double> weights))
            {
                return Sum(ref arms, others, nodes, weights, density: -1);
            }

            edges[1..(cuts - 1)].Sort();
            Span<double> panelNodes = stackalloc double[Order];
            Span<double> panelWeights = stackalloc double[Order];
            double total = 0;
            for (int e = 0; e + 1 < cuts; e++)
            {
                double a = edges[e], b = edges[e + 1];
                if (!(b > a))
                {
                    continue;
                }

                // Past an arm's upper end its CDF is 1: keep only the arms that still vary on [a, b].
                int varying = 0;
                for (int i = 0; i < count; i++)
                {
                    if (arms.Upper(others[i]) > a)
                    {
                        overlapping[varying++] = others[i];
                    }
                }

                count = varying;
                others = overlapping[..count];
                if (count == 0)
                {
                    total += arms.Cdf(arm, b) - arms.Cdf(arm, a);
                    continue;
                }

                int panels = (int)Math.Max(1, Math.Ceiling((b - a) / arms.PanelWidth));
                double width = (b - a) / panels;
                for (int p = 0; p < panels; p++)
                {
                    double left = a + (p * width);
                    FillRule(left, p == panels - 1 ? b : left + width, 1, panelNodes, panelWeights);
                    total += Sum(ref arms, others, panelNodes, panelWeights, density: arm);
                }
            }

            return total;
        }
        finally
        {
            if (rentedSlots is not null)
            {
                ArrayPool<int>.Shared.Return(rentedSlots);
            }

            if (rentedEdges is not null)
            {
                ArrayPool<double>.Shared.Return(rentedEdges);
            }
        }
    }

    /// <summary>Σ wᵢ (g_density(yᵢ)) Π_b F_b(yᵢ) over the nodes, in chunks of <see cref="Order"/>; <paramref name="density"/> −1 when the weights already hold it.</summary>
    private static double Sum<TArms>(ref TArms arms, ReadOnlySpan<int> others, ReadOnlySpan<double> nodes, ReadOnlySpan<double> weights, int density)
        where TArms : struct, IScoreDistributions
    {
        Span<double> product = stackalloc double[Order];
        double total = 0;
        for (int start = 0; start < nodes.Length; start += Order)
        {
            int length = Math.Min(Order, nodes.Length - start);
            ReadOnlySpan<double> y = nodes.Slice(start, length);
            Span<double> chunk = product[..length];
            weights.Slice(start, length).CopyTo(chunk);
            if (density >= 0)
            {
                arms.MultiplyDensity(density, y, chunk);
            }

            foreach (int slot in others)
            {
                arms.MultiplyCdf(slot, y, chunk);
            }

            foreach (double v in chunk)
            {
                total += v;
            }
        }

        return total;
    }

    /// <summary>
    /// A point-mass arm at <paramref name="value"/> wins when every continuous score falls below it and no other point mass
    /// lies above it; exact ties among point masses are broken uniformly, as the agents do.
    /// </summary>
    private static double PointMass<TArms>(ref TArms arms, ReadOnlySpan<int> active, int arm, double value)
        where TArms : struct, IScoreDistributions
    {
        double p = 1;
        int tied = 1;
        foreach (int slot in active)
        {
            if (slot == arm)
            {
                continue;
            }

            double lower = arms.Lower(slot), upper = arms.Upper(slot);
            if (!(upper > lower))
            {
                if (upper > value)
                {
                    return 0;
                }

                if (upper == value)
                {
                    tied++;
                }
            }
            else
            {
                p *= arms.Cdf(slot, value);
            }
        }

        return p / tied;
    }
}

/// <summary>Score distributions read from per-arm <see cref="ScoreTable"/>s (Beta and Gaussian Thompson sampling).</summary>
internal readonly struct TabulatedScores(ScoreTable?[] tables, double panelWidth) : IScoreDistributions
{
    public double PanelWidth => panelWidth;

    public double Lower(int slot) => tables[slot]!.Lower;

    public double Upper(int slot) => tables[slot]!.Upper;

    public double Cdf(int slot, double y) => tables[slot]!.Cdf(y);

    public void MultiplyCdf(int slot, ReadOnlySpan<double> y, Span<double> product) => tables[slot]!.MultiplyCdf(y, product);

    public void MultiplyDensity(int slot, ReadOnlySpan<double> y, Span<double> values)
    {
        ScoreTable table = tables[slot]!;
        for (int i = 0; i < y.Length; i++)
        {
            values[i] *= table.Density(y[i]);
        }
    }

    public bool TryGetRule(int slot, out ReadOnlySpan<double> nodes, out ReadOnlySpan<double> weights)
    {
        ScoreTable table = tables[slot]!;
        nodes = table.RuleNodes;
        weights = table.RuleWeights;
        return true;
    }
}

/// <summary>Independent Normal scores N(mean, sd²), read directly (linear Thompson sampling, whose parameters change with the context); sd 0 is a point mass.</summary>
internal readonly struct NormalScores(double[] mean, double[] standardDeviation) : IScoreDistributions
{
    /// <summary>The half-width of the effective support in standard deviations: Φ(−7) ≈ 1.3e-12.</summary>
    private const double Reach = 7.0;

    public double PanelWidth => double.PositiveInfinity;

    public double Lower(int slot) => mean[slot] - (Reach * standardDeviation[slot]);

    public double Upper(int slot) => mean[slot] + (Reach * standardDeviation[slot]);

    public double Cdf(int slot, double y)
    {
        double s = standardDeviation[slot];
        return s > 0 ? 0.5 * SpecialFunctions.Erfc((mean[slot] - y) / (s * Math.Sqrt(2))) : (y >= mean[slot] ? 1 : 0);
    }

    public void MultiplyCdf(int slot, ReadOnlySpan<double> y, Span<double> product)
    {
        for (int i = 0; i < y.Length; i++)
        {
            product[i] *= Cdf(slot, y[i]);
        }
    }

    public void MultiplyDensity(int slot, ReadOnlySpan<double> y, Span<double> values)
    {
        double m = mean[slot], s = standardDeviation[slot];
        double scale = 1 / (s * Math.Sqrt(2 * Math.PI));
        for (int i = 0; i < y.Length; i++)
        {
            double z = (y[i] - m) / s;
            values[i] *= scale * Math.Exp(-0.5 * z * z);
        }
    }

    public bool TryGetRule(int slot, out ReadOnlySpan<double> nodes, out ReadOnlySpan<double> weights)
    {
        nodes = default;
        weights = default;
        return false;
    }
}
