using RlCommons.Snapshots;

namespace RlCommons.Core.Tests.Snapshots;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rlcommons-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Write_NewAndExistingFile_ReplacesContentAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "nested", "state.bin");

        AtomicFile.Write(path, [1, 2, 3]);
        AtomicFile.Write(path, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_CrashMidWrite_LeavesThePreviousContent()
    {
        string path = Path.Combine(_folder, "state.bin");
        AtomicFile.Write(path, [1, 2, 3]);

        Assert.Throws<IOException>(() => AtomicFile.Write(path, [9, 9, 9, 9], crashAfterBytes: 2));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_EmptyPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => AtomicFile.Write(" ", [1]));
    }
}
