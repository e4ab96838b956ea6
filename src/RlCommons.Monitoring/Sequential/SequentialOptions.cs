namespace RlCommons.Monitoring.Sequential;

/// <summary>Settings of a <see cref="SequentialMonitor"/>: error level, mixing parameters and stopping rules.</summary>
public sealed class SequentialOptions
{
    /// <summary>The error level α of the always-valid p-value and confidence sequence, in (0, 1).</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; set; } = 0.05;

    /// <summary>The mSPRT mixing variance τ² in squared metric units; set it to the square of the smallest effect worth detecting (see <see cref="Msprt"/>).</summary>
    /// <value>The default is 1, which suits metrics whose effects are of order 1; change it for other scales.</value>
    public double MixingVariance { get; set; } = 1;

    /// <summary>The confidence sequence tuning parameter N*, the total sample size at which it is tightest (see <see cref="AsymptoticConfidenceSequence"/>).</summary>
    /// <value>The default is 5000, as in GrowthBook.</value>
    public double TuningSampleSize { get; set; } = AsymptoticConfidenceSequence.DefaultTuningSampleSize;

    /// <summary>The smallest absolute effect that matters; the test stops for futility once the confidence sequence lies inside (−effect, +effect). 0 disables futility stopping.</summary>
    /// <value>The default is 0 (no futility stopping).</value>
    public double MinimumEffect { get; set; }

    /// <summary>Observations each arm needs before any look counts; the plug-in variance is unreliable below it.</summary>
    /// <value>The default is 10.</value>
    public int MinimumCountPerArm { get; set; } = 10;

    /// <summary>Checks every setting and lists all problems in one exception.</summary>
    /// <exception cref="ArgumentException">One or more settings are out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (!(Alpha > 0 && Alpha < 1))
        {
            problems.Add($"{nameof(Alpha)} must be in (0, 1), got {Alpha}.");
        }

        if (!(MixingVariance > 0) || double.IsInfinity(MixingVariance))
        {
            problems.Add($"{nameof(MixingVariance)} must be positive and finite, got {MixingVariance}.");
        }

        if (!(TuningSampleSize > 0) || double.IsInfinity(TuningSampleSize))
        {
            problems.Add($"{nameof(TuningSampleSize)} must be positive and finite, got {TuningSampleSize}.");
        }

        if (!(MinimumEffect >= 0) || double.IsInfinity(MinimumEffect))
        {
            problems.Add($"{nameof(MinimumEffect)} must be non-negative and finite, got {MinimumEffect}.");
        }

        if (MinimumCountPerArm < 2)
        {
            problems.Add($"{nameof(MinimumCountPerArm)} must be at least 2, got {MinimumCountPerArm}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid sequential test options: " + string.Join(" ", problems), "options");
        }
    }
}
