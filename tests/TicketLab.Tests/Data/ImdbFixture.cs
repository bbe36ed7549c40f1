using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace TicketLab.Tests.Data;

/// <summary>Small hand-made datasets in the canonical aclImdb layout, as a folder or a .tar.gz, for tests that must not read all of IMDb.</summary>
internal static class ImdbFixture
{
    public const int PerFolder = 12;
    public static readonly string[] Splits = ["train", "test"];
    public static readonly string[] Classes = ["neg", "pos"];

    /// <summary>(entry path, text) for every review file, deterministic; texts are long and varied so the archive does not compress to nothing.</summary>
    public static List<(string Path, string Text)> Files(int perFolder = PerFolder)
    {
        var random = new Random(42);
        string[] words = ["good", "bad", "movie", "film", "plot", "actor", "great", "awful", "boring", "fun", "the", "a", "and", "it's"];
        var files = new List<(string, string)>();
        foreach (var split in Splits)
            foreach (var cls in Classes)
                for (int i = 0; i < perFolder; i++)
                {
                    var text = new StringBuilder($"{split} {cls} review {i}. ");
                    for (int w = 0; w < 300; w++)
                        text.Append(words[random.Next(words.Length)]).Append(random.Next(5) == 0 ? $"{random.Next(100000)}, " : " ");
                    text.Append(split == "test" && i == 0 ? "onlyintest" : "end").Append("<br /><br />Fin!");
                    files.Add(($"aclImdb/{split}/{cls}/{i}_{(cls == "pos" ? 8 : 2)}.txt", text.ToString()));
                }
        return files;
    }

    /// <summary>Writes the files under <paramref name="dir"/> (so <c>dir/aclImdb/...</c>).</summary>
    public static void WriteFolder(string dir, IEnumerable<(string Path, string Text)> files)
    {
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new UTF8Encoding(false));
        }
    }

    /// <summary>Writes a gzip tarball holding the files (plus a README and directory entries, as the real one has).</summary>
    public static void WriteTarGz(string archivePath, IEnumerable<(string Path, string Text)> files)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(archivePath)!);
        using var file = File.Create(archivePath);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "aclImdb/"));
        tar.WriteEntry(Entry("aclImdb/README", "not a review"));
        foreach (var (path, text) in files) tar.WriteEntry(Entry(path, text));
    }

    private static GnuTarEntry Entry(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
}
