using RlCommons.Validation;

namespace RlCommons.Monitoring.Experiments;

/// <summary>How an experiment is analysed and when it recommends shipping.</summary>
public sealed class ExperimentAnalysisOptions
{
    /// <summary>The confidence level of every interval; the significance level is <c>1 − Confidence</c>.</summary>
    /// <value>The default is 0.95.</value>
    public double Confidence { get; set; } = 0.95;

    /// <summary>Whether a larger metric is better (revenue, conversion); false for costs or latency.</summary>
    /// <value>The default is true.</value>
    public bool HigherIsBetter { get; set; } = true;

    /// <summary>The units every variant needs before any ship / don't-ship call is made.</summary>
    /// <value>The default is 100.</value>
    public int MinimumUnitsPerVariant { get; set; } = 100;

    /// <summary>
    /// The planned units per variant (from a power analysis). Once every variant has reached it without a
    /// significant result, the recommendation is don't ship; before that, keep running. Null means no plan:
    /// keep running until a significant result.
    /// </summary>
    /// <value>The default is null.</value>
    public int? PlannedUnitsPerVariant { get; set; }

    /// <summary>The p-value below which sample-ratio mismatch is flagged.</summary>
    /// <value>The default is 0.001.</value>
    public double SampleRatioThreshold { get; set; } = Statistics.SampleRatioMismatch.DefaultThreshold;

    /// <summary>Checks every setting and throws one exception listing every problem.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var errors = new ValidationErrors();
        if (!(Confidence > 0 && Confidence < 1))
        {
            errors.Add(nameof(Confidence), $"Confidence must be in (0, 1), got {Confidence}.");
        }

        if (MinimumUnitsPerVariant < 2)
        {
            errors.Add(nameof(MinimumUnitsPerVariant), $"MinimumUnitsPerVariant must be at least 2, got {MinimumUnitsPerVariant}.");
        }

        if (PlannedUnitsPerVariant is { } planned && planned < MinimumUnitsPerVariant)
        {
            errors.Add(nameof(PlannedUnitsPerVariant), $"PlannedUnitsPerVariant must be at least MinimumUnitsPerVariant ({MinimumUnitsPerVariant}), got {planned}.");
        }

        if (!(SampleRatioThreshold > 0 && SampleRatioThreshold < 1))
        {
            errors.Add(nameof(SampleRatioThreshold), $"SampleRatioThreshold must be in (0, 1), got {SampleRatioThreshold}.");
        }

        errors.ThrowIfAny("options");
    }
}
