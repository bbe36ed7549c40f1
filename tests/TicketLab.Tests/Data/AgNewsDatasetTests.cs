using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>AG News from the shipped fixture (the first 300 train and 200 test rows of the canonical files) copied into temp layouts.</summary>
public sealed class AgNewsDatasetTests
{
    private static readonly string SharedTest = TestData.Fixture("ag_news", "ag_news_csv", "test.csv");
    private static readonly string SharedHead = TestData.Fixture("ag_news", "ag_news_csv", "train.csv");

    /// <summary>A data dir in the canonical layout with the head sample as train.csv.</summary>
    private static string CanonicalLayout(TempDir dir, string root = "ag_news/ag_news_csv")
    {
        DataFiles.Copy(SharedHead, dir.Combine(root, "train.csv"));
        DataFiles.Copy(SharedTest, dir.Combine(root, "test.csv"));
        DataFiles.Copy(TestData.Fixture("ag_news", "ag_news_csv", "classes.txt"), dir.Combine(root, "classes.txt"));
        return dir.Path;
    }

    [Fact]
    public void Reads_every_row_with_its_class_and_the_class_names_from_classes_txt()
    {
        using var dir = new TempDir();
        var splits = AgNewsDataset.Load(CanonicalLayout(dir), new DataHparams(Dataset: "ag_news"));

        var testLines = DataFiles.ZhangLines(SharedTest);
        var headLines = DataFiles.ZhangLines(SharedHead);
        Assert.Equal(testLines.Count, splits.Test.Count);
        Assert.Equal(headLines.Count, splits.Train.Count + splits.Validation.Count);
        Assert.Equal(testLines.Select(l => l.Class - 1), splits.Test.Select(e => e.Label));
        Assert.Equal(File.ReadAllLines(TestData.Fixture("ag_news", "ag_news_csv", "classes.txt")), splits.ClassNames);
        for (int c = 0; c < 4; c++)
        {
            int n = headLines.Count(l => l.Class == c + 1);
            Assert.Equal((int)Math.Round(0.3 * n, MidpointRounding.AwayFromZero), splits.Validation.Count(e => e.Label == c));
        }
    }

