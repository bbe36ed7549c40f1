using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace TicketLab.Data;

/// <summary>Reads the class-folder layout <c>&lt;root&gt;/&lt;split&gt;/&lt;class&gt;/*.txt</c> from a folder or, streamed, from a .tar.gz; label = index in the class list.</summary>
/// <remarks>Both sources give the same examples: <see cref="TextExample.Source"/> is the archive-style path
/// <c>root/split/class/file.txt</c> and each split is sorted by it (ordinal).</remarks>
public static class ClassFolderReader
{
    /// <summary>Reads <paramref name="rootDir"/>/split/class/*.txt for every split and class; a missing class folder is a <see cref="DataException"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TextExample>> ReadFolder(
        string rootDir, IReadOnlyList<string> splits, IReadOnlyList<string> classNames)
    {
        string rootName = Path.GetFileName(Path.TrimEndingDirectorySeparator(rootDir));
        var files = new List<(string Path, string Source, int Label, string Split)>();
        foreach (var split in splits)
            for (int label = 0; label < classNames.Count; label++)
            {
                var dir = Path.Combine(rootDir, split, classNames[label]);
                if (!Directory.Exists(dir))
                    throw new DataException($"{dir} is missing: {LayoutHint(rootDir, splits, classNames)}; extract the archive again or point --data-dir elsewhere.");
                var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive, IgnoreInaccessible = false };
                foreach (var path in Directory.EnumerateFiles(dir, "*.txt", options))
                    files.Add((path, $"{rootName}/{split}/{classNames[label]}/{Path.GetFileName(path)}", label, split));
            }

        var texts = new string[files.Count];
        DataException? error = null; // reported as itself, not wrapped in an AggregateException
        Parallel.For(0, files.Count, (i, state) =>
        {
            try { texts[i] = Decode(File.ReadAllBytes(files[i].Path)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.CompareExchange(ref error, new DataException(
                    $"Cannot read {files[i].Path}: {e.Message.ReplaceLineEndings(" ")}; check its permissions or extract the dataset again.", e), null);
                state.Stop();
            }
        });
        if (error is not null) throw error;
        return Group(splits, Enumerable.Range(0, files.Count).Select(i => (files[i].Split, new TextExample(texts[i], files[i].Label, files[i].Source))));
    }

    /// <summary>Reads the layout under the top folder <paramref name="rootName"/> (e.g. "aclImdb") from a gzip-compressed tarball
    /// without extracting it; other entries are skipped, entries that would escape the folder are refused.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TextExample>> ReadTarGz(
        string archivePath, string rootName, IReadOnlyList<string> splits, IReadOnlyList<string> classNames)
    {
        FileStream file;
        try { file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open {archivePath}: {e.Message.ReplaceLineEndings(" ")}; check that it exists and is readable.", e);
        }
        using (file)
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            return ReadTar(gzip, archivePath, rootName, splits, classNames);
    }

    /// <summary>Reads the layout from an uncompressed tar stream; <paramref name="archiveName"/> is used in messages.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TextExample>> ReadTar(
        Stream tar, string archiveName, string rootName, IReadOnlyList<string> splits, IReadOnlyList<string> classNames)
    {
        var found = new List<(string Split, TextExample Example)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string lastEntry = "(start)";
        try
        {
            using var reader = new TarReader(tar, leaveOpen: true);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                lastEntry = entry.Name;
                string name = SafeName(entry.Name, archiveName);
                if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    SafeName(entry.LinkName, archiveName);
                if (!Match(name, rootName, splits, classNames, out var split, out var label)) continue;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                    throw new DataException($"{archiveName}: entry {name} is a {entry.EntryType}, not a regular file; use an archive with plain files.");
                if (!seen.Add(name))
                    throw new DataException($"{archiveName}: entry {name} appears twice; get a clean copy of the archive.");
                found.Add((split, new TextExample(Decode(ReadAll(entry)), label, name)));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            throw new DataException($"{archiveName} is damaged or truncated (near entry {lastEntry}: {e.Message.ReplaceLineEndings(" ")}); download it again.", e);
        }
        return Group(splits, found);
    }

    /// <summary>The entry name without a leading "./"; absolute names and ".." segments are refused, since they would escape the folder.</summary>
    private static string SafeName(string name, string archiveName)
    {
        var n = name.Replace('\\', '/');
        if (n.StartsWith('/') || Path.IsPathRooted(name) || (n.Length >= 2 && n[1] == ':')
            || n.Split('/').Any(s => s == ".."))
            throw new DataException($"{archiveName}: entry '{name}' points outside the dataset folder; refusing to read this archive, get a clean copy.");
        while (n.StartsWith("./", StringComparison.Ordinal)) n = n[2..];
        return n;
    }

    private static bool Match(string name, string rootName, IReadOnlyList<string> splits, IReadOnlyList<string> classNames,
                              out string split, out int label)
    {
        split = "";
        label = -1;
        var parts = name.Split('/');
        if (parts.Length != 4 || parts[0] != rootName || !parts[3].EndsWith(".txt", StringComparison.Ordinal)) return false;
        int s = IndexOf(splits, parts[1]);
        label = IndexOf(classNames, parts[2]);
        if (s < 0 || label < 0) return false;
        split = splits[s];
        return true;
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++)
            if (string.Equals(list[i], item, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static byte[] ReadAll(TarEntry entry)
    {
        if (entry.DataStream is null || entry.Length == 0) return [];
        var bytes = new byte[checked((int)entry.Length)];
        entry.DataStream.ReadExactly(bytes);
        return bytes;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // UTF-8, with a byte-order mark dropped so folder and archive copies of a file read the same.
    private static string Decode(byte[] bytes)
    {
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Utf8.GetString(bytes, start, bytes.Length - start);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<TextExample>> Group(
        IReadOnlyList<string> splits, IEnumerable<(string Split, TextExample Example)> examples)
    {
        var bySplit = splits.ToDictionary(s => s, _ => new List<TextExample>(), StringComparer.Ordinal);
        foreach (var (split, example) in examples) bySplit[split].Add(example);
        foreach (var list in bySplit.Values) list.Sort((a, b) => string.CompareOrdinal(a.Source, b.Source));
        return bySplit.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<TextExample>)kv.Value, StringComparer.Ordinal);
    }

    private static string LayoutHint(string rootDir, IReadOnlyList<string> splits, IReadOnlyList<string> classNames) =>
        $"expected {rootDir}/{{{string.Join(",", splits)}}}/{{{string.Join(",", classNames)}}}/*.txt";
}
