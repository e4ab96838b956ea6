namespace RlCommons.Monitoring.Statistics;

/// <summary>The outcome of a two-sample t-test of <c>mean(a) - mean(b)</c>.</summary>
/// <param name="Statistic">The t statistic.</param>
/// <param name="DegreesOfFreedom">The degrees of freedom (Welch–Satterthwaite for Welch's test).</param>
/// <param name="PValue">The two-sided p-value.</param>
/// <param name="MeanDifference">The difference of the sample means, <c>mean(a) - mean(b)</c>.</param>
/// <param name="Interval">The t confidence interval of the mean difference.</param>
public sealed record TTestResult(double Statistic, double DegreesOfFreedom, double PValue, double MeanDifference, ConfidenceInterval Interval);
