namespace TicketLab.Tests.Data;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ticketlab-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A folder shared by the whole test process (a static field, theory data): deleted when the process ends.</summary>
    public static TempDir UntilProcessExit()
    {
        var dir = new TempDir();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
