using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RlCommons.Algorithms.Internal;

/// <summary>
/// One arm's Thompson score distribution, tabulated once per posterior so that a decision can evaluate its CDF in a
/// few nanoseconds: the effective support, a piecewise quintic CDF, and a Gauss–Legendre rule with the density folded
/// into its weights (for <see cref="ThompsonPropensity"/>). Not thread-safe: the owning bandit rebuilds it under its lock
/// when the arm's posterior changes.
/// </summary>
/// <remarks>
/// <para>
/// Coordinates: a Normal posterior is tabulated in the score itself; a Beta(α, β) posterior in the logit
/// <c>y = ln(x/(1 − x))</c>, where its density <c>e^{αy}/(1 + e^y)^{α+β}/B(α, β)</c> is smooth and log-concave for every
/// α, β &gt; 0 (no endpoint singularity when α or β &lt; 1). The logit is monotone, so the order of the samples, and hence
/// which arm wins, is the same in either coordinate.
/// </para>
/// <para>
/// Both densities are log-concave, so the mass beyond a point <c>y</c> right of the mode is at most
/// <c>g(y)/|(ln g)′(y)|</c>; the support is cut where that bound (divided by a lower bound of the normalizing constant)
/// falls below <see cref="TailMass"/>. Knots are spaced at most 0.3 standard deviations apart (and 0.35 logit units,
/// a third of the distance to the logit density's complex poles at ±iπ); the CDF at the knots is accumulated with the
/// two-point Hermite rule that is exact for quintics, and each cell interpolates the CDF with the quintic Hermite
/// polynomial through F, F′ = g and F″ = g′ at its ends. The result is renormalized so that F is 0 at the lower end of the
/// support and 1 at the upper end.
/// </para>
/// </remarks>
internal sealed class ScoreTable
{
    /// <summary>The largest tail mass left outside the effective support, on each side.</summary>
    public const double TailMass = 1e-10;

    /// <summary>The widest Gauss–Legendre panel in logit units: panels a third of the distance to the poles at ±iπ converge fast.</summary>
    public const double BetaPanelWidth = 3.0;

    private const double KnotSpacing = 0.3;
    private const double BetaKnotSpacing = 0.35;
    private const int MaxCells = 1024;

    private bool _beta;
    private double _p1;
    private double _p2;
    private double _logPeak;
    private double _inverseNormalizer;
    private double _inverseH;
    private int _cells;
    private double[] _coefficients = new double[6 * 64];
    private double[] _ruleNodes = new double[ThompsonPropensity.Order];
    private double[] _ruleWeights = new double[ThompsonPropensity.Order];
    private int _ruleLength;

    /// <summary>The lower end of the effective support: below it the CDF is 0 (the true mass there is at most <see cref="TailMass"/>).</summary>
    public double Lower { get; private set; }

    /// <summary>The upper end of the effective support: above it the CDF is 1.</summary>
    public double Upper { get; private set; }

    /// <summary>The widest Gauss–Legendre panel that resolves this family's density.</summary>
    public double PanelWidth => _beta ? BetaPanelWidth : double.PositiveInfinity;

    /// <summary>The nodes of the cached rule over [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
    public ReadOnlySpan<double> RuleNodes => _ruleNodes.AsSpan(0, _ruleLength);

    /// <summary>The weights of the cached rule, each multiplied by the density at its node.</summary>
    public ReadOnlySpan<double> RuleWeights => _ruleWeights.AsSpan(0, _ruleLength);

    /// <summary>Tabulates N(<paramref name="mean"/>, <paramref name="standardDeviation"/>²); the deviation must be positive.</summary>
    public void SetNormal(double mean, double standardDeviation)
    {
        _beta = false;
        (_p1, _p2) = (mean, standardDeviation);
        Build(mean, standardDeviation);
    }

