using System.Formats.Tar;
using System.IO.Compression;

namespace TicketLab.Data;

/// <summary>Reads and extracts gzip tarballs without letting an entry escape its folder: absolute names, ".." segments and links are refused.</summary>
public static class SafeTarGz
{
    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="targetDir"/>: first into a temporary sibling folder,
    /// then each top-level entry is moved into place, so a damaged archive leaves nothing half-written. Existing entries are kept.</summary>
    public static void Extract(string archivePath, string targetDir)
    {
        var staging = Path.Combine(targetDir, $".extract-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            ForEachFile(archivePath, (name, data) =>
            {
                var full = Path.GetFullPath(Path.Combine(staging, name));
                if (!full.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new DataException($"{archivePath}: entry '{name}' points outside the folder; refusing to extract this archive, get a clean copy.");
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    using var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write);
                    data.CopyTo(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Reported as a write problem, not as a damaged archive.
                    throw new DataException($"Cannot extract {archivePath} into {targetDir}: {e.Message.ReplaceLineEndings(" ")}; extract it there yourself or use a writable --data-dir.", e);
                }
            });
            foreach (var entry in Directory.EnumerateFileSystemEntries(staging))
            {
                var destination = Path.Combine(targetDir, Path.GetFileName(entry));
                if (Path.Exists(destination)) continue;
                if (Directory.Exists(entry)) Directory.Move(entry, destination);
                else File.Move(entry, destination);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot extract {archivePath} into {targetDir}: {e.Message.ReplaceLineEndings(" ")}; extract it there yourself or use a writable --data-dir.", e);
        }
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Calls <paramref name="visit"/> with the safe name (no leading "./") and content of every regular file, in archive order;
    /// directories are skipped, links and devices refused.</summary>
    public static void ForEachFile(string archivePath, Action<string, Stream> visit)
    {
        FileStream file;
        try { file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open {archivePath}: {e.Message.ReplaceLineEndings(" ")}; check that it exists and is readable.", e);
        }
        string lastEntry = "(start)";
        try
        {
            using (file)
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            using (var reader = new TarReader(gzip))
                while (reader.GetNextEntry(copyData: false) is { } entry)
                {
                    lastEntry = entry.Name;
                    var name = SafeName(entry.Name, archivePath);
                    switch (entry.EntryType)
                    {
                        case TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                            continue;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            if (name.Length == 0) continue;
                            visit(name, entry.DataStream ?? Stream.Null);
                            break;
                        default:
                            throw new DataException($"{archivePath}: entry '{name}' is a {entry.EntryType}, not a regular file; refusing to read this archive, use one with plain files.");
                    }
                }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException
                                      || (e is IOException && e is not FileNotFoundException && e is not DirectoryNotFoundException))
        {
            throw new DataException($"{archivePath} is damaged or truncated (near entry {lastEntry}: {e.Message.ReplaceLineEndings(" ")}); download it again.", e);
        }
    }

    /// <summary>The entry name with '/' separators and no leading "./"; absolute names and ".." segments are refused.</summary>
    internal static string SafeName(string name, string archiveName)
    {
        var n = name.Replace('\\', '/');
        if (n.StartsWith('/') || Path.IsPathRooted(name) || (n.Length >= 2 && n[1] == ':') || n.Split('/').Any(s => s == ".."))
            throw new DataException($"{archiveName}: entry '{name}' points outside the dataset folder; refusing to read this archive, get a clean copy.");
        while (n.StartsWith("./", StringComparison.Ordinal)) n = n[2..];
        return n.TrimEnd('/');
    }
}
