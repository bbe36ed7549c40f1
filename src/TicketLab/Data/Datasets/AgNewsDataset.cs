namespace TicketLab.Data;

/// <summary>AG News (Zhang et al. 2015): 4 topics, 120,000 train (→ 84,000 train + 36,000 validation by default) and 7,600 test; text = title + " " + description.</summary>
public static class AgNewsDataset
{
    public const string Name = "ag_news";
    public const string TrainMd5 = "b1a00f826fdfbd249f79597b59e1dc12";
    public const string TestMd5 = "d52ea96a97a2d943681189a97654912d";

    public static ZhangCsvDataset Instance { get; } = new(
        Name, "AG News", "ag_news_csv",
        new RemoteFile("AG News", "https://s3.amazonaws.com/fast-ai-nlp/ag_news_csv.tgz", "ag_news_csv.tgz",
            Md5: null, // no whole-file md5 of this archive is published; the extracted CSVs are checked against TrainMd5/TestMd5 by `ticketlab datasets`
            Alternative: "an extracted ag_news_csv/ folder (train.csv, test.csv, classes.txt) or Hugging Face train-*.parquet/test-*.parquet",
            // Size and md5 of the first MiB as published for this URL in fastai's fastai/data/checks.txt.
            Size: 11_784_419, HeadMd5: "b86f328f4dbd072486591cb7a5644dcd"),
        ["World", "Sports", "Business", "Sci/Tech"],
        textFields: 2, ZhangCsv.UnescapeAgNews, TrainMd5, TestMd5);

    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Instance.Load(dataDir, h, downloader);
}
