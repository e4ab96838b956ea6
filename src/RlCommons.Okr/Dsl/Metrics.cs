namespace RlCommons.Okr.Dsl;

/// <summary>Reads metric values with the declared defaults and a clear error for what is missing or not finite.</summary>
internal static class Metrics
{
    public static double Read(IReadOnlyDictionary<string, double> metrics, string metric, double? defaultValue, string paramName)
    {
        if (!metrics.TryGetValue(metric, out double value))
        {
            return defaultValue ?? throw new ArgumentException($"The metric '{metric}' is missing from the snapshot and has no declared default.", paramName);
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The metric '{metric}' is {value}; metric values must be finite.", paramName);
        }

        return value;
    }
}