    /// <summary>Tabulates Beta(<paramref name="alpha"/>, <paramref name="beta"/>) in the logit coordinate; both must be positive.</summary>
    public void SetBeta(double alpha, double beta)
    {
        _beta = true;
        (_p1, _p2) = (alpha, beta);

        // Mode of the logit density: σ(y) = α/(α + β). Its curvature there, −αβ/(α + β), gives the scale.
        Build(Math.Log(alpha / beta), Math.Sqrt((1 / alpha) + (1 / beta)));
    }

    /// <summary>The CDF at <paramref name="y"/> (to within the table's accuracy).</summary>
    public double Cdf(double y)
    {
        if (y <= Lower)
        {
            return 0;
        }

        if (y >= Upper)
        {
            return 1;
        }

        double t = (y - Lower) * _inverseH;
        int cell = Math.Min((int)t, _cells - 1);
        t -= cell;
        ReadOnlySpan<double> c = _coefficients.AsSpan(6 * cell, 6);
        double value = c[0] + (t * (c[1] + (t * (c[2] + (t * (c[3] + (t * (c[4] + (t * c[5])))))))));
        return Math.Clamp(value, 0, 1);
    }

    /// <summary>Multiplies <c>product[i]</c> by the CDF at <c>y[i]</c> (the hot loop of a decision: fields in locals, no bounds checks on the table).</summary>
    public void MultiplyCdf(ReadOnlySpan<double> y, Span<double> product)
    {
        double lower = Lower, upper = Upper, inverseH = _inverseH;
        int last = _cells - 1;
        ref double table = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        for (int i = 0; i < y.Length; i++)
        {
            double v = y[i];
            if (v >= upper)
            {
                continue;
            }

            if (v <= lower)
            {
                product[i] = 0;
                continue;
            }

            double t = (v - lower) * inverseH;
            int cell = Math.Min((int)t, last);
            t -= cell;
            ref double c = ref Unsafe.Add(ref table, 6 * cell);
            double value = c + (t * (Unsafe.Add(ref c, 1) + (t * (Unsafe.Add(ref c, 2) + (t * (Unsafe.Add(ref c, 3) + (t * (Unsafe.Add(ref c, 4) + (t * Unsafe.Add(ref c, 5))))))))));
            product[i] *= Math.Min(Math.Max(value, 0), 1);
        }
    }

    /// <summary>The density at <paramref name="y"/>, normalized over the effective support.</summary>
    public double Density(double y)
    {
        LogDensity(y, out double logDensity, out _, out _);
        return Math.Exp(logDensity - _logPeak) * _inverseNormalizer;
    }

    /// <summary>ln g(y) up to a constant, and its first two derivatives.</summary>
    private void LogDensity(double y, out double value, out double first, out double second)
    {
        if (!_beta)
        {
            // N(μ, s²): −(y − μ)²/(2s²).
            double z = (y - _p1) / _p2;
            value = -0.5 * z * z;
            first = -z / _p2;
            second = -1 / (_p2 * _p2);
            return;
        }

        // Beta in the logit: α·y − (α + β)·ln(1 + eʸ), with σ(y) = 1/(1 + e⁻ʸ) computed on the stable side.
        double alpha = _p1, beta = _p2, total = alpha + beta;
        double e = Math.Exp(-Math.Abs(y));
        double softplus = Math.Max(y, 0) + Math.Log(1 + e);
        double sigmoid = y >= 0 ? 1 / (1 + e) : e / (1 + e);
        double complement = y >= 0 ? e / (1 + e) : 1 / (1 + e);
        value = (alpha * y) - (total * softplus);
        first = (alpha * complement) - (beta * sigmoid);
        second = -total * sigmoid * complement;
    }

