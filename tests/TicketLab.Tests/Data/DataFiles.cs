using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace TicketLab.Tests.Data;

/// <summary>Small helpers for hand-made data files: text or raw bytes at a path, gzip tarballs, and copies of shared files into a temp layout.</summary>
internal static class DataFiles
{
    public static string Write(string path, string text) => Write(path, new UTF8Encoding(false).GetBytes(text));

    public static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
        return to;
    }

    /// <summary>A .tar.gz with these (entry name, content) files, in order; names are written as given (so "../x" can be tested).</summary>
    public static string TarGz(string path, IEnumerable<(string Name, byte[] Content)> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in entries)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        return path;
    }

    public static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);

    /// <summary>Lines of a Zhang-format CSV that has no newline inside fields (true of AG News and Yelp: newlines are escaped), with the class index read by prefix.</summary>
    public static List<(int Class, string Line)> ZhangLines(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => (l[1] - '0', l))];
}
