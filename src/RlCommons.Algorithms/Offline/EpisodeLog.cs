namespace RlCommons.Algorithms.Offline;

/// <summary>An episode log as read by <see cref="EpisodeLogReader"/>: the valid steps and what was skipped.</summary>
/// <param name="Steps">The valid steps, in file order.</param>
/// <param name="Lines">The non-blank lines read.</param>
/// <param name="MalformedLines">The lines skipped because they were not a valid step.</param>
/// <param name="Problems">The first problems found (at most <see cref="EpisodeLogReader.MaxProblems"/>), each with its 1-based line number.</param>
public sealed record EpisodeLog(IReadOnlyList<EpisodeStep> Steps, int Lines, int MalformedLines, IReadOnlyList<string> Problems);