    private void Build(double mode, double scale)
    {
        LogDensity(mode, out _logPeak, out _, out _);

        // A log-concave density with peak 1 has normalizer Z ≥ its standard deviation ≥ scale, so a tail bound of
        // TailMass·scale on the unnormalized density is a bound of TailMass on the normalized one.
        Lower = SupportEnd(mode, scale, -1);
        Upper = SupportEnd(mode, scale, +1);
        double width = Upper - Lower;
        double spacing = KnotSpacing * scale;
        if (_beta)
        {
            spacing = Math.Min(spacing, BetaKnotSpacing);
        }

        _cells = (int)Math.Clamp(Math.Ceiling(width / spacing), 8, MaxCells);
        double h = width / _cells;
        _inverseH = 1 / h;
        if (_coefficients.Length < 6 * _cells)
        {
            _coefficients = new double[6 * Math.Max(_cells, _coefficients.Length / 3)];
        }

        // Pass 1: the CDF at the knots, unnormalized, accumulated with ∫₀ʰ g = h/2 (g₀ + g₁) + h²/10 (g₀′ − g₁′) + h³/120 (g₀″ + g₁″),
        // and each cell's polynomial with unnormalized data; pass 2 divides every coefficient by the total.
        Knot(Lower, out double g0, out double d0, out double s0);
        double f0 = 0;
        for (int cell = 0; cell < _cells; cell++)
        {
            Knot(Lower + ((cell + 1) * h), out double g1, out double d1, out double s1);
            double f1 = f0 + (h / 2 * (g0 + g1)) + (h * h / 10 * (d0 - d1)) + (h * h * h / 120 * (s0 + s1));

            // Quintic Hermite in t ∈ [0, 1] through F, h·F′ and h²·F″ at both ends.
            double df = f1 - f0, a0 = h * g0, a1 = h * g1, b0 = h * h * d0, b1 = h * h * d1;
            Span<double> c = _coefficients.AsSpan(6 * cell, 6);
            c[0] = f0;
            c[1] = a0;
            c[2] = b0 / 2;
            c[3] = (10 * df) - (6 * a0) - (4 * a1) - (1.5 * b0) + (0.5 * b1);
            c[4] = (-15 * df) + (8 * a0) + (7 * a1) + (1.5 * b0) - b1;
            c[5] = (6 * df) - (3 * a0) - (3 * a1) - (0.5 * b0) + (0.5 * b1);
            (f0, g0, d0, s0) = (f1, g1, d1, s1);
        }

        double inverseTotal = 1 / f0;
        foreach (ref double c in _coefficients.AsSpan(0, 6 * _cells))
        {
            c *= inverseTotal;
        }

        _inverseNormalizer = inverseTotal;
        BuildRule();
    }

    /// <summary>The unnormalized density (peak 1) at <paramref name="y"/>, with its first and second derivatives.</summary>
    private void Knot(double y, out double density, out double first, out double second)
    {
        LogDensity(y, out double value, out double l1, out double l2);
        density = Math.Exp(value - _logPeak);
        first = density * l1;
        second = density * ((l1 * l1) + l2);
    }

    private double SupportEnd(double mode, double scale, int direction)
    {
        double k = 4;
        for (int step = 0; step < 200; step++)
        {
            double y = mode + (direction * k * scale);
            LogDensity(y, out double value, out double first, out _);
            double slope = -direction * first;
            if (slope > 0 && Math.Exp(value - _logPeak) / slope <= TailMass * scale)
            {
                return y;
            }

            k += Math.Max(1, k / 4);
        }

        return mode + (direction * k * scale);
    }

    private void BuildRule()
    {
        int panels = (int)Math.Max(1, Math.Ceiling((Upper - Lower) / PanelWidth));
        _ruleLength = panels * ThompsonPropensity.Order;
        if (_ruleNodes.Length < _ruleLength)
        {
            _ruleNodes = new double[_ruleLength];
            _ruleWeights = new double[_ruleLength];
        }

        ThompsonPropensity.FillRule(Lower, Upper, panels, _ruleNodes, _ruleWeights);
        for (int i = 0; i < _ruleLength; i++)
        {
            _ruleWeights[i] *= Density(_ruleNodes[i]);
        }
    }
}
