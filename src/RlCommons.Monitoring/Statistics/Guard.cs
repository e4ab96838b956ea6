namespace RlCommons.Monitoring.Statistics;

/// <summary>Argument checks shared by the statistics, each naming the offending parameter.</summary>
internal static class Guard
{
    public static void Samples(ReadOnlySpan<double> sample, int minimum, string paramName)
    {
        if (sample.Length < minimum)
        {
            throw new ArgumentException($"At least {minimum} observations are required, got {sample.Length}.", paramName);
        }

        foreach (double x in sample)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"Observations must be finite numbers, got {x}.", paramName);
            }
        }
    }

    public static void OpenUnit(double value, string paramName)
    {
        if (!(value > 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must lie strictly between 0 and 1.");
        }
    }

    public static void Positive(double value, string paramName)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must be a positive finite number.");
        }
    }

    public static void Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must be a finite number.");
        }
    }

    public static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<double> sample) => MeanAndVariance(sample, 1);

    /// <summary>
    /// The power of two that brings the largest magnitude of the samples into [1, 2), so that sums and squares of the
    /// scaled values cannot overflow. Multiplying by a power of two is exact, so results for ordinary magnitudes are
    /// unchanged bit for bit.
    /// </summary>
    public static double Scale(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double largest = 0;
        foreach (double x in a)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        foreach (double x in b)
        {
            largest = Math.Max(largest, Math.Abs(x));
        }

        return largest == 0 ? 1 : Math.ScaleB(1, Math.ILogB(largest));
    }

    /// <summary>Mean and sample variance (n − 1) of <c>sample / scale</c>.</summary>
    public static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<double> sample, double scale)
    {
        // Two passes: the mean first, then squared deviations, as numpy does with ddof=1.
        double sum = 0;
        foreach (double x in sample)
        {
            sum += x / scale;
        }

        double mean = sum / sample.Length;
        double squares = 0;
        foreach (double x in sample)
        {
            double d = (x / scale) - mean;
            squares += d * d;
        }

        return (mean, squares / (sample.Length - 1));
    }
}
