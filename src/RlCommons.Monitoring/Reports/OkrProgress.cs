namespace RlCommons.Monitoring.Reports;

/// <summary>One objective or key result and how far along it is.</summary>
/// <param name="Name">The objective or key result.</param>
/// <param name="Progress">The progress in [0, 1].</param>
public sealed record OkrProgress(string Name, double Progress);
