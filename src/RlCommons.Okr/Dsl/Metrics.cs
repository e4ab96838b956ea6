namespace RlCommons.Okr.Dsl;

/// <summary>Reads metric values with the declared defaults and a clear error for what is missing, not finite or beyond ±1e15.</summary>
internal static class Metrics
{
    public static double Read(IReadOnlyDictionary<string, double> metrics, string metric, double? defaultValue, string paramName)
    {
        if (!metrics.TryGetValue(metric, out double value))
        {
            value = defaultValue ?? throw new ArgumentException($"The metric '{metric}' is missing from the snapshot and has no declared default.", paramName);
        }

        // Finite and within ±1e15 (NumericDomain): a difference of two metrics then cannot overflow.
        if (!NumericDomain.Contains(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, NumericDomain.Describe($"The metric '{metric}'", value));
        }

        return value;
    }
}
