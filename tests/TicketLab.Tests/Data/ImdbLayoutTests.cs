using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>Where IMDb may be, and what happens when it is broken, on small hand-made copies in the canonical layout.</summary>
public sealed class ImdbLayoutTests
{
    private static readonly DataHparams H = new(ValidationFraction: 0.25);

    private static DatasetSplits Load(string dataDir) =>
        ImdbDataset.Load(dataDir, H, downloader: null, reviewsPerFolder: ImdbFixture.PerFolder);

    [Fact]
    public void Folder_and_tarball_give_the_same_examples()
    {
        using var dir = new TempDir();
        var files = ImdbFixture.Files();
        ImdbFixture.WriteTarGz(dir.Combine("tar", "imdb", "aclImdb_v1.tar.gz"), files);
        ImdbFixture.WriteFolder(dir.Combine("folder", "imdb"), files);

        var fromTar = Load(dir.Combine("tar"));
        var fromFolder = Load(dir.Combine("folder"));

        Assert.Equal(fromTar.Train, fromFolder.Train);
        Assert.Equal(fromTar.Validation, fromFolder.Validation);
        Assert.Equal(fromTar.Test, fromFolder.Test);
        Assert.Equal(18, fromTar.Train.Count);            // 24 official train files − 25 %
        Assert.Equal(6, fromTar.Validation.Count);
        Assert.Equal(24, fromTar.Test.Count);
        var expected = files.First(f => f.Path == "aclImdb/test/pos/3_8.txt");
        var read = fromTar.Test.Single(e => e.Source == expected.Path);
        Assert.Equal(expected.Text, read.Text);
        Assert.Equal(1, read.Label);
    }

    [Fact]
    public void Also_accepts_the_archive_or_folder_directly_in_the_data_dir()
    {
        using var dir = new TempDir();
        var files = ImdbFixture.Files();
        ImdbFixture.WriteTarGz(dir.Combine("a", "aclImdb_v1.tar.gz"), files);
        ImdbFixture.WriteFolder(dir.Combine("b"), files);
        Assert.Equal(Load(dir.Combine("a")).Test, Load(dir.Combine("b")).Test);
    }

    [Fact]
    public void Missing_data_says_which_file_to_put_where()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<DataException>(() => ImdbDataset.Load(dir.Path, H));
        var imdbDir = Path.Combine(dir.Path, "imdb") + Path.DirectorySeparatorChar;
        Assert.Equal(
            $"IMDb not found: put aclImdb_v1.tar.gz (https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz, md5 7c2ac02c03563afcf9b574c7e56c153a) or an extracted aclImdb/ folder into {imdbDir}",
            error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));   // nothing written
    }

    [Fact]
    public void Truncated_archive_is_reported_with_its_path()
    {
        using var dir = new TempDir();
        var good = dir.Combine("good.tar.gz");
        ImdbFixture.WriteTarGz(good, ImdbFixture.Files());
        var bytes = File.ReadAllBytes(good);
        Assert.True(bytes.Length > 16 * 1024, $"fixture is only {bytes.Length} bytes");

        // Inside the gzip header, inside the tar stream at 8 KB and halfway, and just before the end.
        foreach (int keep in new[] { 10, 8 * 1024, bytes.Length / 2, bytes.Length - 100 })
        {
            var archive = dir.Combine($"cut{keep}", "imdb", "aclImdb_v1.tar.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            File.WriteAllBytes(archive, bytes[..keep]);
            var error = Assert.Throws<DataException>(() => Load(dir.Combine($"cut{keep}")));
            Assert.Contains(archive, error.Message);
            Assert.Contains("again", error.Message);
        }
    }

    [Fact]
    public void Wrong_file_counts_are_reported()
    {
        using var dir = new TempDir();
        ImdbFixture.WriteTarGz(dir.Combine("imdb", "aclImdb_v1.tar.gz"), ImdbFixture.Files());
        var error = Assert.Throws<DataException>(() => ImdbDataset.Load(dir.Path, H));   // expects 12,500 per folder
        Assert.Contains("12 reviews in aclImdb/train/neg/, expected 12,500", error.Message);
    }

    [Fact]
    public void Folder_without_train_pos_is_reported()
    {
        using var dir = new TempDir();
        ImdbFixture.WriteFolder(dir.Combine("imdb"), ImdbFixture.Files().Where(f => !f.Path.StartsWith("aclImdb/train/pos/")));
        var error = Assert.Throws<DataException>(() => Load(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "imdb", "aclImdb", "train", "pos") + " is missing", error.Message);
        Assert.Contains("extract", error.Message);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("aclImdb/train/../../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    public void Entry_escaping_the_folder_is_rejected(string evil)
    {
        using var dir = new TempDir();
        var archive = dir.Combine("imdb", "aclImdb_v1.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "aclImdb/train/pos/0_9.txt") { DataStream = new MemoryStream("fine"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, evil) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("evil")) });
        }
        var error = Assert.Throws<DataException>(() => Load(dir.Path));
        Assert.Contains($"'{evil}' points outside", error.Message);
        Assert.Contains(archive, error.Message);
    }

    [Fact]
    public void Unreadable_review_file_is_reported()
    {
        using var dir = new TempDir();
        ImdbFixture.WriteFolder(dir.Path, ImdbFixture.Files());
        // A dangling link fails to read even for root, unlike a permission bit.
        var broken = dir.Combine("aclImdb", "test", "neg", "5_2.txt");
        File.Delete(broken);
        File.CreateSymbolicLink(broken, dir.Combine("nowhere.txt"));
        var error = Assert.Throws<DataException>(() => Load(dir.Path));
        Assert.StartsWith($"Cannot read {broken}", error.Message);
    }
}
