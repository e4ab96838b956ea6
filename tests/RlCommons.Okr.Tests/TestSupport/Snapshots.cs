namespace RlCommons.Okr.Tests.TestSupport;

/// <summary>Metric snapshots written compactly in tests.</summary>
internal static class M
{
    public static Dictionary<string, double> Of(params (string Name, double Value)[] values)
        => values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
