using System.Net;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>Names, validation, downloads of the Zhang archives, and `Describe` over the shared data folder.</summary>
public sealed class DatasetRegistryTests
{
    [Fact]
    public void Knows_every_named_dataset_and_prefix()
    {
        Assert.Equal(["imdb", "ag_news", "yelp_polarity", "review_polarity", "ag_news_test_as_corpus"], DatasetRegistry.NamedDatasets);
        foreach (var p in new[] { "csv", "tsv", "jsonl", "folder", "parquet" }) Assert.Contains($"{p}:PATH", DatasetRegistry.Names);
        foreach (var n in DatasetRegistry.NamedDatasets) DatasetRegistry.Validate(n);
    }

    [Fact]
    public void Validate_rejects_unknown_names_and_missing_paths_before_reading()
    {
        Assert.StartsWith("unknown dataset 'agnews'", Assert.Throws<DataException>(() => DatasetRegistry.Validate("agnews")).Message);
        Assert.Contains("does not exist", Assert.Throws<DataException>(() => DatasetRegistry.Validate("csv:/no/such/file.csv")).Message);
        Assert.Contains("names no path", Assert.Throws<DataException>(() => DatasetRegistry.Validate("folder:")).Message);
        Assert.Contains("not the named dataset", Assert.Throws<DataException>(
            () => DatasetRegistry.Load(new DataHparams(Dataset: "review_polarity", TextColumns: "2"), TestData.Fixtures)).Message);
    }

    [Fact]
    public void A_downloaded_archive_is_extracted_into_the_data_dir_and_read()
    {
        using var dir = new TempDir();
        var fixture = TestData.Fixture("yelp_polarity", "yelp_review_polarity_csv");
        var archive = DataFiles.TarGz(dir.Combine("served.tgz"),
        [
            ("yelp_review_polarity_csv/train.csv", File.ReadAllBytes(Path.Combine(fixture, "train.csv"))),
            ("yelp_review_polarity_csv/test.csv", File.ReadAllBytes(Path.Combine(fixture, "test.csv"))),
        ]);
        string? requested = null;
        var client = new HttpClient(new Serve(File.ReadAllBytes(archive), url => requested = url));
        var data = dir.Combine("data");
        // The real archive's checksums would refuse this small one (DownloaderTests); the same dataset with its checks cleared reads it.
        var real = YelpPolarityDataset.Instance;
        var unchecked_ = new ZhangCsvDataset(real.Name, real.DisplayName, real.FolderName, real.Archive with { Md5 = null, Size = null, HeadMd5 = null },
            real.ClassNames, textFields: 1, ZhangCsv.UnescapeBackslashN);
        var splits = unchecked_.Load(data, new DataHparams(Dataset: "yelp_polarity"), new Downloader(client));

        Assert.Equal(YelpPolarityDataset.Instance.Archive.Url, requested);
        Assert.Equal(DataFiles.ZhangLines(Path.Combine(fixture, "test.csv")).Count, splits.Test.Count);
        Assert.True(File.Exists(Path.Combine(data, "yelp_polarity", "yelp_review_polarity_csv", "train.csv")));
    }

    /// <summary>On the shared folder's layout: full IMDb (a repack), AG News test.csv only, no Yelp train.csv, the original review polarity.</summary>
    [SkippableFact]
    public void Describe_reports_location_split_balance_and_checks_per_dataset()
    {
        var shared = TestData.Require(Path.Combine("imdb", "aclImdb_v1.tar.gz"), Path.Combine("ag_news", "ag_news_csv", "test.csv"),
            Path.Combine("review_polarity", "review_polarity.tar.gz"));
        var infos = DatasetRegistry.Describe(shared).ToDictionary(i => i.Name);
        Assert.Equal(DatasetRegistry.NamedDatasets.Order(), infos.Keys.Order());

        var imdb = infos["imdb"];
        Assert.True(imdb.Found);
        Assert.Equal(SharedImdb.Raw.Test.Count, imdb.Splits.Single(s => s.Name == "test").Count);
        Assert.Equal(ImdbDataset.ClassNames.Select((_, c) => SharedImdb.Raw.Train.Count(e => e.Label == c)), imdb.Splits.Single(s => s.Name == "train").PerClass);
        Assert.Contains("structure ok", imdb.Checks.Single());
        Assert.Contains("md5 differs from Stanford's (repack)", imdb.Checks.Single());

        var reduced = infos[AgNewsTestAsCorpusDataset.Name];
        Assert.True(reduced.Found);
        Assert.Equal(DataFiles.ZhangLines(Path.Combine(shared, "ag_news", "ag_news_csv", "test.csv")).Count, reduced.Splits.Sum(s => s.Count));
        Assert.Equal($"test.csv: md5 {AgNewsDataset.TestMd5} matches the canonical file", reduced.Checks.Single());

        Assert.False(infos["ag_news"].Found);
        Assert.Contains("put ag_news_csv.tgz", infos["ag_news"].Location);
        Assert.False(infos["yelp_polarity"].Found);
        Assert.Contains("matches the original", infos["review_polarity"].Checks.Single());
    }

    [Fact]
    public void Describe_on_an_empty_folder_says_where_each_dataset_goes_and_writes_nothing()
    {
        using var dir = new TempDir();
        var infos = DatasetRegistry.Describe(dir.Path);
        Assert.All(infos, i => Assert.False(i.Found));
        Assert.All(infos, i => Assert.Contains(dir.Path, i.Location));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    private sealed class Serve(byte[] body, Action<string> seen) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen(request.RequestUri!.ToString());
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
