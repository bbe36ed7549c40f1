namespace TicketLab.Data;

/// <summary>Finds a dataset by name and returns it numericalised, from the cache when the source and settings are unchanged.</summary>
/// <remarks>Named datasets: imdb, ag_news, yelp_polarity, review_polarity, ag_news_test_as_corpus (reduced). A user's own data:
/// csv:PATH, tsv:PATH, jsonl:PATH (columns etc. from <see cref="DataHparams"/>), folder:PATH (class subfolders, or a .tar.gz of them),
/// parquet:PATH (Hugging Face train-*/test-*.parquet).</remarks>
public static class DatasetRegistry
{
    private sealed record Named(
        string Description,
        Func<string, DataHparams, Downloader?, DatasetSplits> Load,
        Func<string, DataHparams, string, BasicEnglishTokenizer, Downloader?, EncodedDataset> LoadEncoded,
        Func<string, IReadOnlyList<string>> Checks);

    private static readonly Dictionary<string, Named> Datasets = new(StringComparer.OrdinalIgnoreCase)
    {
        [ImdbDataset.Name] = new("IMDb movie reviews (Maas et al. 2011), 25,000 train + 25,000 test",
            LoadImdb, LoadImdbEncoded, dir => ImdbChecks(dir)),
        [AgNewsDataset.Name] = new("AG News topics (Zhang et al. 2015), 120,000 train + 7,600 test",
            (dir, h, d) => AgNewsDataset.Instance.Load(dir, h, d),
            (dir, h, cache, t, d) => AgNewsDataset.Instance.LoadEncoded(dir, h, cache, t, d),
            dir => ZhangChecks(AgNewsDataset.Instance, AgNewsDataset.Instance.Locate(dir), 120_000, 7_600, train: true)),
        [YelpPolarityDataset.Name] = new("Yelp review polarity (Zhang et al. 2015), 560,000 train + 38,000 test",
            (dir, h, d) => YelpPolarityDataset.Instance.Load(dir, h, d),
            (dir, h, cache, t, d) => YelpPolarityDataset.Instance.LoadEncoded(dir, h, cache, t, d),
            dir => ZhangChecks(YelpPolarityDataset.Instance, YelpPolarityDataset.Instance.Locate(dir), 560_000, 38_000, train: true)),
        [ReviewPolarityDataset.Name] = new("Movie review polarity v2.0 (Pang & Lee 2004), 2,000 reviews, test held out",
            ReviewPolarityDataset.Load, ReviewPolarityDataset.LoadEncoded,
            dir => [ArchiveCheck(ReviewPolarityDataset.Locate(dir), ReviewPolarityDataset.Archive.Md5!, "the original", "2,000 reviews")]),
        [AgNewsTestAsCorpusDataset.Name] = new("REDUCED AG News: the 7,600-row test set re-split into train/validation/test",
            AgNewsTestAsCorpusDataset.Load, AgNewsTestAsCorpusDataset.LoadEncoded,
            dir => ZhangChecks(AgNewsDataset.Instance, AgNewsTestAsCorpusDataset.Locate(dir), 120_000, 7_600, train: false)),
    };

    /// <summary>Prefixes of a user's own data: "csv:PATH" and so on.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["csv", "tsv", "jsonl", "folder", "parquet"];

    /// <summary>Names accepted by <see cref="LoadEncoded"/>: the named datasets, then the prefixed forms ("csv:PATH", …).</summary>
    public static IReadOnlyCollection<string> Names => [.. Datasets.Keys, .. Prefixes.Select(p => p + ":PATH")];

    /// <summary>The named datasets only (those <see cref="Describe"/> reports on).</summary>
    public static IReadOnlyCollection<string> NamedDatasets => Datasets.Keys;

    /// <summary>Checks a name before anything is read, so a typo fails at once: a known name, or a prefix with an existing path.</summary>
    public static void Validate(string name)
    {
        if (Datasets.ContainsKey(name)) return;
        if (SplitPrefix(name) is not var (prefix, path))
            throw new DataException($"unknown dataset '{name}'; known datasets: {string.Join(", ", Names)}");
        if (path.Length == 0) throw new DataException($"dataset '{name}' names no path; write {prefix}:PATH.");
        bool exists = prefix is "folder" or "parquet" ? Directory.Exists(path) || (prefix == "folder" && File.Exists(path)) : File.Exists(path);
        if (!exists) throw new DataException($"dataset '{name}': {Path.GetFullPath(path)} does not exist; check the path after '{prefix}:'.");
    }

