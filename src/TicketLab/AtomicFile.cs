using System.Runtime.InteropServices;
using System.Text;

namespace TicketLab;

/// <summary>Writes a file so that, after a crash or a power loss, readers see either the old content or the whole new one.</summary>
/// <remarks>
/// Temp file in the same folder → write → fsync the file → rename over the target → fsync the folder (so the rename
/// itself is durable). Every artefact TicketLab writes goes through here. A failure (disk full, permission denied,
/// read-only folder) removes the temp file and becomes a <see cref="StorageException"/> naming the path and the cause.
/// </remarks>
public static class AtomicFile
{
    /// <summary>How a temp file's name ends: what a start-up sweep removes when a process died before renaming it.</summary>
    public const string TempExtension = ".tmp";

    /// <summary>Test hook: with TICKETLAB_FAULT_KILL_AT_WRITE=N the process SIGKILLs itself at its Nth atomic write, after
    /// the temp file is written and before it is renamed, so tests can kill a real run at a file operation. Read only here.</summary>
    public const string KillAtWriteVariable = "TICKETLAB_FAULT_KILL_AT_WRITE";

    private static readonly int KillAtWrite = int.TryParse(Environment.GetEnvironmentVariable(KillAtWriteVariable), out var n) ? n : 0;
    private static int writes; // counts writes for the test hook only

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    /// <summary>Streams the content into a temp file beside <paramref name="path"/>; an exception from <paramref name="write"/>
    /// leaves the target as it was (IO errors become <see cref="StorageException"/>, others pass through).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TempExtension}");
        try
        {
            Directory.CreateDirectory(dir);
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            if (KillAtWrite > 0 && Interlocked.Increment(ref writes) == KillAtWrite)
                System.Diagnostics.Process.GetCurrentProcess().Kill(); // SIGKILL: no finally blocks, no cleanup
            File.Move(temp, full, overwrite: true);
            SyncDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw StorageException.CannotWrite(full, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>True for a temp file this class writes (an orphan when no write is in progress).</summary>
    public static bool IsTemp(string path) => Path.GetFileName(path) is var name && name.StartsWith('.') && name.EndsWith(TempExtension, StringComparison.Ordinal);

    /// <summary>Makes renames and deletions in <paramref name="dir"/> durable (fsync of the folder; a no-op where the OS has none).</summary>
    public static void SyncDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return; // NTFS journals the rename; a directory cannot be opened for flushing
        // .NET refuses to open a directory as a file, so ask libc directly
        int fd = Native.open(dir, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC);
        if (fd < 0) throw new IOException($"cannot open folder {dir} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Native.fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Native.EINVAL) throw new IOException($"cannot sync folder {dir} (errno {errno})"); // EINVAL: the file system has no folder sync
            }
        }
        finally { _ = Native.close(fd); }
    }

    /// <summary>Deletes a file and makes the deletion durable; a missing file is fine.</summary>
    public static void Delete(string path)
    {
        try
        {
            if (!File.Exists(path)) return;
            File.Delete(path);
            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageException.CannotWrite(path, e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static class Native
    {
        public const int O_RDONLY = 0;
        public static readonly int O_DIRECTORY = OperatingSystem.IsMacOS() ? 0x100000 : 0x10000;
        public static readonly int O_CLOEXEC = OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;
        public const int EINVAL = 22;

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
