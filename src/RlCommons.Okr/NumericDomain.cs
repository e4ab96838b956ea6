using System.Globalization;

namespace RlCommons.Okr;

/// <summary>
/// The numeric domain of the OKR package: metric values, and the total reward of one step before normalization,
/// must lie within ±<see cref="Limit"/>.
/// </summary>
/// <remarks>
/// Why 1e15: the reward normalizer keeps Welford's running mean and sum of squared deviations. With every total within
/// ±1e15 a deviation is at most 2e15, its square 4e30, and the sum after 2⁶³ steps (the count is a <see cref="long"/>)
/// at most ≈ 3.7e49, far below <see cref="double.MaxValue"/> (≈ 1.8e308); so every state the reward accepts is finite
/// and its snapshot loads again. Metrics are bounded by the same limit so that a difference of two metrics cannot
/// overflow; the total is checked as well because a small target or a large weight can still scale a progress term
/// beyond it. Values are checked before anything is counted.
/// </remarks>
internal static class NumericDomain
{
    /// <summary>The largest accepted magnitude of a metric value or of a step's total reward.</summary>
    public const double Limit = 1e15;

    /// <summary>Whether <paramref name="value"/> is finite and within ±<see cref="Limit"/>.</summary>
    public static bool Contains(double value) => value >= -Limit && value <= Limit;

    /// <summary>The message of a value outside the domain.</summary>
    public static string Describe(string what, double value)
        => string.Create(CultureInfo.InvariantCulture, $"{what} is {value}; it must be finite and within ±{Limit:E0}.");
}
