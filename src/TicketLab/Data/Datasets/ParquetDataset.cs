using System.Globalization;

namespace TicketLab.Data;

/// <summary>Labelled texts from Hugging Face parquet shards (<see cref="HuggingFaceParquet"/>): the parquet:PATH names, and IMDb when only parquet is present.</summary>
/// <remarks>Class names come from the fixed list given, else from the files' Hugging Face ClassLabel metadata (label = index),
/// else from the label values (<see cref="ClassLabels"/>). Without test shards a test share is held out (TestFraction).</remarks>
public static class ParquetDataset
{
    public static DatasetSplits Load(string name, HuggingFaceParquet.Files files, DataHparams h, IReadOnlyList<string>? classNames = null)
    {
        var textColumn = h.TextColumns ?? "text";
        if (textColumn.Contains(','))
            throw new DataException($"{files.Folder}: parquet files are read with one text column, got '{textColumn}'; name one column.");
        var labelColumn = h.LabelColumn ?? "label";
        var bad = new BadRows(h.SkipBadRows);
        var train = HuggingFaceParquet.Read(files.Train, textColumn, labelColumn);
        var test = HuggingFaceParquet.Read(files.Test, textColumn, labelColumn);

        var names = classNames ?? HuggingFaceParquet.ClassNames(files.Train[0], labelColumn);
        ClassLabels? labels = null;
        if (names is null)
        {
            labels = ClassLabels.From(train.Select(r => r.Label).OfType<string>().Where(l => l.Length > 0 && l != "-1"));
            names = labels.Names;
        }
        if (names.Count < 2) throw new DataException($"{files.Folder}: fewer than two classes in column '{labelColumn}'; is it the label column?");

        List<TextExample> Convert(IReadOnlyList<HuggingFaceParquet.Row> rows)
        {
            var examples = new List<TextExample>(rows.Count);
            foreach (var r in rows)
            {
                int? id = labels is not null ? labels.IdOf(r.Label ?? "")
                    : int.TryParse(r.Label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int k) && k >= 0 && k < names.Count ? k : null;
                if (id is null) bad.Report(r.Source, $"'{labelColumn}'", $"unknown label '{MessageText.Shorten(r.Label ?? "null")}' (classes: {MessageText.Shorten(string.Join(", ", names.Take(20)))})");
                else if (string.IsNullOrWhiteSpace(r.Text)) bad.Report(r.Source, $"'{textColumn}'", "empty text");
                else examples.Add(new TextExample(r.Text, id.Value, r.Source));
            }
            return examples;
        }

        var corpus = Convert(train);
        var splits = files.Test.Count > 0
            ? StratifiedSplit.FromTrainTest(name, corpus, Convert(test), names, h)
            : HeldOutTestSplit.FromCorpus(name, corpus, names, h);
        return bad.AttachTo(splits);
    }

    public static EncodedDataset LoadEncoded(string name, HuggingFaceParquet.Files files, DataHparams h, string cacheDir,
                                             BasicEnglishTokenizer tokenizer, IReadOnlyList<string>? classNames = null) =>
        EncodedDatasetCache.LoadOrBuild(name, DataOptionsKey.Identity(h, [.. files.Train, .. files.Test]), h, cacheDir, tokenizer,
            () => Load(name, files, h, classNames));

    /// <summary>The shards under <paramref name="path"/>, or a <see cref="DataException"/> saying what is expected there.</summary>
    public static HuggingFaceParquet.Files Find(string path) =>
        HuggingFaceParquet.Find(path)
        ?? throw new DataException($"{path} holds no train-*.parquet (also looked in plain_text/ and data/); a Hugging Face export has train-*.parquet and test-*.parquet with 'text' and 'label' columns.");
}
