namespace TicketLab.Tests.Data;

/// <summary>Fresh temporary folders, all deleted on dispose: a test class holds one so that xunit deletes each test's folders after it.</summary>
internal sealed class TempDirs : IDisposable
{
    private readonly List<TempDir> _dirs = [];

    /// <summary>The path of a new empty folder.</summary>
    public string New()
    {
        var dir = new TempDir();
        _dirs.Add(dir);
        return dir.Path;
    }

    public void Dispose() => _dirs.ForEach(d => d.Dispose());
}
