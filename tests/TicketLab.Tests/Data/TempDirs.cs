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

    /// <summary>A new folder holding a copy of every file under <paramref name="dir"/>, at the same relative paths.</summary>
    public string CopyOf(string dir)
    {
        var copy = New();
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose() => _dirs.ForEach(d => d.Dispose());
}
