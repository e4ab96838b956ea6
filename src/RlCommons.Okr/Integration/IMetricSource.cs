namespace RlCommons.Okr.Integration;

/// <summary>Supplies the current business metrics of an environment or a live system, read by <see cref="OkrRewardEnvironment"/> before and after each step.</summary>
public interface IMetricSource
{
    /// <summary>Returns the current metric values. The caller copies them, so the source may reuse its dictionary.</summary>
    /// <returns>The metrics, by name.</returns>
    IReadOnlyDictionary<string, double> GetMetrics();
}
