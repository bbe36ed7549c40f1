using System.Text;
using System.Text.Unicode;

namespace TicketLab.Data;

/// <summary>A folder of class subfolders, one text file per example (like Pang &amp; Lee's <c>txt_sentoken/{neg,pos}/</c>), on disk or
/// inside a .tar.gz / .tgz: class = the name of the file's folder, classes sorted ordinal; a test share is held out (TestFraction).</summary>
/// <remarks>Examples are the most deeply nested files; their folders are the classes and must have the same parent, anywhere below
/// the given folder or archive root. Files higher up (README, …) and hidden files are ignored. Texts are UTF-8 (a byte-order mark is dropped).</remarks>
public static class ClassFolderDataset
{
    /// <summary>The corpus, all examples with label = index in the class list, sorted by <see cref="TextExample.Source"/> ("parent/class/file").</summary>
    public static (IReadOnlyList<TextExample> Examples, IReadOnlyList<string> ClassNames) Read(string path, BadRows bad)
    {
        var files = new List<(string Entry, byte[] Bytes)>();
        if (IsArchive(path)) SafeTarGz.ForEachFile(path, (name, data) =>
        {
            if (Hidden(name)) return;
            var bytes = new MemoryStream();
            data.CopyTo(bytes);
            files.Add((name, bytes.ToArray()));
        });
        else if (Directory.Exists(path))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
            foreach (var full in Directory.EnumerateFiles(path, "*", options))
            {
                var entry = Path.GetRelativePath(path, full).Replace('\\', '/');
                if (Hidden(entry)) continue;
                files.Add((entry, DelimitedReader.ReadAllBytes(full)));
            }
        }
        else throw new DataException($"{path} is neither a folder nor a .tar.gz/.tgz archive; point folder: at a folder of class subfolders.");

        // Examples are the deepest files; their folders are the classes and must share one parent (READMEs higher up are ignored).
        int depth = files.Count == 0 ? 0 : files.Max(f => f.Entry.Count(ch => ch == '/'));
        var inFolders = depth == 0 ? [] : files.Where(f => f.Entry.Count(ch => ch == '/') == depth).ToList();
        var parents = inFolders.Select(f => ParentOf(ParentOf(f.Entry))).Distinct(StringComparer.Ordinal).ToList();
        if (inFolders.Count == 0)
            throw new DataException($"{path} has no class subfolders with files in them; expected {path}/<class>/<example file>.");
        if (parents.Count > 1)
            throw new DataException($"{path}: class folders under different parents ({string.Join(", ", parents.Take(4).Select(p => p.Length == 0 ? "(top)" : p + "/"))}); point folder: at the folder that holds the class folders.");
        var classNames = inFolders.Select(f => Path.GetFileName(ParentOf(f.Entry))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (classNames.Count < 2)
            throw new DataException($"{path} has one class folder ({classNames[0]}); a classifier needs at least two.");

        var examples = new List<TextExample>(inFolders.Count);
        foreach (var (entry, bytes) in inFolders.OrderBy(f => f.Entry, StringComparer.Ordinal))
        {
            var where = IsArchive(path) ? $"{path}:{entry}" : Path.Combine(path, entry);
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var span = bytes.AsSpan(start);
            if (!Utf8.IsValid(span)) { bad.Report(where, null, $"invalid UTF-8 at line {LineOfFirstInvalid(span)}; save the file as UTF-8"); continue; }
            var text = Encoding.UTF8.GetString(span);
            if (string.IsNullOrWhiteSpace(text)) { bad.Report(where, null, "empty text"); continue; }
            examples.Add(new TextExample(text, classNames.IndexOf(Path.GetFileName(ParentOf(entry))), entry));
        }
        return (examples, classNames);
    }

    /// <summary>Reads and splits: test = TestFraction (default 0.2) of each class, validation = ValidationFraction of the rest.</summary>
    public static DatasetSplits Load(string name, string path, DataHparams h)
    {
        var bad = new BadRows(h.SkipBadRows);
        var (examples, classNames) = Read(path, bad);
        return bad.AttachTo(HeldOutTestSplit.FromCorpus(name, examples, classNames, h));
    }

    public static EncodedDataset LoadEncoded(string name, string path, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer) =>
        EncodedDatasetCache.LoadOrBuild(name, DataOptionsKey.Identity(h, path), h, cacheDir, tokenizer, () => Load(name, path, h));

    public static bool IsArchive(string path) =>
        File.Exists(path) && (path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase));

    private static bool Hidden(string entry) => entry.Split('/').Any(s => s.StartsWith('.'));

    private static string ParentOf(string entry)
    {
        int slash = entry.LastIndexOf('/');
        return slash < 0 ? "" : entry[..slash];
    }

    private static int LineOfFirstInvalid(ReadOnlySpan<byte> bytes)
    {
        Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return bytes[..read].Count((byte)'\n') + 1;
    }
}
