namespace TicketLab.Store;

/// <summary>One writer per run: an exclusive OS lock on &lt;run&gt;/.lock, held while a process works on the whole run and released
/// by the kernel when that process ends, however it ends; workers that each train one unit of the run share it instead.</summary>
/// <remarks>The lock is flock(2) (what .NET takes for <see cref="FileShare.None"/> on Unix; a share lock on Windows). Who holds it
/// is written beside it (exclusive holders only) in <see cref="HolderFileName"/>, for the message of the process that is refused.
/// A shared holder (<see cref="TryAcquireShared"/>) keeps whole-run writers out while several workers train units of the run: one
/// writer per unit is the lease's job (the store's claims), and run-wide files are written only under the exclusive lock or by the
/// dense unit's worker (before any other unit can start).</remarks>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";
    public const string HolderFileName = ".lock-holder";

    private readonly FileStream stream;

    private RunLock(string runDir, FileStream stream)
    {
        RunDir = runDir;
        this.stream = stream;
    }

    public string RunDir { get; }

    /// <summary>Who holds a run's lock: host, process id and when it took it.</summary>
    public sealed record Holder(string Host, int Pid, DateTimeOffset Since)
    {
        public static Holder Me() => new(Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow);
    }

    /// <summary>Takes the run's lock without waiting (creating the run folder if needed); null when another process (or another
    /// handle in this one) holds it, with its holder when known.</summary>
    public static RunLock? TryAcquire(string runDir, out Holder? heldBy)
    {
        Directory.CreateDirectory(runDir);
        if (TryLock(runDir) is not { } stream)
        {
            heldBy = ReadHolder(runDir);
            return null;
        }
        heldBy = null;
        var me = Holder.Me();
        try
        {
            // not atomic on purpose: it is only read by a process the lock refused, and a torn file reads as "unknown holder"
            File.WriteAllText(Path.Combine(runDir, HolderFileName),
                $"{me.Host}\n{me.Pid}\n{me.Since.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new RunLock(runDir, stream);
    }

    /// <summary>Takes the run's lock shared with other workers, without waiting; null while a whole-run writer holds it exclusively.</summary>
    public static RunLock? TryAcquireShared(string runDir, out Holder? heldBy)
    {
        Directory.CreateDirectory(runDir);
        var path = Path.Combine(runDir, FileName);
        heldBy = null;
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None)) { }
        }
        catch (IOException) when (File.Exists(path)) { } // held exclusively: refused below
        try
        {
            // read-only access with sharing takes flock(LOCK_SH): any number of workers, never beside an exclusive holder
            return new RunLock(runDir, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException) when (File.Exists(path))
        {
            heldBy = ReadHolder(runDir);
            return null;
        }
    }

    /// <summary>True while some process holds the run's lock (a reader's liveness check: a run nobody holds is not running).</summary>
    public static bool IsHeld(string runDir)
    {
        if (!File.Exists(Path.Combine(runDir, FileName))) return false;
        using var probe = TryLock(runDir);
        return probe is null;
    }

    private static FileStream? TryLock(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null; // held: a sharing violation (other IO errors on an existing file are rare enough to read the same)
        }
    }

    private static Holder? ReadHolder(string runDir)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(runDir, HolderFileName));
            return lines.Length >= 3 && int.TryParse(lines[1], out var pid)
                   && DateTimeOffset.TryParse(lines[2], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var since)
                ? new Holder(lines[0], pid, since) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Releases the lock; the lock file stays (removing it would race with a process opening it).</summary>
    public void Dispose() => stream.Dispose();
}
