namespace TicketLab.Data;

/// <summary>A dataset of Zhang, Zhao &amp; LeCun's (2015) benchmark suite in its canonical layout <c>&lt;dataDir&gt;/&lt;name&gt;/&lt;folder&gt;/{train,test}.csv</c>
/// (also <c>&lt;dataDir&gt;/&lt;folder&gt;/</c>), its .tgz, or Hugging Face parquet shards in <c>&lt;dataDir&gt;/&lt;name&gt;/</c>; validation is held out of train.</summary>
public sealed class ZhangCsvDataset(
    string name, string displayName, string folderName, RemoteFile archive, IReadOnlyList<string> classNames,
    int textFields, Func<string, string> unescape, string? trainMd5 = null, string? testMd5 = null)
{
    public string Name { get; } = name;
    public string DisplayName { get; } = displayName;
    /// <summary>The folder the archive holds, e.g. "ag_news_csv".</summary>
    public string FolderName { get; } = folderName;
    public RemoteFile Archive { get; } = archive;
    /// <summary>Class names in label order (label = class index − 1); a classes.txt beside the CSVs must agree in count.</summary>
    public IReadOnlyList<string> ClassNames { get; } = classNames;
    public string? TrainMd5 { get; } = trainMd5;
    public string? TestMd5 { get; } = testMd5;

    /// <summary>Where the data was found: a folder holding the CSVs, or parquet shards.</summary>
    public sealed record Source(string? CsvFolder, HuggingFaceParquet.Files? Parquet)
    {
        public string Path => CsvFolder ?? Parquet!.Folder;
    }

    public DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Read(Locate(dataDir, downloader), h);

    public EncodedDataset LoadEncoded(string dataDir, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer, Downloader? downloader = null)
    {
        var source = Locate(dataDir, downloader);
        return EncodedDatasetCache.LoadOrBuild(Name, DataOptionsKey.Identity(h, source.Path), h, cacheDir, tokenizer, () => Read(source, h));
    }

    /// <summary>Official train → train + validation (ValidationFraction, seeded), official test → test.</summary>
    public DatasetSplits Read(Source source, DataHparams h)
    {
        var bad = new BadRows(h.SkipBadRows);
        var (train, test, names) = ReadTrainTest(source, bad, requireTrain: true);
        return bad.AttachTo(StratifiedSplit.FromTrainTest(Name, train, test, names, h));
    }

    internal (IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Test, IReadOnlyList<string> ClassNames) ReadTrainTest(
        Source source, BadRows bad, bool requireTrain)
    {
        if (source.CsvFolder is { } folder)
        {
            var names = ReadClassNames(folder);
            var csv = new ZhangCsv(textFields, names, unescape);
            var train = requireTrain ? csv.Read(System.IO.Path.Combine(folder, "train.csv"), bad) : [];
            return (train, csv.Read(System.IO.Path.Combine(folder, "test.csv"), bad), names);
        }
        var files = source.Parquet!;
        return (requireTrain ? FromParquet(files.Train, bad) : [], FromParquet(files.Test, bad), ClassNames);
    }

    /// <summary>The CSV folder (extracting a .tgz found beside it), else parquet shards in &lt;dir&gt;/&lt;name&gt;/, else a download when allowed.</summary>
    public Source Locate(string dataDir, Downloader? downloader = null) => Locate(dataDir, downloader, "train.csv", "test.csv");

    /// <summary>As <see cref="Locate(string, Downloader?)"/>, needing only test.csv (or test shards).</summary>
    internal Source LocateTest(string dataDir, Downloader? downloader = null) => Locate(dataDir, downloader, "test.csv");

    private Source Locate(string dataDir, Downloader? downloader, params string[] needed)
    {
        var home = System.IO.Path.Combine(dataDir, Name);
        string[] dirs = [home, dataDir];
        bool Complete(string folder) => needed.All(f => File.Exists(System.IO.Path.Combine(folder, f)));

        foreach (var dir in dirs)
            if (Complete(System.IO.Path.Combine(dir, FolderName))) return new Source(System.IO.Path.Combine(dir, FolderName), null);
        foreach (var dir in dirs)
        {
            var tgz = System.IO.Path.Combine(dir, Archive.FileName);
            if (!File.Exists(tgz)) continue;
            SafeTarGz.Extract(tgz, dir);
            if (Complete(System.IO.Path.Combine(dir, FolderName))) return new Source(System.IO.Path.Combine(dir, FolderName), null);
            throw new DataException($"{tgz} holds no {FolderName}/ with {string.Join(" and ", needed)}; download it again from {Archive.Url}.");
        }
        if (HuggingFaceParquet.Find(home) is { } parquet && (needed.Contains("train.csv") || parquet.Test.Count > 0))
        {
            if (parquet.Test.Count == 0)
                throw new DataException($"{parquet.Folder} has train-*.parquet but no test-*.parquet; put the test shards beside them.");
            return new Source(null, parquet);
        }

        string fetched;
        try { fetched = (downloader ?? Downloader.Offline).Fetch(Archive, home); }
        catch (DataException e) when (dirs.Select(d => System.IO.Path.Combine(d, FolderName)).FirstOrDefault(Directory.Exists) is { } partial)
        {
            var missing = needed.Where(f => !File.Exists(System.IO.Path.Combine(partial, f)));
            throw new DataException($"{e.Message} ({partial} exists but lacks {string.Join(" and ", missing)})", e);
        }
        SafeTarGz.Extract(fetched, home);
        var extracted = System.IO.Path.Combine(home, FolderName);
        if (Complete(extracted)) return new Source(extracted, null);
        throw new DataException($"{fetched} holds no {FolderName}/ with {string.Join(" and ", needed)}; delete it and download again from {Archive.Url}.");
    }

    private IReadOnlyList<string> ReadClassNames(string folder)
    {
        var path = System.IO.Path.Combine(folder, "classes.txt");
        if (!File.Exists(path)) return ClassNames;
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length != ClassNames.Count)
            throw new DataException($"{path} lists {lines.Length} classes, {DisplayName} has {ClassNames.Count}; this is not {DisplayName}'s classes.txt.");
        return lines;
    }

    private List<TextExample> FromParquet(IReadOnlyList<string> shards, BadRows bad)
    {
        var examples = new List<TextExample>();
        foreach (var row in HuggingFaceParquet.Read(shards))
        {
            if (!int.TryParse(row.Label, out int label) || label < 0 || label >= ClassNames.Count)
                bad.Report(row.Source, "label", $"label '{row.Label}' is not an integer from 0 to {ClassNames.Count - 1}");
            else if (string.IsNullOrWhiteSpace(row.Text))
                bad.Report(row.Source, "text", "empty text");
            else
                examples.Add(new TextExample(unescape(row.Text), label, row.Source));
        }
        return examples;
    }
}
