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
}
