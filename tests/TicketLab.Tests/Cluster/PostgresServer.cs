using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using TicketLab.Store;

namespace TicketLab.Tests.Cluster;

/// <summary>A throwaway PostgreSQL 15 cluster for the tests of one collection: initdb on a temporary folder, started with pg_ctl on
/// 127.0.0.1 and a free port as the unprivileged <c>postgres</c> user (when the tests run as root), stopped and removed at dispose.</summary>
/// <remarks>Without the server binaries the tests that need it are skipped with the reason, or fail when <see cref="RequireVariable"/> is set.</remarks>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Set (to 1) by CI: a missing PostgreSQL fails the cluster tests instead of skipping them.</summary>
    public const string RequireVariable = "TICKETLAB_REQUIRE_CLUSTER";

    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const string User = "ticketlab";
    private readonly string? dir;
    private readonly string? unavailable;
    private readonly bool asPostgres = Environment.UserName == "root";
    private int databases, disposed;

    public PostgresServer()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")) || !File.Exists(Path.Combine(Bin, "pg_ctl")))
        {
            unavailable = $"PostgreSQL 15 is not installed ({Bin}/initdb, pg_ctl missing; Debian: apt-get install postgresql-15)";
            return;
        }
        try
        {
            // a folder the server's user owns: as root, postgres makes it itself
            dir = Tool("mktemp", "-d", Path.Combine(Path.GetTempPath(), "ticketlab-pg.XXXXXX")).Trim();
            Port = FreePort();
            Tool(Path.Combine(Bin, "initdb"), "-D", DataDir, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "-N");
            Start();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose(); // a test host that ends without disposing fixtures stops it too
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            unavailable = $"could not start a PostgreSQL cluster: {e.Message}";
            Dispose();
        }
    }

    public int Port { get; }

    private string DataDir => Path.Combine(dir!, "data");

    /// <summary>Skips the test (or fails it under <see cref="RequireVariable"/>) when no server could be started.</summary>
    public void Require()
    {
        if (unavailable is null) return;
        if (Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true")
            throw new InvalidOperationException($"{RequireVariable} is set and {unavailable}");
        throw new SkipException(unavailable);
    }

    /// <summary>A new empty database's URL, so tests sharing the server never see each other's tables.</summary>
    public string NewDatabase()
    {
        Require();
        var name = $"t{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..20];
        using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username={User};Database=postgres;Pooling=false");
        c.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        cmd.ExecuteNonQuery();
        return $"postgresql://{User}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>The store at <paramref name="url"/> for the runs folder <paramref name="runsDir"/>, retrying for <paramref name="retryFor"/>.</summary>
    public static StoreLocation Location(string url, string runsDir, TimeSpan? retryFor = null) =>
        StoreLocation.Parse(url, runsDir) with { RetryFor = retryFor ?? StoreLocation.DefaultRetryFor };

    public void Start() => Tool(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-l", Path.Combine(dir!, "log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60", "start");

    /// <summary>Stops the server at once (clients see their connections drop).</summary>
    public void Stop() => Tool(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-m", "fast", "-w", "stop");

    public void Dispose()
    {
        if (dir is null || Interlocked.Exchange(ref disposed, 1) == 1) return;
        try { Stop(); } catch (InvalidOperationException) { }
        try { Tool("rm", "-rf", dir); } catch (InvalidOperationException) { }
    }

    private string Tool(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(); throw new InvalidOperationException($"{file} did not finish"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result.Trim()}");
        return stdout.Result;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>The tests that share one <see cref="PostgresServer"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
