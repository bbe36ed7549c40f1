using TicketLab.Hparams;

namespace TicketLab.Store;

/// <summary>Where a study's results store lives: the SQLite file in the runs folder (the default), or a PostgreSQL server that
/// workers on several machines share, named by a URL (<c>--store</c>, else <c>TICKETLAB_STORE</c>).</summary>
public sealed record StoreLocation
{
    /// <summary>The command-line option, one name for every command that opens a store.</summary>
    public const string Option = "--store";

    /// <summary>The environment variable read when the option is not given.</summary>
    public const string Variable = "TICKETLAB_STORE";

    /// <summary>How long a PostgreSQL store keeps retrying a dropped connection before the operation fails.</summary>
    public static readonly TimeSpan DefaultRetryFor = TimeSpan.FromMinutes(5);

    private StoreLocation(string runsDir, Uri? url)
    {
        RunsDir = Path.GetFullPath(runsDir);
        Url = url;
    }

    /// <summary>The runs folder: artefacts stay files there, whichever store indexes them.</summary>
    public string RunsDir { get; }

    /// <summary>The server's URL (postgresql://user[:password]@host[:port]/database), or null for the runs folder's SQLite file.</summary>
    public Uri? Url { get; }

    public bool IsPostgres => Url is not null;

    /// <summary>How long dropped connections are retried (tests shorten it).</summary>
    public TimeSpan RetryFor { get; init; } = DefaultRetryFor;

    /// <summary>The SQLite file of <paramref name="runsDir"/>.</summary>
    public static StoreLocation Sqlite(string runsDir) => new(runsDir, null);

    /// <summary><paramref name="option"/> when given, else <see cref="Variable"/> when set, else the runs folder's SQLite file.</summary>
    /// <exception cref="SettingsException">the URL is not a postgresql:// URL with a host and a database, naming where it came from.</exception>
    public static StoreLocation Resolve(string? option, string runsDir)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Parse(option, runsDir, Option);
        var fromEnv = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(fromEnv) ? Sqlite(runsDir) : Parse(fromEnv, runsDir, Variable);
    }

    /// <summary>A postgresql:// (or postgres://) URL; <paramref name="source"/> names the option or variable in errors.</summary>
    public static StoreLocation Parse(string url, string runsDir, string source = Option)
    {
        const string expected = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
            throw new SettingsException($"{source} must be a URL {expected} (got '{Redact(url)}'); without it the runs folder's SQLite file is used");
        if (string.IsNullOrEmpty(uri.Host)) throw new SettingsException($"{source} names no host (expected {expected})");
        if (uri.AbsolutePath.Trim('/') is not { Length: > 0 } db || db.Contains('/'))
            throw new SettingsException($"{source} names no database (expected {expected})");
        if (string.IsNullOrEmpty(uri.UserInfo)) throw new SettingsException($"{source} names no user (expected {expected})");
        return new StoreLocation(runsDir, uri);
    }

    public string Host => Url?.Host ?? "";

    public int Port => Url is { Port: > 0 } u ? u.Port : 5432;

    public string Database => Uri.UnescapeDataString(Url?.AbsolutePath.Trim('/') ?? "");

    public string User => Uri.UnescapeDataString((Url?.UserInfo ?? "").Split(':')[0]);

    public string? Password => (Url?.UserInfo ?? "").Split(':', 2) is [_, var pw] ? Uri.UnescapeDataString(pw) : null;

    /// <summary>The store as messages name it: the SQLite file, or the URL without its password.</summary>
    public override string ToString() => Url is null ? Path.Combine(RunsDir, SqliteResultsStore.FileName) : $"postgresql://{User}@{Host}:{Port}/{Database}";

    private static string Redact(string url) => System.Text.RegularExpressions.Regex.Replace(url, "(//[^:/@]*):[^@/]*@", "$1:***@");
}
