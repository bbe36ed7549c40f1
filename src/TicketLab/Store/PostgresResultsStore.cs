using System.Data;
using System.Data.Common;
using Npgsql;

namespace TicketLab.Store;

/// <summary>The shared results store: the same tables on a PostgreSQL server, so workers on several machines index one study
/// and claim its units; artefacts stay files in the shared runs folder.</summary>
/// <remarks>A dropped connection (the server restarted, the network failed) is retried with backoff for
/// <see cref="StoreLocation.RetryFor"/>: each read and each write transaction runs again as a whole on a new connection.</remarks>
public sealed class PostgresResultsStore : ResultsStore
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly StoreLocation location;

    private PostgresResultsStore(StoreLocation location, NpgsqlConnection connection) : base(location.RunsDir, connection) =>
        this.location = location;

    public override string DatabasePath => location.ToString();

    internal static PostgresResultsStore Connect(StoreLocation location)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = location.Host,
            Port = location.Port,
            Database = location.Database,
            Username = location.User,
            Password = location.Password,
            Pooling = false,               // one long-lived connection per store; a dead one is replaced, never reused
            Timeout = 10,
            ApplicationName = "ticketlab",
        };
        return Initialised(new PostgresResultsStore(location, new NpgsqlConnection(builder.ToString())), store =>
        {
            store.Attempt(store.CheckSchema);
            store.Migrate();
        });
    }

    protected override DbTransaction BeginWrite() => Connection.BeginTransaction(IsolationLevel.ReadCommitted);

    protected override IReadOnlySet<string> ColumnsOf(string table)
    {
        using var cmd = Command("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t", ("@t", table));
        using var r = cmd.ExecuteReader();
        var have = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (r.Read()) have.Add(r.GetString(0));
        return have;
    }

    protected override int StoredVersion() => VersionTableMax();

    // CREATE TABLE IF NOT EXISTS is not safe against itself in two sessions: the first worker migrates, the others wait
    protected override void LockSchema() => Exec("SELECT pg_advisory_xact_lock(20141114)");

    protected override string LockRowsSkipLocked => "FOR UPDATE SKIP LOCKED";

    protected override string LockRows => "FOR UPDATE";

    protected override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    protected override object ListValue(IReadOnlyCollection<string> values) => values.ToArray();

    protected override void Attempt(Action operation)
    {
        var deadline = DateTimeOffset.UtcNow + location.RetryFor;
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                if (Connection.State != ConnectionState.Open)
                {
                    Connection.Close();
                    Connection.Open();
                }
                operation();
                return;
            }
            catch (Exception e) when (IsDropped(e) && DateTimeOffset.UtcNow + backoff < deadline)
            {
                try { Connection.Close(); } catch (Exception closing) when (closing is NpgsqlException or IOException or InvalidOperationException) { } // the broken connection is replaced on the next try
                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
            catch (NpgsqlException e)
            {
                throw new StorageException(IsDropped(e)
                    ? $"the results store {DatabasePath} cannot be reached (retried for {location.RetryFor.TotalSeconds:0} s): {Line(e)}"
                    : $"the results store {DatabasePath}: {Line(e)}", e);
            }
        }
    }

    /// <summary>The connection went away (server restart, shutdown, network): worth a new connection and another try.</summary>
    private static bool IsDropped(Exception e) => e switch
    {
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "40001" or "40P01" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or System.Net.Sockets.SocketException,
        InvalidOperationException when e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) => true, // used after it broke
        _ => false,
    };

    private static string Line(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
