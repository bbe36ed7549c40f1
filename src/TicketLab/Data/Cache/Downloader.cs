using System.Security.Cryptography;

namespace TicketLab.Data;

/// <summary>Fetches a <see cref="RemoteFile"/> into a folder: temp file, md5 check, rename on success; offline it says exactly what to put where.</summary>
public sealed class Downloader
{
    private readonly HttpClient? _client;
    private readonly IProgress<double>? _progress;

    /// <summary>A downloader that never touches the network (tests, air-gapped machines).</summary>
    public static Downloader Offline { get; } = new(allowDownload: false);

    /// <param name="client">The HTTP client to use (inject a fake handler in tests); null = a default client.</param>
    /// <param name="allowDownload">False: a missing file is an error that names where to put it.</param>
    /// <param name="progress">Fraction done in [0, 1] while downloading, when the server says the size; 1 at the end.</param>
    public Downloader(HttpClient? client = null, bool allowDownload = true, IProgress<double>? progress = null)
    {
        _client = client;
        _progress = progress;
        AllowDownload = allowDownload;
    }

    public bool AllowDownload { get; }

    /// <summary>The path of <paramref name="file"/> in <paramref name="targetDir"/>, downloading it first if it is not there.</summary>
    public string Fetch(RemoteFile file, string targetDir, CancellationToken cancel = default)
    {
        var progress = _progress;
        var target = Path.Combine(targetDir, file.FileName);
        if (File.Exists(target)) return target;
        if (!AllowDownload) throw new DataException(NotFoundMessage(file, targetDir));

        try
        {
            AtomicFile.Write(target, sink =>
            {
                var (md5, headMd5, size) = DownloadTo(file.Url, sink, progress, cancel);
                if (Mismatch(file, md5, headMd5, size) is { } mismatch)
                    throw new DataException($"{NotFoundMessage(file, targetDir)} (the download from {file.Url} has {mismatch}: it is corrupt or changed)");
            });
            progress?.Report(1.0);
            return target;
        }
        catch (DataException) { throw; }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { throw; }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or StorageException
                                      or TaskCanceledException or NotSupportedException or InvalidOperationException)
        {
            throw new DataException($"{NotFoundMessage(file, targetDir)} (download failed: {OneLine(e.Message)})", e);
        }
    }

    /// <summary>"IMDb not found: put aclImdb_v1.tar.gz (url, md5 …) or an extracted aclImdb/ folder into dir/".</summary>
    public static string NotFoundMessage(RemoteFile file, string targetDir)
    {
        var md5 = file.Md5 is null ? "" : $", md5 {file.Md5}";
        var alternative = file.Alternative is null ? "" : $" or {file.Alternative}";
        var dir = targetDir.EndsWith(Path.DirectorySeparatorChar) ? targetDir : targetDir + Path.DirectorySeparatorChar;
        return $"{file.DisplayName} not found: put {file.FileName} ({file.Url}{md5}){alternative} into {dir}";
    }

    /// <summary>The first published checksum the download fails, as "md5 X, expected Y"; null when it passes every one given.</summary>
    internal static string? Mismatch(RemoteFile file, string md5, string headMd5, long size)
    {
        if (file.Size is { } expectedSize && size != expectedSize) return $"{size:N0} bytes, expected {expectedSize:N0}";
        if (file.Md5 is not null && !string.Equals(md5, file.Md5, StringComparison.OrdinalIgnoreCase)) return $"md5 {md5}, expected {file.Md5}";
        if (file.HeadMd5 is not null && !string.Equals(headMd5, file.HeadMd5, StringComparison.OrdinalIgnoreCase))
            return $"md5 {headMd5} of its first MiB, expected {file.HeadMd5}";
        return null;
    }

    private (string Md5, string HeadMd5, long Size) DownloadTo(string url, Stream sink, IProgress<double>? progress, CancellationToken cancel)
    {
        var client = _client ?? SharedClient.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        response.EnsureSuccessStatusCode();
        long? total = response.Content.Headers.ContentLength;

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var headMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long done = 0;
        using (var source = response.Content.ReadAsStream(cancel))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancel.ThrowIfCancellationRequested();
                sink.Write(buffer, 0, n);
                md5.AppendData(buffer, 0, n);
                if (done < RemoteFile.HeadBytes) headMd5.AppendData(buffer, 0, (int)Math.Min(n, RemoteFile.HeadBytes - done));
                done += n;
                if (total > 0) progress?.Report(Math.Min(1.0, (double)done / total.Value));
            }
            if (total is { } expected && done != expected)
                throw new HttpRequestException($"connection closed after {done:N0} of {expected:N0} bytes");
        }
        return (Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(headMd5.GetHashAndReset()), done);
    }

    // One client per process is the HttpClient guidance; it holds no user state.
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
