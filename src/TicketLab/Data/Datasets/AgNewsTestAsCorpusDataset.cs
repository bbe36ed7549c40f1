namespace TicketLab.Data;

/// <summary>Reduced AG News for machines without the 120,000-row train.csv: the real 7,600-row test set is the whole corpus,
/// split stratified and seeded into test (TestFraction, default 20 %), validation (ValidationFraction of the rest) and train.</summary>
/// <remarks>Its <see cref="DatasetSplits.Name"/> says it is reduced, so results are never mistaken for AG News numbers.</remarks>
public static class AgNewsTestAsCorpusDataset
{
    public const string Name = "ag_news_test_as_corpus";
    public const string Label = Name + " (REDUCED: AG News test set only, re-split)";

    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Read(Locate(dataDir, downloader), h);

    public static EncodedDataset LoadEncoded(string dataDir, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer, Downloader? downloader = null)
    {
        var source = Locate(dataDir, downloader);
        return EncodedDatasetCache.LoadOrBuild(Name, DataOptionsKey.Identity(h, source.Path), h, cacheDir, tokenizer, () => Read(source, h));
    }

    public static ZhangCsvDataset.Source Locate(string dataDir, Downloader? downloader = null) => AgNewsDataset.Instance.LocateTest(dataDir, downloader);

    private static DatasetSplits Read(ZhangCsvDataset.Source source, DataHparams h)
    {
        var bad = new BadRows(h.SkipBadRows);
        var (_, test, names) = AgNewsDataset.Instance.ReadTrainTest(source, bad, requireTrain: false);
        return bad.AttachTo(HeldOutTestSplit.FromCorpus(Label, test, names, h));
    }
}
