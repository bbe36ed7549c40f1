using TicketLab.Data;

namespace TicketLab.Tests;

/// <summary>Where tests find data: the small fixtures shipped in the repository, or the full datasets, which skip the test where none are found.</summary>
public static class TestData
{
    /// <summary>Set (to 1) by CI: a test whose full datasets are missing fails instead of skipping.</summary>
    public const string RequireVariable = "TICKETLAB_REQUIRE_DATA";

    private static readonly Lazy<string> FixturesDir = new(FindFixtures);

    /// <summary><c>tests/fixtures/datasets</c>: small cuts of every dataset in the canonical layouts (see its PROVENANCE.md); always present.</summary>
    public static string Fixtures => FixturesDir.Value;

    /// <summary>Reviews in each folder of the IMDb fixture (train/test × neg/pos).</summary>
    public const int ImdbFixturePerFolder = 200;

    /// <summary>A fixture file or folder under <see cref="Fixtures"/>.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    /// <summary>The first data folder holding every one of <paramref name="files"/> (paths relative to it, e.g. <c>imdb/aclImdb_v1.tar.gz</c>),
    /// looked up as the product does ($TICKETLAB_DATA, then the per-user cache) with the shared <c>shared/datasets</c> folder beside or
    /// above the clone in between. Where none holds them the test is skipped with the reason, or fails when <see cref="RequireVariable"/> is set.</summary>
    public static string Require(params string[] files)
    {
        var candidates = Candidates();
        var found = candidates.FirstOrDefault(dir => files.All(f => Path.Exists(Path.Combine(dir, f))));
        if (found is not null) return found;

        var message = $"needs the full datasets ({string.Join(", ", files)}), not found in {string.Join(", ", candidates)}; " +
                      $"set {DataDirectory.DataVariable} to a folder holding them or put them in ../shared/datasets (README: Data directory)";
        if (Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true")
            throw new InvalidOperationException($"{RequireVariable} is set and this test {message}");
        throw new SkipException(message);
    }

    /// <summary>The folder with the full IMDb tarball (the most used full dataset).</summary>
    public static string RequireImdb() => Require(Path.Combine("imdb", "aclImdb_v1.tar.gz"));

    private static List<string> Candidates()
    {
        var list = new List<string>();
        var fromEnv = Environment.GetEnvironmentVariable(DataDirectory.DataVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) list.Add(Path.GetFullPath(fromEnv));
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "datasets"), Path.Combine(dir.FullName, "..", "shared", "datasets") })
                if (Directory.Exists(candidate) && !list.Contains(Path.GetFullPath(candidate))) list.Add(Path.GetFullPath(candidate));
        // The product's own default: the per-user cache it downloads into.
        var cache = DataDirectory.Resolve(null);
        if (!list.Contains(cache)) list.Add(cache);
        return list;
    }

    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"tests/fixtures/datasets not found above {AppContext.BaseDirectory}: the repository checkout is incomplete.");
    }
}
