namespace RlCommons.Storage.Sqlite.Tests;

/// <summary>A temporary folder for one test's database files, deleted with everything in it when disposed.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rlcommons-sqlite-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, "decisions.db");

    public SqliteDecisionLogOptions Options(int batchSize = 256) => new() { FilePath = FilePath, BatchSize = batchSize, TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider() };

    public SqliteDecisionLog Open(int batchSize = 256) => new(Options(batchSize));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