    /// <summary>The dataset's splits as texts (no encoding, no cache); <paramref name="downloader"/> null = offline.</summary>
    public static DatasetSplits Load(DataHparams h, string dataDir, Downloader? downloader = null)
    {
        Validate(h.Dataset);
        if (Datasets.TryGetValue(h.Dataset, out var named))
        {
            RejectTableOptions(h);
            return named.Load(dataDir, h, downloader);
        }
        var (prefix, path) = SplitPrefix(h.Dataset)!.Value;
        return prefix switch
        {
            "folder" => ClassFolderDataset.Load(h.Dataset, path, h),
            "parquet" => ParquetDataset.Load(h.Dataset, ParquetDataset.Find(path), h),
            _ => TableDataset.Load(h.Dataset, TableSource.From(FormatOf(prefix), path, h), h),
        };
    }

    public static EncodedDataset LoadEncoded(DataHparams h, string dataDir, Downloader downloader)
    {
        Validate(h.Dataset);
        string cache = DataDirectory.CacheDirectory();
        var tokenizer = new BasicEnglishTokenizer();
        if (Datasets.TryGetValue(h.Dataset, out var named))
        {
            RejectTableOptions(h);
            return named.LoadEncoded(dataDir, h, cache, tokenizer, downloader);
        }
        var (prefix, path) = SplitPrefix(h.Dataset)!.Value;
        return prefix switch
        {
            "folder" => ClassFolderDataset.LoadEncoded(h.Dataset, path, h, cache, tokenizer),
            "parquet" => ParquetDataset.LoadEncoded(h.Dataset, ParquetDataset.Find(path), h, cache, tokenizer),
            _ => TableDataset.LoadEncoded(h.Dataset, TableSource.From(FormatOf(prefix), path, h), h, cache, tokenizer),
        };
    }

    /// <summary>For `ticketlab datasets`: every named dataset, read offline from <paramref name="dataDir"/> with the default split settings.</summary>
    public static IReadOnlyList<DatasetInfo> Describe(string dataDir)
    {
        var infos = new List<DatasetInfo>();
        foreach (var (name, named) in Datasets)
        {
            try
            {
                var splits = named.Load(dataDir, new DataHparams(Dataset: name), null);
                int k = splits.ClassNames.Count;
                var checks = named.Checks(dataDir);
                infos.Add(new DatasetInfo(name, named.Description, true, LocationOf(name, dataDir), splits.ClassNames,
                    [SplitInfo.Of("train", splits.Train, k), SplitInfo.Of("validation", splits.Validation, k), SplitInfo.Of("test", splits.Test, k)],
                    checks, splits.Skipped));
            }
            catch (DataException e)
            {
                infos.Add(new DatasetInfo(name, named.Description, false, e.Message, [], [], []));
            }
        }
        return infos;
    }

    // ---- prefixed names ----

    internal static (string Prefix, string Path)? SplitPrefix(string name)
    {
        int colon = name.IndexOf(':');
        if (colon <= 0) return null;
        var prefix = name[..colon].ToLowerInvariant();
        return Prefixes.Contains(prefix) ? (prefix, name[(colon + 1)..]) : null;
    }

    private static TableFormat FormatOf(string prefix) => prefix switch
    {
        "tsv" => TableFormat.Tsv,
        "jsonl" => TableFormat.Jsonl,
        _ => TableFormat.Csv,
    };

    private static void RejectTableOptions(DataHparams h)
    {
        if (h.TextColumns is not null || h.LabelColumn is not null || h.NoHeader || h.TestFile is not null)
            throw new DataException($"--text-column, --label-column, --no-header and --test-file are for csv:/tsv:/jsonl:/parquet: data, not the named dataset '{h.Dataset}'.");
    }

    // ---- IMDb: the canonical archive or folder first, then Hugging Face parquet, then a download ----

    private static string? CanonicalImdb(string dataDir) =>
        new[] { Path.Combine(dataDir, ImdbDataset.Name), dataDir }
            .SelectMany(d => new[] { Path.Combine(d, ImdbDataset.Archive.FileName), Path.Combine(d, "aclImdb") })
            .FirstOrDefault(Path.Exists);

    private static HuggingFaceParquet.Files? ImdbParquet(string dataDir) =>
        CanonicalImdb(dataDir) is null ? HuggingFaceParquet.Find(Path.Combine(dataDir, ImdbDataset.Name)) : null;

