namespace TicketLab.Data;

/// <summary>The IMDb movie-review sentiment dataset (Maas et al. 2011): 25,000 train + 25,000 test reviews, neg = 0, pos = 1.</summary>
public static class ImdbDataset
{
    public const string Name = "imdb";
    public const int ReviewsPerFolder = 12_500;   // in each of train/pos, train/neg, test/pos, test/neg
    private const string RootName = "aclImdb";

    public static IReadOnlyList<string> ClassNames { get; } = ["neg", "pos"];
    private static readonly string[] Splits = ["train", "test"];

    /// <summary>The official archive. The data folder may hold it, a repack with the same layout, or the extracted folder.</summary>
    public static RemoteFile Archive { get; } = new(
        "IMDb",
        "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
        "aclImdb_v1.tar.gz",
        "7c2ac02c03563afcf9b574c7e56c153a",
        "an extracted aclImdb/ folder");

    /// <summary>Reads IMDb from <paramref name="dataDir"/> and splits it: validation = ValidationFraction of each class of the
    /// official train half (seeded by SplitSeed), test = the official test half; Max*Examples take stratified subsets.
    /// <paramref name="downloader"/> is used when no copy is found; null = offline: a missing copy is a <see cref="DataException"/> saying where to put it.</summary>
    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) =>
        Load(dataDir, h, downloader, ReviewsPerFolder);

    /// <summary>As <see cref="Load(string, DataHparams, Downloader?)"/>, but checks for <paramref name="reviewsPerFolder"/> files per folder (small test fixtures).</summary>
    internal static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader, int reviewsPerFolder)
        => Split(Read(Locate(dataDir, downloader), reviewsPerFolder), h);

    /// <summary>The encoded dataset from the cache when its source file and hparams are unchanged (no reading or tokenising), else built and cached.</summary>
    public static EncodedDataset LoadEncoded(string dataDir, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer,
                                             Downloader? downloader = null)
    {
        var source = Locate(dataDir, downloader);
        return EncodedDatasetCache.LoadOrBuild(Name, SourceFingerprint.Of(source), h, cacheDir, tokenizer,
            () => Split(Read(source, ReviewsPerFolder), h));
    }

    /// <summary>The archive or extracted folder to read: &lt;dir&gt;/imdb/ first, then &lt;dir&gt;/ itself; downloads into &lt;dir&gt;/imdb/ when allowed.</summary>
    public static string Locate(string dataDir, Downloader? downloader = null)
    {
        var imdbDir = Path.Combine(dataDir, Name);
        foreach (var dir in new[] { imdbDir, dataDir })
        {
            var archive = Path.Combine(dir, Archive.FileName);
            if (File.Exists(archive)) return archive;
            var folder = Path.Combine(dir, RootName);
            if (Directory.Exists(folder)) return folder;
        }
        return (downloader ?? Downloader.Offline).Fetch(Archive, imdbDir);
    }

    private static DatasetSplits Split(IReadOnlyDictionary<string, IReadOnlyList<TextExample>> raw, DataHparams h) =>
        StratifiedSplit.FromTrainTest(Name, raw["train"], raw["test"], ClassNames, h);

    private static IReadOnlyDictionary<string, IReadOnlyList<TextExample>> Read(string source, int reviewsPerFolder)
    {
        bool isArchive = File.Exists(source);
        var raw = isArchive
            ? ClassFolderReader.ReadTarGz(source, RootName, Splits, ClassNames)
            : ClassFolderReader.ReadFolder(source, Splits, ClassNames);

        foreach (var split in Splits)
            for (int label = 0; label < ClassNames.Count; label++)
            {
                int n = raw[split].Count(e => e.Label == label);
                if (n == reviewsPerFolder) continue;
                var fix = isArchive
                    ? $"the archive is incomplete or not IMDb; download it again from {Archive.Url}"
                    : "the folder is incomplete; extract the archive again";
                throw new DataException($"{source} has {n:N0} reviews in {RootName}/{split}/{ClassNames[label]}/, expected {reviewsPerFolder:N0}: {fix}.");
            }
        return raw;
    }
}
