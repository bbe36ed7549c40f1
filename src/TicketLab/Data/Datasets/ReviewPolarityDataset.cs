namespace TicketLab.Data;

/// <summary>Pang &amp; Lee's movie review polarity dataset v2.0 (ACL 2004): 1,000 negative + 1,000 positive reviews, no official split,
/// so test = TestFraction (default 20 %) of each class, validation = ValidationFraction of the rest, all seeded by SplitSeed.</summary>
public static class ReviewPolarityDataset
{
    public const string Name = "review_polarity";
    public const int ReviewsPerClass = 1_000;

    public static IReadOnlyList<string> ClassNames { get; } = ["neg", "pos"];

    public static RemoteFile Archive { get; } = new(
        "Movie review polarity v2.0",
        "https://www.cs.cornell.edu/people/pabo/movie-review-data/review_polarity.tar.gz",
        "review_polarity.tar.gz",
        "c2b896ed657c84fde6957be09e10bdc3",
        "an extracted txt_sentoken/ folder");

    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Read(Locate(dataDir, downloader), h);

    public static EncodedDataset LoadEncoded(string dataDir, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer, Downloader? downloader = null)
    {
        var source = Locate(dataDir, downloader);
        return EncodedDatasetCache.LoadOrBuild(Name, DataOptionsKey.Identity(h, source), h, cacheDir, tokenizer, () => Read(source, h));
    }

    /// <summary>The archive or the extracted txt_sentoken/ folder in &lt;dir&gt;/review_polarity/, then &lt;dir&gt;/; downloads when allowed.</summary>
    public static string Locate(string dataDir, Downloader? downloader = null)
    {
        var home = Path.Combine(dataDir, Name);
        foreach (var dir in new[] { home, dataDir })
        {
            var archive = Path.Combine(dir, Archive.FileName);
            if (File.Exists(archive)) return archive;
            var folder = Path.Combine(dir, "txt_sentoken");
            if (Directory.Exists(folder)) return folder;
        }
        return (downloader ?? Downloader.Offline).Fetch(Archive, home);
    }

    private static DatasetSplits Read(string source, DataHparams h)
    {
        var bad = new BadRows(h.SkipBadRows);
        var (examples, classNames) = ClassFolderDataset.Read(source, bad);
        if (!classNames.SequenceEqual(ClassNames))
            throw new DataException($"{source} has class folders {string.Join(", ", classNames)}, expected txt_sentoken/neg and txt_sentoken/pos; is this review_polarity.tar.gz v2.0?");
        for (int label = 0; label < ClassNames.Count; label++)
        {
            int n = examples.Count(e => e.Label == label);
            if (n + bad.Count < ReviewsPerClass || n > ReviewsPerClass)
                throw new DataException($"{source} has {n:N0} reviews in {ClassNames[label]}/, expected {ReviewsPerClass:N0}: the copy is incomplete or not v2.0; download it again from {Archive.Url}.");
        }
        return bad.AttachTo(HeldOutTestSplit.FromCorpus(Name, examples, ClassNames, h));
    }
}
