namespace TicketLab.Tests.Architecture;

/// <summary>The checkout the tests were built from: the first folder above the test binaries that holds TicketLab.slnx.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TicketLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no TicketLab.slnx above {AppContext.BaseDirectory}");
    }
}
