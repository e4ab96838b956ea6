using System.Globalization;
using MathNet.Numerics.Distributions;
using RlCommons.Monitoring.Statistics;

namespace RlCommons.Monitoring.Experiments;

/// <summary>Turns per-unit samples of each variant into an <see cref="ExperimentAnalysis"/>.</summary>
internal static class ExperimentAnalyzer
{
    public static ExperimentAnalysis Analyze(string metric, ExperimentVariant[] variants, double[][] samples, ExperimentAnalysisOptions options)
    {
        double confidence = options.Confidence;
        double alpha = 1 - confidence;
        var summaries = new VariantSummary[variants.Length];
        for (int i = 0; i < variants.Length; i++)
        {
            summaries[i] = Summarize(variants[i].Name, samples[i], confidence);
        }

        long[] counts = [.. samples.Select(s => (long)s.Length)];
        double[] weights = [.. variants.Select(v => v.Weight)];
        SampleRatioMismatchResult srm = SampleRatioMismatch.Check(counts, weights, options.SampleRatioThreshold);

        // Variants switched off (weight 0) take no traffic: they are summarised but neither compared nor waited for.
        int[] active = [.. Enumerable.Range(0, variants.Length).Where(i => variants[i].Weight > 0)];
        var comparisons = new List<VariantComparison>();
        if (active.Length > 1 && active.All(i => samples[i].Length >= 2))
        {
            var raw = new List<(int Index, TTestResult Welch, double? Relative, ConfidenceInterval? RelativeInterval)>();
            foreach (int i in active.Where(i => i != 0))
            {
                TTestResult welch = summaries[i].StandardDeviation == 0 && summaries[0].StandardDeviation == 0
                    ? Constant(summaries[i].Mean - summaries[0].Mean, confidence)
                    : TTest.Welch(samples[i], samples[0], confidence);
                (double? relative, ConfidenceInterval? interval) = RelativeLift(summaries[i], summaries[0], confidence);
                raw.Add((i, welch, relative, interval));
            }

            double[] adjusted = MultipleTesting.Holm([.. raw.Select(r => r.Welch.PValue)]);
            for (int k = 0; k < raw.Count; k++)
            {
                (int index, TTestResult welch, double? relative, ConfidenceInterval? interval) = raw[k];
                comparisons.Add(new VariantComparison(variants[index].Name, welch.MeanDifference, welch.Interval, relative, interval, welch.PValue, adjusted[k]));
            }
        }

        (Recommendation recommendation, string? ship, string reason) = Recommend([.. active.Select(i => summaries[i])], comparisons, srm, alpha, options);
        return new ExperimentAnalysis(metric, summaries, variants[0].Name, comparisons, srm, recommendation, ship, reason);
    }

    /// <summary>
    /// The relative lift <c>r = m_T / m_C − 1</c> with a delta-method interval:
    /// <c>Var(m_T / m_C) ≈ s_T² / (n_T m_C²) + m_T² s_C² / (n_C m_C⁴)</c> (independent groups), and
    /// <c>r ± z_{(1+c)/2} · √Var</c>.
    /// </summary>
    internal static (double? Lift, ConfidenceInterval? Interval) RelativeLift(VariantSummary treatment, VariantSummary control, double confidence)
    {
        double mc = control.Mean;
        if (mc == 0)
        {
            return (null, null);
        }

        double mt = treatment.Mean;
        double varT = treatment.StandardDeviation * treatment.StandardDeviation / treatment.Units;
        double varC = control.StandardDeviation * control.StandardDeviation / control.Units;
        double variance = (varT / (mc * mc)) + (mt * mt * varC / (mc * mc * mc * mc));
        double half = Normal.InvCDF(0, 1, (1 + confidence) / 2) * Math.Sqrt(variance);
        double lift = (mt / mc) - 1;
        return (lift, new ConfidenceInterval(lift - half, lift + half, confidence));
    }

    /// <summary>Both groups constant: the difference is known exactly (scipy would return NaN here).</summary>
    private static TTestResult Constant(double difference, double confidence)
        => new(difference == 0 ? 0 : Math.CopySign(double.PositiveInfinity, difference), double.NaN, difference == 0 ? 1 : 0, difference,
            new ConfidenceInterval(difference, difference, confidence));

    private static VariantSummary Summarize(string name, double[] sample, double confidence)
    {
        if (sample.Length == 0)
        {
            return new VariantSummary(name, 0, double.NaN, double.NaN, null);
        }

        if (sample.Length == 1)
        {
            return new VariantSummary(name, 1, sample[0], double.NaN, null);
        }

        (double mean, double variance) = Guard.MeanAndVariance(sample);
        return new VariantSummary(name, sample.Length, mean, Math.Sqrt(variance), TTest.MeanInterval(sample, confidence));
    }

    private static (Recommendation, string?, string) Recommend(
        VariantSummary[] summaries, List<VariantComparison> comparisons, SampleRatioMismatchResult srm, double alpha, ExperimentAnalysisOptions options)
    {
        if (srm.IsMismatch)
        {
            return (Recommendation.DontShip, null, Format(
                $"Sample ratio mismatch (χ² = {srm.Statistic:G4}, p = {srm.PValue:G3} < {options.SampleRatioThreshold:G3}): assignment or logging is broken, so no result can be trusted."));
        }

        int fewest = summaries.Min(s => s.Units);
        if (fewest < options.MinimumUnitsPerVariant)
        {
            return (Recommendation.KeepRunning, null, Format(
                $"The smallest variant has {fewest} units, below the minimum of {options.MinimumUnitsPerVariant} per variant."));
        }

        if (comparisons.Count == 0)
        {
            return (Recommendation.KeepRunning, null, "No treatment receives traffic: every variant but the control has weight 0.");
        }

        double sign = options.HigherIsBetter ? 1 : -1;
        VariantComparison? best = comparisons
            .Where(c => c.AdjustedPValue < alpha && sign * c.AbsoluteLift > 0)
            .OrderByDescending(c => sign * c.AbsoluteLift)
            .FirstOrDefault();
        if (best is not null)
        {
            return (Recommendation.Ship, best.Name, Format(
                $"'{best.Name}' beats the control by {best.AbsoluteLift:G4} (CI {best.AbsoluteLiftInterval.Low:G4} to {best.AbsoluteLiftInterval.High:G4}), Holm-adjusted p = {best.AdjustedPValue:G3} < {alpha:G3}."));
        }

        if (comparisons.All(c => c.AdjustedPValue < alpha && sign * c.AbsoluteLift < 0))
        {
            return (Recommendation.DontShip, null, Format(
                $"Every treatment is significantly worse than the control (largest Holm-adjusted p = {comparisons.Max(c => c.AdjustedPValue):G3} < {alpha:G3})."));
        }

        if (options.PlannedUnitsPerVariant is { } planned && fewest >= planned)
        {
            return (Recommendation.DontShip, null, Format(
                $"No treatment beats the control at the planned {planned} units per variant (smallest Holm-adjusted p = {comparisons.Min(c => c.AdjustedPValue):G3} ≥ {alpha:G3})."));
        }

        return (Recommendation.KeepRunning, null, Format(
            $"No significant difference yet (smallest Holm-adjusted p = {comparisons.Min(c => c.AdjustedPValue):G3} ≥ {alpha:G3}); collect more data."));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
