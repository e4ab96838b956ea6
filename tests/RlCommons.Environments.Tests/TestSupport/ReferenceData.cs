namespace RlCommons.Environments.Tests.TestSupport;

/// <summary>Locates the shared reference data beside the repository (<c>../shared/reference</c> from the root).</summary>
internal static class ReferenceData
{
    /// <summary>The full path of <c>../shared/reference/gymnasium-classic-control.csv</c>; throws (so the test fails) when missing.</summary>
    public static string GymnasiumClassicControlCsv => Find("gymnasium-classic-control.csv");

    private static string Find(string name)
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RlCommons.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"RlCommons.sln not found above {AppContext.BaseDirectory}.");
        }

        string path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "reference", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference data {path} is missing.", path);
    }
}
