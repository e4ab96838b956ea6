namespace RlCommons.Testing;

/// <summary>
/// Locates files of the repository from a test's output folder: the root (the folder holding RlCommons.sln) and
/// the reference data the tests compare against (<c>tests/reference</c>, kept in the repository so the suite needs
/// nothing beside it). Compiled into every test project through <c>tests/Directory.Build.props</c>.
/// </summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The repository root; throws (so the test fails) when RlCommons.sln is not above the test's folder.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The full path of <c>tests/reference/<paramref name="name"/></c>; throws (so the test fails) when it is missing.</summary>
    /// <param name="name">The file name in the reference folder.</param>
    public static string Reference(string name)
    {
        string path = Path.GetFullPath(Path.Combine(Root, "tests", "reference", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference data {path} is missing.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RlCommons.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"RlCommons.sln not found above {AppContext.BaseDirectory}.");
    }
}