    private static DatasetSplits LoadImdb(string dataDir, DataHparams h, Downloader? downloader) =>
        ImdbParquet(dataDir) is { } parquet
            ? ParquetDataset.Load(ImdbDataset.Name, parquet, h, ImdbDataset.ClassNames)
            : ImdbDataset.Load(dataDir, h, downloader);

    private static EncodedDataset LoadImdbEncoded(string dataDir, DataHparams h, string cache, BasicEnglishTokenizer tokenizer, Downloader? downloader) =>
        ImdbParquet(dataDir) is { } parquet
            ? ParquetDataset.LoadEncoded(ImdbDataset.Name, parquet, h, cache, tokenizer, ImdbDataset.ClassNames)
            : ImdbDataset.LoadEncoded(dataDir, h, cache, tokenizer, downloader);

    private static IReadOnlyList<string> ImdbChecks(string dataDir)
    {
        if (ImdbParquet(dataDir) is { } parquet) return [ParquetCheck(parquet)];
        return [ArchiveCheck(ImdbDataset.Locate(dataDir), ImdbDataset.Archive.Md5!, "Stanford's", "12,500 reviews in each of train/test × neg/pos")];
    }

    /// <summary>A cheap identity of the raw data <paramref name="h"/> names (paths, sizes and modification times, plus the loader's
    /// options) for caches keyed without reading it; null when it is not on disk yet.</summary>
    internal static string? SourceIdentity(DataHparams h, string dataDir)
    {
        try
        {
            if (Datasets.ContainsKey(h.Dataset)) return DataOptionsKey.Identity(h, LocationOf(h.Dataset, dataDir));
            if (SplitPrefix(h.Dataset) is not var (_, path)) return null;
            return DataOptionsKey.Identity(h, h.TestFile is null ? [path] : [path, h.TestFile]);
        }
        catch (DataException) { return null; } // missing: the loader downloads it or says what is wrong
    }

    // ---- file checks for Describe ----

    private static string LocationOf(string name, string dataDir) => name switch
    {
        ImdbDataset.Name => ImdbParquet(dataDir)?.Folder ?? ImdbDataset.Locate(dataDir),
        AgNewsDataset.Name => AgNewsDataset.Instance.Locate(dataDir).Path,
        YelpPolarityDataset.Name => YelpPolarityDataset.Instance.Locate(dataDir).Path,
        ReviewPolarityDataset.Name => ReviewPolarityDataset.Locate(dataDir),
        AgNewsTestAsCorpusDataset.Name => AgNewsTestAsCorpusDataset.Locate(dataDir).Path,
        _ => dataDir,
    };

    /// <summary>An archive's md5 against the published one; a different md5 on an archive that read correctly is a repack, not an error.</summary>
    private static string ArchiveCheck(string path, string publishedMd5, string whose, string structure)
    {
        if (!File.Exists(path)) return $"{Path.GetFileName(path)}/: extracted folder, structure ok ({structure}); no md5 to compare";
        var md5 = FileMd5.Of(path);
        return md5 == publishedMd5
            ? $"{Path.GetFileName(path)}: md5 {md5} matches {whose}"
            : $"{Path.GetFileName(path)}: structure ok ({structure}), md5 differs from {whose} (repack): {md5} vs {publishedMd5}";
    }

    private static IReadOnlyList<string> ZhangChecks(ZhangCsvDataset d, ZhangCsvDataset.Source source, int trainRows, int testRows, bool train)
    {
        if (source.Parquet is { } parquet) return [ParquetCheck(parquet)];
        var checks = new List<string>();
        foreach (var (file, md5, rows) in new[] { ("train.csv", d.TrainMd5, trainRows), ("test.csv", d.TestMd5, testRows) })
        {
            if (file == "train.csv" && !train) continue;
            var path = Path.Combine(source.CsvFolder!, file);
            var actual = FileMd5.Of(path);
            checks.Add(md5 is null
                ? $"{file}: no published md5 (md5 {actual}); the canonical file has {rows:N0} rows"
                : actual == md5 ? $"{file}: md5 {actual} matches the canonical file"
                : $"{file}: md5 {actual} DIFFERS from the canonical {md5}; not the published file");
        }
        return checks;
    }

    private static string ParquetCheck(HuggingFaceParquet.Files parquet) =>
        $"Hugging Face parquet in {parquet.Folder}: {parquet.Train.Count} train + {parquet.Test.Count} test shard(s); no md5 to compare";
}
