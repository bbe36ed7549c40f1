using System.Net;
using System.Security.Cryptography;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class DownloaderTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

    /// <summary>Serves fixed bytes (or fails) without a network.</summary>
    private sealed class FakeHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return respond();
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }

    private static RemoteFile File(string? md5) => new("Thing", "https://example.invalid/thing.bin", "thing.bin", md5, "a thing/ folder");

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new ByteArrayContent(Payload) };

    private sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];
        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public void Downloads_verifies_md5_and_reports_progress()
    {
        using var dir = new TempDir();
        var handler = new FakeHandler(Ok);
        var progress = new Recorder();
        var downloader = new Downloader(new HttpClient(handler), progress: progress);
        var md5 = Convert.ToHexStringLower(MD5.HashData(Payload));

        var path = downloader.Fetch(File(md5), dir.Combine("sub"));
        Assert.Equal(dir.Combine("sub", "thing.bin"), path);
        Assert.Equal(Payload, System.IO.File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Combine("sub")));   // no temp file left
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);

        downloader.Fetch(File(md5), dir.Combine("sub"));          // present: not fetched again
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public void Wrong_md5_leaves_nothing_behind()
    {
        using var dir = new TempDir();
        var downloader = new Downloader(new HttpClient(new FakeHandler(Ok)));
        var error = Assert.Throws<DataException>(() => downloader.Fetch(File(new string('0', 32)), dir.Path));
        Assert.Contains("expected 00000000000000000000000000000000", error.Message);
        Assert.StartsWith("Thing not found: put thing.bin (https://example.invalid/thing.bin, md5 0000", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Network_failure_says_what_to_put_where()
    {
        using var dir = new TempDir();
        var downloader = new Downloader(new HttpClient(new FakeHandler(() => throw new HttpRequestException("no route to host"))));
        var error = Assert.Throws<DataException>(() => downloader.Fetch(File(null), dir.Path));
        Assert.Equal($"Thing not found: put thing.bin (https://example.invalid/thing.bin) or a thing/ folder into {dir.Path}{Path.DirectorySeparatorChar} (download failed: no route to host)", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));

        var notFound = new Downloader(new HttpClient(new FakeHandler(() => new HttpResponseMessage(HttpStatusCode.NotFound))));
        Assert.Contains("404", Assert.Throws<DataException>(() => notFound.Fetch(File(null), dir.Path)).Message);
    }

    [Fact]
    public void Offline_never_calls_the_network()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<DataException>(() => Downloader.Offline.Fetch(File(null), dir.Path));
        Assert.DoesNotContain("download failed", error.Message);
        Assert.False(Directory.Exists(dir.Combine("thing.bin")));
    }

    [Fact]
    public void Size_and_md5_of_the_first_mib_are_checked_when_published()
    {
        using var dir = new TempDir();
        var big = Enumerable.Range(0, RemoteFile.HeadBytes + 300_000).Select(i => (byte)(i * 13 + i / 7)).ToArray();
        var downloader = new Downloader(new HttpClient(new FakeHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(big) })));
        var head = Convert.ToHexStringLower(MD5.HashData(big.AsSpan(0, RemoteFile.HeadBytes)));
        var whole = Convert.ToHexStringLower(MD5.HashData(big));
        Assert.NotEqual(head, whole);

        var wrongHead = File(null) with { Size = big.Length, HeadMd5 = whole };   // the whole file's md5 is not the head's
        Assert.Contains($"md5 {head} of its first MiB, expected {whole}", Assert.Throws<DataException>(() => downloader.Fetch(wrongHead, dir.Path)).Message);
        Assert.Empty(Directory.GetFiles(dir.Path));

        var wrongSize = File(null) with { Size = big.Length - 1, HeadMd5 = head };
        Assert.Contains($"{big.Length:N0} bytes, expected {big.Length - 1:N0}", Assert.Throws<DataException>(() => downloader.Fetch(wrongSize, dir.Path)).Message);
        Assert.Empty(Directory.GetFiles(dir.Path));

        var path = downloader.Fetch(File(whole) with { Size = big.Length, HeadMd5 = head }, dir.Path);
        Assert.Equal(big, System.IO.File.ReadAllBytes(path));
    }

    [Fact]
    public void Ag_news_and_yelp_archives_carry_their_published_checksums_and_a_changed_archive_is_refused()
    {
        Assert.Equal((11_784_419L, "b86f328f4dbd072486591cb7a5644dcd"), (AgNewsDataset.Instance.Archive.Size, AgNewsDataset.Instance.Archive.HeadMd5));
        var yelp = YelpPolarityDataset.Instance.Archive;
        Assert.Equal(("0f09b3af1a79c136ef9ca5f29df9ed9a", 166_373_201L, "48c8451c1ad30472334d856b5d294807"), (yelp.Md5, yelp.Size, yelp.HeadMd5));

        // Something else served at the real URL (here: the fixture's CSVs in a .tgz) is refused before extraction, and nothing is left.
        using var dir = new TempDir();
        var archive = DataFiles.TarGz(dir.Combine("served.tgz"),
            [("ag_news_csv/train.csv", System.IO.File.ReadAllBytes(TestData.Fixture("ag_news", "ag_news_csv", "train.csv"))),
             ("ag_news_csv/test.csv", System.IO.File.ReadAllBytes(TestData.Fixture("ag_news", "ag_news_csv", "test.csv")))]);
        var bytes = System.IO.File.ReadAllBytes(archive);
        var downloader = new Downloader(new HttpClient(new FakeHandler(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) })));
        var error = Assert.Throws<DataException>(() => AgNewsDataset.Load(dir.Combine("data"), new DataHparams(), downloader));
        Assert.Contains($"{bytes.Length:N0} bytes, expected 11,784,419", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Combine("data", "ag_news")));
    }
}
