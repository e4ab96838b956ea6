using RlCommons.Validation;

namespace RlCommons.Features;

/// <summary>How a <see cref="FeatureExtractor{TInput}"/> builds its vector beyond the domain features.</summary>
public sealed class FeatureExtractorOptions
{
    /// <summary>Whether to append a constant 1 as the last feature (the intercept of linear models).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IncludeBias { get; set; } = true;

    /// <summary>
    /// Whether to append the time of day and day of week, read from <see cref="TimeProvider"/> in
    /// <see cref="TimeZone"/>: <c>sin</c> and <c>cos</c> of the hour angle, and 1 on Saturdays and Sundays.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool IncludeTimeOfDay { get; set; }

    /// <summary>The clock read by <see cref="IncludeTimeOfDay"/>.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The time zone in which the time of day is read.</summary>
    /// <value>The default is <see cref="TimeZoneInfo.Utc"/>.</value>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Whether to normalize the domain features by their running mean and variance
    /// (<see cref="RunningMeanVariance"/>). Common features are never normalized.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Normalize { get; set; }

    /// <summary>The bound on the magnitude of a normalized feature.</summary>
    /// <value>The default is 10, as SB3's <c>VecNormalize</c>.</value>
    public double NormalizationClip { get; set; } = 10.0;

    /// <summary>The constant added to the variance before the square root.</summary>
    /// <value>The default is 1e-8, as SB3's <c>VecNormalize</c>.</value>
    public double NormalizationEpsilon { get; set; } = 1e-8;

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = new ValidationErrors();
        errors.Require(TimeProvider is not null, nameof(TimeProvider), "TimeProvider must not be null.");
        errors.Require(TimeZone is not null, nameof(TimeZone), "TimeZone must not be null.");
        errors.RequirePositive(NormalizationClip, nameof(NormalizationClip));
        errors.RequirePositive(NormalizationEpsilon, nameof(NormalizationEpsilon));
        errors.ThrowIfAny("options");
    }
}
