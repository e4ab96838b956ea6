namespace RlCommons.Evaluation.Tests.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rlcommons-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="lines"/> to a file called <paramref name="name"/> and returns its full path.</summary>
    public string Write(string name, params string[] lines)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
