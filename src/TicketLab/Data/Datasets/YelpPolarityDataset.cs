namespace TicketLab.Data;

/// <summary>Yelp review polarity (Zhang et al. 2015): 560,000 train (→ 392,000 train + 168,000 validation by default) and 38,000 test; class 1/2 → negative/positive.</summary>
public static class YelpPolarityDataset
{
    public const string Name = "yelp_polarity";

    public static ZhangCsvDataset Instance { get; } = new(
        Name, "Yelp polarity", "yelp_review_polarity_csv",
        new RemoteFile("Yelp polarity", "https://s3.amazonaws.com/fast-ai-nlp/yelp_review_polarity_csv.tgz", "yelp_review_polarity_csv.tgz",
            // md5 as published for this URL in DAI-Lab/fibber's dataset table (fibber/datasets/downloadable_datasets.py); size and md5 of
            // the first MiB as published in fastai's fastai/data/checks.txt. (torchtext's 620c8ae4… is for its Google Drive copy.)
            Md5: "0f09b3af1a79c136ef9ca5f29df9ed9a",
            Alternative: "an extracted yelp_review_polarity_csv/ folder (train.csv, test.csv) or Hugging Face train-*.parquet/test-*.parquet",
            Size: 166_373_201, HeadMd5: "48c8451c1ad30472334d856b5d294807"),
        ["negative", "positive"],
        textFields: 1, ZhangCsv.UnescapeBackslashN);

    public static DatasetSplits Load(string dataDir, DataHparams h, Downloader? downloader = null) => Instance.Load(dataDir, h, downloader);
}
