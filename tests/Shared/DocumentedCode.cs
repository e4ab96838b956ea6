namespace RlCommons.Testing;

/// <summary>
/// Keeps code shown in the README (or a doc) identical to code a test runs: the document's block between
/// <c>&lt;!-- name --&gt;</c> and <c>&lt;!-- /name --&gt;</c> must hold the same lines, whitespace-normalized and without
/// fences or <c>using</c> lines, as the test file between <c>// name begin</c> and <c>// name end</c>.
/// </summary>
internal static class DocumentedCode
{
    /// <summary>Fails the test when the shown and the tested code differ.</summary>
    /// <param name="document">The document, relative to the repository root (for example <c>README.md</c>).</param>
    /// <param name="testFile">The test file, relative to the repository root.</param>
    /// <param name="name">The marker name used in both files.</param>
    public static void AssertShownAsTested(string document, string testFile, string name)
    {
        string shownText = File.ReadAllText(Path.Combine(RepositoryFiles.Root, document));
        string testText = File.ReadAllText(Path.Combine(RepositoryFiles.Root, testFile));

        string[] shown = Lines(Between(shownText, $"<!-- {name} -->", $"<!-- /{name} -->"))
            .Where(l => !l.StartsWith("```", StringComparison.Ordinal) && !l.StartsWith("using ", StringComparison.Ordinal))
            .ToArray();
        string[] run = Lines(Between(testText, $"// {name} begin", $"// {name} end")).ToArray();

        Assert.NotEmpty(shown);
        Assert.Equal(run, shown);
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = from < 0 ? -1 : text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"markers {start} … {end} not found");
        return text[(from + start.Length)..to];
    }

    private static IEnumerable<string> Lines(string block)
        => block.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0);
}
