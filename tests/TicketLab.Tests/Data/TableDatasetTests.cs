using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>A user's own CSV/TSV/JSONL data: columns by name or index, labels of any form, test file or held-out test share.</summary>
public sealed class TableDatasetTests
{
    private static DatasetSplits Load(string name, DataHparams? h = null) =>
        DatasetRegistry.Load((h ?? new DataHparams()) with { Dataset = name }, dataDir: "/nonexistent");

    /// <summary>n rows per label, text "row i label l", as CSV with a header id,label,text.</summary>
    private static string Csv(IEnumerable<string> labels, int perLabel) =>
        "id,label,text\n" + string.Concat(labels.SelectMany(l => Enumerable.Range(0, perLabel).Select(i => $"{i},{l},\"row {i}, label {l}\"\n")));

    [Fact]
    public void Csv_with_header_holds_out_a_stratified_test_share_and_orders_string_labels_ordinally()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.csv"), Csv(["spam", "ham", "Eggs"], 20));
        var splits = Load($"csv:{path}", new DataHparams(TestFraction: 0.25, ValidationFraction: 0.2));

        Assert.Equal(["Eggs", "ham", "spam"], splits.ClassNames);
        Assert.Equal($"csv:{path}", splits.Name);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(5, splits.Test.Count(e => e.Label == c));          // 25 % of 20
            Assert.Equal(3, splits.Validation.Count(e => e.Label == c));    // 20 % of the other 15
            Assert.Equal(12, splits.Train.Count(e => e.Label == c));
        }
        var all = splits.Train.Concat(splits.Validation).Concat(splits.Test).ToList();
        Assert.All(all, e => Assert.EndsWith($"label {splits.ClassNames[e.Label]}", e.Text));
        Assert.Equal(60, all.Select(e => e.Source).Distinct().Count());
    }

    [Fact]
    public void Integer_labels_are_ordered_numerically_and_columns_can_be_indexes_joined_with_a_space()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.csv"), "10,a,b\n2,c,d\n1,e,f\n2,g,h\n10,i,j\n1,k,l\n");
        var splits = Load($"csv:{path}", new DataHparams(NoHeader: true, LabelColumn: "1", TextColumns: "3,2", TestFraction: 0.5, ValidationFraction: 0));
        Assert.Equal(["1", "2", "10"], splits.ClassNames);
        var texts = splits.Train.Concat(splits.Test).ToDictionary(e => e.Text, e => splits.ClassNames[e.Label]);
        Assert.Equal("10", texts["b a"]);
        Assert.Equal("1", texts["l k"]);

        // No header and no columns given: label = column 1, text = all the others.
        var defaults = Load($"csv:{path}", new DataHparams(NoHeader: true, TestFraction: 0.5, ValidationFraction: 0));
        Assert.Contains(defaults.Train.Concat(defaults.Test), e => e.Text == "a b");
    }

    [Fact]
    public void Integer_labels_equal_as_numbers_are_one_class_but_text_labels_are_compared_as_text()
    {
        using var dir = new TempDir();
        var numeric = DataFiles.Write(dir.Combine("n.csv"), Csv(["1", "01", " +1", "2", "002"], 4));
        var splits = Load($"csv:{numeric}", new DataHparams(TestFraction: 0.25, ValidationFraction: 0));
        Assert.Equal(["1", "2"], splits.ClassNames);
        var all = splits.Train.Concat(splits.Test).ToList();
        Assert.Equal(12, all.Count(e => e.Label == 0));   // 1, 01 and +1
        Assert.Equal(8, all.Count(e => e.Label == 1));    // 2 and 002

        // A test file's 02 is the training file's 2.
        var test = DataFiles.Write(dir.Combine("t.csv"), "id,label,text\n0,02,x\n1,1,y\n");
        var withTest = Load($"csv:{numeric}", new DataHparams(TestFile: test, ValidationFraction: 0));
        Assert.Equal([1, 0], withTest.Test.Select(e => e.Label));

        // Once a label is not an integer, 01 and 1 are different strings and so different classes.
        var mixed = DataFiles.Write(dir.Combine("m.csv"), Csv(["1", "01", "pos"], 4));
        Assert.Equal(["01", "1", "pos"], Load($"csv:{mixed}", new DataHparams(TestFraction: 0.25, ValidationFraction: 0)).ClassNames);
    }

    [Fact]
    public void A_huge_single_line_file_gives_a_short_error_line()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("one-line.csv"), string.Concat(Enumerable.Repeat("word ", 1_000_000)));   // 5 MB, no newline
        var error = Assert.Throws<DataException>(() => Load($"csv:{path}"));
        Assert.StartsWith($"{path}: no label column 'label' (columns: 'word word", error.Message);
        Assert.Matches(@"… \(5,000,0\d\d characters\)", error.Message);   // the quoted header, cut
        Assert.InRange(error.Message.Length, 100, 200 + 250 + path.Length);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Tsv_is_not_quoted_and_jsonl_reads_keys()
    {
        using var dir = new TempDir();
        var tsv = DataFiles.Write(dir.Combine("d.tsv"), "sentence\tlabel\n\"quoted\" start\t1\nplain\t0\nmore \"x\t1\nfour\t0\n");
        var fromTsv = Load($"tsv:{tsv}", new DataHparams(TextColumns: "sentence", TestFraction: 0.5, ValidationFraction: 0));
        Assert.Contains(fromTsv.Train.Concat(fromTsv.Test), e => e.Text == "\"quoted\" start");
        Assert.Contains(fromTsv.Train.Concat(fromTsv.Test), e => e.Text == "more \"x");

        var jsonl = DataFiles.Write(dir.Combine("d.jsonl"),
            "{\"title\":\"T1\",\"body\":\"B1\",\"stars\":5}\n\n{\"title\":\"T2\",\"body\":\"B2\",\"stars\":1}\r\n{\"title\":\"T3\",\"body\":\"line\\nbreak\",\"stars\":5}\n{\"title\":\"T4\",\"body\":\"B4\",\"stars\":1}\n");
        var fromJsonl = Load($"jsonl:{jsonl}", new DataHparams(TextColumns: "title,body", LabelColumn: "stars", TestFraction: 0.5, ValidationFraction: 0));
        Assert.Equal(["1", "5"], fromJsonl.ClassNames);
        var all = fromJsonl.Train.Concat(fromJsonl.Test).ToList();
        Assert.Contains(all, e => e.Text == "T3 line\nbreak" && e.Label == 1 && e.Source == "d.jsonl:4");
    }

    [Fact]
    public void A_test_file_is_used_as_the_test_split_and_its_unknown_labels_are_errors()
    {
        using var dir = new TempDir();
        var train = DataFiles.Write(dir.Combine("train.csv"), Csv(["neg", "pos"], 10));
        var test = DataFiles.Write(dir.Combine("test.csv"), "id,label,text\n1,pos,good\n2,neg,bad\n");
        var splits = Load($"csv:{train}", new DataHparams(TestFile: test));
        Assert.Equal(["good", "bad"], splits.Test.Select(e => e.Text));
        Assert.Equal([1, 0], splits.Test.Select(e => e.Label));
        Assert.Equal(20, splits.Train.Count + splits.Validation.Count);

        DataFiles.Write(test, "id,label,text\n1,pos,good\n2,neutral,meh\n");
        var error = Assert.Throws<DataException>(() => Load($"csv:{train}", new DataHparams(TestFile: test)));
        Assert.StartsWith($"{test}:3: field 2 ('label'): unknown label 'neutral'", error.Message);
        Assert.Throws<DataException>(() => Load($"csv:{train}", new DataHparams(TestFile: test, TestFraction: 0.2)));
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "1,a,x\n2,b\n", "9", "2 fields, expected 3" },
        { "1,a,x\n2,b,\"  \"\n", "9: field 3 ('text')", "empty text" },
        { "1,a,x\n2,,y\n", "9: field 2 ('label')", "empty label" },
        { "1,a,x\n2,b,\"never closed\n3,a,z\n", "9: field 3 ('text')", "never closed" },   // runs to the end of the file
        { "1,a,x\n2,b,\"stray\"quote\n", "9: field 3 ('text')", "text after the closing quote" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void A_bad_row_fails_naming_file_line_and_field_unless_asked_to_skip(string content, string lineAndField, string problem)
    {
        using var dir = new TempDir();
        var good = string.Concat(Enumerable.Range(0, 6).Select(i => $"9{i},{(i % 2 == 0 ? "a" : "b")},fine {i}\n"));
        var path = DataFiles.Write(dir.Combine("d.csv"), "id,label,text\n" + good + content);   // the bad row is on line 9
        var error = Assert.Throws<DataException>(() => Load($"csv:{path}"));
        Assert.StartsWith($"{path}:{lineAndField}", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("--skip-bad-rows", error.Message);

        var skipped = Load($"csv:{path}", new DataHparams(SkipBadRows: true));
        Assert.Equal(1, skipped.Skipped);
        Assert.StartsWith($"{path}:{lineAndField}", Assert.Single(skipped.SkipNotes!));
        Assert.Equal(7, skipped.Train.Count + skipped.Validation.Count + skipped.Test.Count);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_line_and_field_and_can_be_skipped()
    {
        using var dir = new TempDir();
        var bytes = DataFiles.Utf8("label,text\na,fine\nb,caf").Concat(new byte[] { 0xE9, (byte)'\n' })
            .Concat(DataFiles.Utf8("a,ok\nb,fine too\na,x\nb,y\n")).ToArray();
        var path = DataFiles.Write(dir.Combine("latin1.csv"), bytes);
        var error = Assert.Throws<DataException>(() => Load($"csv:{path}"));
        Assert.StartsWith($"{path}:3: field 2 ('text'): invalid UTF-8 at byte 3", error.Message);
        Assert.Equal(1, Load($"csv:{path}", new DataHparams(SkipBadRows: true)).Skipped);
    }

    [Fact]
    public void A_missing_column_fails_even_when_skipping_bad_rows()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.csv"), "label,review\na,x\nb,y\n");
        var error = Assert.Throws<DataException>(() => Load($"csv:{path}", new DataHparams(SkipBadRows: true)));
        Assert.Equal($"{path}: no text column 'text' (columns: 'label', 'review'); set --text-column to a name or a 1-based index.", error.Message);
        var noHeader = Assert.Throws<DataException>(() => Load($"csv:{path}", new DataHparams(NoHeader: true, TextColumns: "5")));
        Assert.Contains("columns 1 to 2 (no header)", noHeader.Message);
    }

    [Fact]
    public void A_bad_jsonl_line_names_its_line()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.jsonl"), "{\"text\":\"a\",\"label\":0}\n{\"text\":\"b\",\"label\":1}\n{\"text\": broken\n{\"label\":1}\n{\"text\":\"c\",\"label\":0}\n{\"text\":\"d\",\"label\":1}\n");
        var error = Assert.Throws<DataException>(() => Load($"jsonl:{path}"));
        Assert.StartsWith($"{path}:3: not valid JSON", error.Message);
        var skipped = Load($"jsonl:{path}", new DataHparams(SkipBadRows: true));
        Assert.Equal(2, skipped.Skipped);
        Assert.StartsWith($"{path}:4: field 'text': missing", skipped.SkipNotes![1]);
    }

    [Fact]
    public void Encoded_cache_key_follows_the_column_settings()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.csv"), "a,b,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"alpha{i},beta{i},{i % 2}\n")));
        var tokenizer = new BasicEnglishTokenizer();
        EncodedDataset Encode(string columns)
        {
            var h = new DataHparams(Dataset: $"csv:{path}", TextColumns: columns);
            return TableDataset.LoadEncoded(h.Dataset, TableSource.From(TableFormat.Csv, path, h), h, dir.Combine("cache"), tokenizer);
        }
        var a = Encode("a");
        var b = Encode("b");
        Assert.Contains(a.Vocab.Tokens, t => t.StartsWith("alpha"));
        Assert.DoesNotContain(a.Vocab.Tokens, t => t.StartsWith("beta"));
        Assert.DoesNotContain(b.Vocab.Tokens, t => t.StartsWith("alpha"));
        Assert.Equal(2, Directory.GetFiles(dir.Combine("cache", "encoded")).Length);
        Assert.Equal(a.Vocab.Tokens, Encode("a").Vocab.Tokens);
        Assert.Equal(2, Directory.GetFiles(dir.Combine("cache", "encoded")).Length);
    }
}
