using System.Security.Cryptography;
using System.Text;

namespace TicketLab.Data;

/// <summary>A cheap identity for raw data on disk (path, sizes, modification times) so caches can skip reading it when it has not changed.</summary>
public static class SourceFingerprint
{
    /// <summary>Hex SHA-256 over the full path, size and mtime of a file, or of every file under a folder (sorted, ordinal).</summary>
    public static string Of(string path)
    {
        var text = new StringBuilder();
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var info = new FileInfo(full);
            Append(text, full, info);
        }
        else if (Directory.Exists(full))
        {
            text.Append(full).Append('/').Append('\n');
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            var files = new DirectoryInfo(full).EnumerateFiles("*", options)
                .Select(f => (Relative: Path.GetRelativePath(full, f.FullName), Info: f))
                .OrderBy(f => f.Relative, StringComparer.Ordinal);
            foreach (var (relative, info) in files) Append(text, relative, info);
        }
        else
        {
            throw new DataException($"{full} does not exist; check the --data-dir path.");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string name, FileInfo info) =>
        text.Append(name).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
}
