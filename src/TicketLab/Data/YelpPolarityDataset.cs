namespace TicketLab.Data;

/// <summary>Yelp review polarity (Zhang et al. 2015): 560,000 train (→ 392,000 train + 168,000 validation by default) and 38,000 test; class 1/2 → negative/positive.</summary>
public static class YelpPolarityDataset
{
    public const string Name = "yelp_polarity";

    public static ZhangCsvDataset Instance { get; } = new(
        Name, "Yelp polarity", "yelp_review_polarity_csv",
        new RemoteFile("Yelp polarity", "https://s3.amazonaws.com/fast-ai-nlp/yelp_review_polarity_csv.tgz", "yelp_review_polarity_csv.tgz",
            Md5: null, // no published md5 for the mirror or the CSVs; `ticketlab datasets` checks row and class counts instead
            Alternative: "an extracted yelp_review_polarity_csv/ folder (train.csv, test.csv) or Hugging Face train-*.parquet/test-*.parquet"),
        ["negative", "positive"],
        textFields: 1, ZhangCsv.UnescapeBackslashN);

    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Instance.Load(dataDir, h, downloader);
}
