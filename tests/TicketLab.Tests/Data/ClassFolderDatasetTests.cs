using System.Formats.Tar;
using System.IO.Compression;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>folder:PATH (class subfolders, on disk or in a .tar.gz) and the registered review_polarity (Pang &amp; Lee v2.0: the full original
/// archive where found, and the shipped 2 × 40-review cut of it).</summary>
public sealed class ClassFolderDatasetTests
{
    private static readonly string Sample = TestData.Fixture("review_polarity", "review_polarity_sample.tar.gz");

    private static (string Name, byte[] Content)[] Files(int perClass) =>
    [
        ("corpus/README", DataFiles.Utf8("not an example")),
        .. new[] { "neg", "pos", "mixed" }.SelectMany(c => Enumerable.Range(0, perClass).Select(i => ($"corpus/{c}/{i:D2}.txt", DataFiles.Utf8($"{c} example {i}")))),
    ];

    [Fact]
    public void Folder_and_tarball_give_the_same_examples_with_classes_from_folder_names()
    {
        using var dir = new TempDir();
        var files = Files(10);
        foreach (var (name, content) in files) DataFiles.Write(dir.Combine("disk", name), content);
        var archive = DataFiles.TarGz(dir.Combine("corpus.tar.gz"), files);

        var h = new DataHparams(TestFraction: 0.2, ValidationFraction: 0.25);
        var fromDisk = DatasetRegistry.Load(h with { Dataset = $"folder:{dir.Combine("disk", "corpus")}" }, dir.Path);
        var fromTar = DatasetRegistry.Load(h with { Dataset = $"folder:{archive}" }, dir.Path);
        var fromParent = DatasetRegistry.Load(h with { Dataset = $"folder:{dir.Combine("disk")}" }, dir.Path);   // class folders found one level down

        Assert.Equal(["mixed", "neg", "pos"], fromDisk.ClassNames);
        Assert.Equal(fromTar.Train.Select(e => (e.Text, e.Label)), fromDisk.Train.Select(e => (e.Text, e.Label)));
        Assert.Equal(fromTar.Test, fromParent.Test);
        Assert.All(fromTar.Train.Concat(fromTar.Validation).Concat(fromTar.Test), e => Assert.StartsWith(fromTar.ClassNames[e.Label] + " example", e.Text));
        Assert.Equal([6, 2, 2], new[] { fromTar.Train, fromTar.Validation, fromTar.Test }.Select(s => s.Count(e => e.Label == 0)));
    }

    [Fact]
    public void Unreadable_or_empty_files_name_the_file_and_can_be_skipped()
    {
        using var dir = new TempDir();
        var files = Files(5).Append(("corpus/pos/bad.txt", new byte[] { (byte)'o', (byte)'k', (byte)'\n', 0xFF })).Append(("corpus/neg/empty.txt", DataFiles.Utf8("  \n")));
        var archive = DataFiles.TarGz(dir.Combine("c.tgz"), files);
        var error = Assert.Throws<DataException>(() => DatasetRegistry.Load(new DataHparams(Dataset: $"folder:{archive}"), dir.Path));
        Assert.StartsWith($"{archive}:corpus/neg/empty.txt: empty text", error.Message);

        var skipped = DatasetRegistry.Load(new DataHparams(Dataset: $"folder:{archive}", SkipBadRows: true), dir.Path);
        Assert.Equal(2, skipped.Skipped);
        Assert.Contains($"{archive}:corpus/pos/bad.txt: invalid UTF-8 at line 2", skipped.SkipNotes!.Single(n => n.Contains("bad.txt")));
    }

    [Fact]
    public void Class_folders_under_different_parents_are_refused()
    {
        using var dir = new TempDir();
        DataFiles.Write(dir.Combine("a", "pos", "1.txt"), "x");
        DataFiles.Write(dir.Combine("b", "neg", "1.txt"), "y");
        var error = Assert.Throws<DataException>(() => DatasetRegistry.Load(new DataHparams(Dataset: $"folder:{dir.Path}"), dir.Path));
        Assert.Contains("class folders under different parents", error.Message);
    }

    [Fact]
    public void Real_reviews_in_a_tarball_read_as_a_folder_dataset_and_an_incomplete_review_polarity_is_refused()
    {
        var splits = DatasetRegistry.Load(new DataHparams(Dataset: $"folder:{Sample}", TestFraction: 0.25, ValidationFraction: 0), TestData.Fixtures);
        Assert.Equal(["neg", "pos"], splits.ClassNames);
        Assert.Equal([30, 30], new[] { 0, 1 }.Select(c => splits.Train.Count(e => e.Label == c)));
        Assert.Equal([10, 10], new[] { 0, 1 }.Select(c => splits.Test.Count(e => e.Label == c)));
        Assert.All(splits.Train.Concat(splits.Test), e => Assert.StartsWith($"txt_sentoken/{splits.ClassNames[e.Label]}/cv", e.Source));
        Assert.All(splits.Train, e => Assert.True(e.Text.Length > 500, e.Source));   // whole reviews, not lines

        using var dir = new TempDir();
        DataFiles.Copy(Sample, dir.Combine("review_polarity", "review_polarity.tar.gz"));
        var error = Assert.Throws<DataException>(() => DatasetRegistry.Load(new DataHparams(Dataset: ReviewPolarityDataset.Name), dir.Path));
        Assert.Contains("has 40 reviews in neg/, expected 1,000: the copy is incomplete or not v2.0", error.Message);
    }

    [SkippableFact]
    public void Review_polarity_reads_all_2000_reviews_of_the_original_archive()
    {
        var data = TestData.Require(Path.Combine("review_polarity", "review_polarity.tar.gz"));
        var pangLee = Path.Combine(data, "review_polarity", "review_polarity.tar.gz");
        // Count the archive's review entries independently of the reader.
        var perClass = new Dictionary<string, int>();
        using (var gzip = new GZipStream(File.OpenRead(pangLee), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
            while (tar.GetNextEntry() is { } entry)
                if (entry.EntryType == TarEntryType.RegularFile && entry.Name.Split('/') is ["txt_sentoken", var cls, _])
                    perClass[cls] = perClass.GetValueOrDefault(cls) + 1;

        var h = new DataHparams(Dataset: ReviewPolarityDataset.Name);
        var splits = DatasetRegistry.Load(h, data);
        Assert.Equal(["neg", "pos"], splits.ClassNames);
        for (int c = 0; c < 2; c++)
        {
            int n = perClass[splits.ClassNames[c]];
            int test = (int)Math.Round(0.2 * n, MidpointRounding.AwayFromZero);
            Assert.Equal(test, splits.Test.Count(e => e.Label == c));
            Assert.Equal(n - test, splits.Train.Count(e => e.Label == c) + splits.Validation.Count(e => e.Label == c));
        }
        Assert.All(splits.Test, e => Assert.StartsWith($"txt_sentoken/{splits.ClassNames[e.Label]}/cv", e.Source));
        Assert.Equal(splits.Test, DatasetRegistry.Load(h, data).Test);
        Assert.NotEqual(splits.Test.Select(e => e.Source), DatasetRegistry.Load(h with { SplitSeed = 5 }, data).Test.Select(e => e.Source));
    }

    [Fact]
    public void Archive_entries_that_escape_the_folder_are_refused_when_reading_and_extracting()
    {
        using var dir = new TempDir();
        var archive = DataFiles.TarGz(dir.Combine("evil.tar.gz"), [("c/pos/1.txt", DataFiles.Utf8("x")), ("../outside.txt", DataFiles.Utf8("y"))]);
        Assert.Contains("points outside", Assert.Throws<DataException>(() => ClassFolderDataset.Read(archive, new BadRows(skip: true))).Message);
        Assert.Contains("points outside", Assert.Throws<DataException>(() => SafeTarGz.Extract(archive, dir.Combine("x"))).Message);
        Assert.False(File.Exists(dir.Combine("outside.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Combine("x")));
    }
}
