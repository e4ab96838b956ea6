namespace RlCommons.DependencyInjection;

/// <summary>The name of one decision point registered in the container, so that the maintenance service can find them all.</summary>
/// <param name="Name">The decision point's name.</param>
internal sealed record DecisionPointRegistration(string Name);