    [Fact]
    public void Text_is_title_space_description_with_backslash_dollar_a_dollar_and_other_backslashes_line_breaks()
    {
        using var dir = new TempDir();
        var test = AgNewsDataset.Load(CanonicalLayout(dir), new DataHparams()).Test;
        var lines = DataFiles.ZhangLines(SharedTest);
        int plain = 0, escaped = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Line;
            if (line.Contains("\"\"")) continue;  // rows with doubled quotes are checked by hand-made files
            var fields = line[1..^1].Split("\",\"");
            Assert.Equal(3, fields.Length);
            static string Unescape(string f) => f.Replace("\\$", "$").Replace('\\', '\n');
            Assert.Equal(Unescape(fields[1]) + " " + Unescape(fields[2]), test[i].Text);
            Assert.Equal($"ag_news_csv/test.csv:{i + 1}", test[i].Source);
            if (line.Contains('\\')) escaped++; else plain++;
        }
        Assert.True(plain > 50 && escaped > 5, $"{plain} plain and {escaped} escaped rows checked");
        Assert.DoesNotContain(test, e => e.Text.Contains('\\'));
    }

    [Fact]
    public void Doubled_quotes_commas_and_crlf_are_read_per_rfc_4180()
    {
        using var dir = new TempDir();
        var folder = dir.Combine("ag_news", "ag_news_csv");
        DataFiles.Write(Path.Combine(folder, "train.csv"), "\"1\",\"He said \"\"no\"\", twice\",\"a, b\\c \\$5\"\r\n\"2\",\"t\",\"d\"\n\"3\",\"t\",\"d\"\n\"4\",\"t\",\"d\"\n");
        DataFiles.Write(Path.Combine(folder, "test.csv"), "\"1\",\"x\",\"y\"\n\"2\",\"x\",\"y\"\n");
        var splits = AgNewsDataset.Load(dir.Path, new DataHparams(ValidationFraction: 0));
        Assert.Equal("He said \"no\", twice a, b\nc $5", splits.Train[0].Text);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], splits.ClassNames);   // no classes.txt: the published names
        Assert.Equal([0, 1, 2, 3], splits.Train.Select(e => e.Label));
    }

    [Fact]
    public void Also_found_directly_in_the_data_dir_and_the_split_depends_only_on_the_seed()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var one = AgNewsDataset.Load(CanonicalLayout(a), new DataHparams());
        var two = AgNewsDataset.Load(CanonicalLayout(b, "ag_news_csv"), new DataHparams());
        var other = AgNewsDataset.Load(b.Path, new DataHparams(SplitSeed: 7));
        Assert.Equal(one.Validation, two.Validation);
        Assert.NotEqual(one.Validation.Select(e => e.Source), other.Validation.Select(e => e.Source));
        Assert.Equal(one.Validation.Count, other.Validation.Count);
    }

    [Fact]
    public void Missing_train_csv_says_what_to_put_where_and_writes_nothing()
    {
        using var dir = new TempDir();
        DataFiles.Copy(SharedTest, dir.Combine("ag_news", "ag_news_csv", "test.csv"));
        var error = Assert.Throws<DataException>(() => AgNewsDataset.Load(dir.Path, new DataHparams()));
        Assert.StartsWith("AG News not found: put ag_news_csv.tgz (https://s3.amazonaws.com/fast-ai-nlp/ag_news_csv.tgz)", error.Message);
        Assert.Contains(dir.Combine("ag_news") + Path.DirectorySeparatorChar, error.Message);
        Assert.Contains("lacks train.csv", error.Message);
        Assert.Equal(["test.csv"], Directory.GetFiles(dir.Combine("ag_news", "ag_news_csv")).Select(Path.GetFileName));
        Assert.Equal([dir.Combine("ag_news", "ag_news_csv")], Directory.GetFileSystemEntries(dir.Combine("ag_news")));
    }

    [Fact]
    public void A_tgz_beside_the_folder_is_extracted_once_and_read()
    {
        using var dir = new TempDir();
        DataFiles.TarGz(dir.Combine("ag_news", "ag_news_csv.tgz"),
        [
            ("ag_news_csv/train.csv", File.ReadAllBytes(SharedHead)),
            ("ag_news_csv/test.csv", File.ReadAllBytes(SharedTest)),
        ]);
        var splits = AgNewsDataset.Load(dir.Path, new DataHparams());
        Assert.Equal(DataFiles.ZhangLines(SharedTest).Count, splits.Test.Count);
        Assert.Equal(File.ReadAllBytes(SharedTest), File.ReadAllBytes(dir.Combine("ag_news", "ag_news_csv", "test.csv")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(dir.Combine("ag_news")), p => Path.GetFileName(p).StartsWith('.'));
    }

    [Fact]
    public void Reduced_mode_resplits_the_real_test_set_and_says_so_in_its_name()
    {
        var h = new DataHparams(Dataset: AgNewsTestAsCorpusDataset.Name);
        var splits = AgNewsTestAsCorpusDataset.Load(TestData.Fixtures, h);
        var lines = DataFiles.ZhangLines(SharedTest);

        Assert.Contains("REDUCED", splits.Name);
        var all = splits.Train.Concat(splits.Validation).Concat(splits.Test).ToList();
        Assert.Equal(lines.Count, all.Count);
        Assert.Equal(lines.Count, all.Select(e => e.Source).Distinct().Count());   // disjoint, nothing lost
        for (int c = 0; c < 4; c++)
        {
            int n = lines.Count(l => l.Class == c + 1);
            int test = (int)Math.Round(0.2 * n, MidpointRounding.AwayFromZero);
            Assert.Equal(test, splits.Test.Count(e => e.Label == c));
            Assert.Equal((int)Math.Round(0.3 * (n - test), MidpointRounding.AwayFromZero), splits.Validation.Count(e => e.Label == c));
        }
        var again = AgNewsTestAsCorpusDataset.Load(TestData.Fixtures, h);
        Assert.Equal(splits.Test, again.Test);
        var otherFraction = AgNewsTestAsCorpusDataset.Load(TestData.Fixtures, h with { TestFraction = 0.5 });
        Assert.Equal(Enumerable.Range(1, 4).Sum(c => (int)Math.Round(0.5 * lines.Count(l => l.Class == c), MidpointRounding.AwayFromZero)), otherFraction.Test.Count);
    }
}
