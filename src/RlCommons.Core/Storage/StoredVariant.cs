namespace RlCommons.Storage;

/// <summary>One variant of a <see cref="StoredExperiment"/>.</summary>
/// <param name="Name">Its name; unique within the experiment, not blank.</param>
/// <param name="Weight">Its allocation weight; positive and finite.</param>
public sealed record StoredVariant(string Name, double Weight);
