namespace TicketLab.Tests;

/// <summary>Locates the shared, read-only real datasets used by tests; missing data fails loudly, never skips.</summary>
public static class TestData
{
    private static readonly Lazy<string> Shared = new(Find);

    /// <summary>The shared datasets folder (holding imdb/aclImdb_v1.tar.gz, …): the first <c>shared/datasets</c> or <c>../shared/datasets</c> walking up from the test binaries.</summary>
    public static string SharedDatasets => Shared.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "datasets"), Path.Combine(dir.FullName, "..", "shared", "datasets") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        throw new InvalidOperationException(
            $"Shared test data not found: no shared/datasets or ../shared/datasets above {AppContext.BaseDirectory}; " +
            "put the datasets (e.g. imdb/aclImdb_v1.tar.gz) there.");
    }
}
