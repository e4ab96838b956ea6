namespace RlCommons.Storage;

/// <summary>A policy's published pointer: the version its instances serve, and a revision that changes at every publication.</summary>
/// <param name="Version">The published version, or <see langword="null"/> when none is (the baseline acts).</param>
/// <param name="Revision">How many times the pointer has been set (0 when never); a watcher compares it to see any change, including a re-publication of the same version.</param>
public readonly record struct PublishedModel(int? Version, long Revision);
