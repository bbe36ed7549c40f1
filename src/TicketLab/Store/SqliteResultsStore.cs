using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TicketLab.Store;

/// <summary>The embedded results store: one SQLite file per runs folder (<c>&lt;runsDir&gt;/ticketlab.db</c>), the default.</summary>
/// <remarks>WAL mode and a busy timeout let several processes on one machine write into one runs folder at once. SQLite's locking
/// is not reliable on network file systems: workers on several machines share a <see cref="PostgresResultsStore"/> instead.</remarks>
public sealed class SqliteResultsStore : ResultsStore
{
    public new const string FileName = "ticketlab.db";
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private SqliteResultsStore(string runsDir, SqliteConnection connection) : base(runsDir, connection) { }

    public override string DatabasePath => Path.Combine(RunsDir, FileName);

    private SqliteConnection Sqlite => (SqliteConnection)Connection;

    internal static SqliteResultsStore OpenFile(string runsDir)
    {
        runsDir = Path.GetFullPath(runsDir);
        var path = Path.Combine(runsDir, FileName);
        RejectFolder(path);
        try { Directory.CreateDirectory(runsDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StorageException.CannotWrite(runsDir, e); }
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        return Initialised(new SqliteResultsStore(runsDir, connection), store => store.Guard(() =>
        {
            connection.Open();
            store.Exec($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            store.Exec("PRAGMA journal_mode = WAL");
            store.Exec("PRAGMA synchronous = FULL"); // a finished level's row survives a power loss, like its files
            store.CheckSchema();
            store.Migrate();
            store.Exec("PRAGMA foreign_keys = ON"); // per connection, and a no-op inside a transaction
        }));
    }

    internal static SqliteResultsStore Snapshot(string runsDir)
    {
        runsDir = Path.GetFullPath(runsDir);
        var path = Path.Combine(runsDir, FileName);
        RejectFolder(path);
        var memory = new SqliteConnection("Data Source=:memory:;Pooling=False");
        return Initialised(new SqliteResultsStore(runsDir, memory), store =>
        {
            memory.Open();
            if (File.Exists(path)) Retrying(() => store.Guard(() => CopyInto(path, memory)));
            store.Guard(() =>
            {
                store.CheckSchema();
                store.Migrate();
                store.Exec("PRAGMA foreign_keys = ON");
            });
        });
    }

    private static void CopyInto(string path, SqliteConnection memory)
    {
        // ReadOnly never creates or changes the file; a WAL store in a folder we cannot write has no -shm to share,
        // so fall back to reading it as immutable (no other process can be writing there either)
        foreach (var source in new[] { path, $"file:{Uri.EscapeDataString(path).Replace("%2F", "/")}?immutable=1" })
        {
            using var file = Connect(source, SqliteOpenMode.ReadOnly);
            try
            {
                file.Open();
                var check = new SqliteResultsStore(Path.GetDirectoryName(path)!, file);
                check.CheckSchema(); // before copying: a foreign file is named as such
                file.BackupDatabase(memory);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 14 /* CANTOPEN */ or 8 /* READONLY */ && !source.StartsWith("file:", StringComparison.Ordinal))
            {
            }
        }
    }

    private static SqliteConnection Connect(string dataSource, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = dataSource,
        Mode = mode,
        Pooling = false, // a closed store releases its file at once
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
    }.ToString());

    private static void RejectFolder(string path)
    {
        if (Directory.Exists(path)) throw new StorageException($"{path} is not a TicketLab results store: it is a folder");
    }

    /// <summary>Runs a read that a writer in another process may briefly lock (WAL makes this rare: checkpoints, recovery).</summary>
    private static void Retrying(Action read)
    {
        for (int attempt = 1; ; attempt++)
        {
            try { read(); return; }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */ && attempt < 20)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }

    /// <summary>SQLite's own consistency check: "ok" when the file is sound.</summary>
    public string IntegrityCheck() => Convert.ToString(Scalar("PRAGMA integrity_check"), CultureInfo.InvariantCulture) ?? "";

    // IMMEDIATE takes the write lock up front, so a busy writer waits (busy timeout) instead of failing mid-transaction.
    protected override DbTransaction BeginWrite() => Sqlite.BeginTransaction(deferred: false);

    protected override IReadOnlySet<string> ColumnsOf(string table)
    {
        using var cmd = Command($"SELECT name FROM pragma_table_info('{table}')");
        using var r = cmd.ExecuteReader();
        var have = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (r.Read()) have.Add(r.GetString(0));
        return have;
    }

    // version 1 files predate the schema_version table: their version is SQLite's user_version
    protected override int StoredVersion() =>
        Math.Max(VersionTableMax(), Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture));

    protected override void Migrated(int version) => Exec($"PRAGMA user_version = {version}");

    protected override string LockRowsSkipLocked => ""; // BEGIN IMMEDIATE already holds the whole database

    protected override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    protected override object ListValue(IReadOnlyCollection<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    /// <summary>Turns SQLite's failures on this file into one user-facing error naming the path and the cause.</summary>
    protected override void Guard(Action body)
    {
        var path = DatabasePath;
        try { body(); }
        catch (SqliteException e) when (e.SqliteErrorCode == 26 /* NOTADB */)
        {
            throw new StorageException($"{path} is not a TicketLab results store: the file is not a database", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 11 /* CORRUPT */)
        {
            throw new StorageException($"{path} is corrupt: {e.Message.ReplaceLineEndings(" ")}; move it away and run `ticketlab runs --reindex` to rebuild it from the run folders", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 3 /* PERM */ or 8 /* READONLY */ or 10 /* IOERR */ or 13 /* FULL */ or 14 /* CANTOPEN */ or 23 /* AUTH */)
        {
            throw StorageException.CannotWrite(path, e);
        }
    }
}
