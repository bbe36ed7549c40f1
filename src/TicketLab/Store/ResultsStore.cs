using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>Indexes runs, levels, epochs, artefacts and the claims on units of work in one database, so a report is a query and
/// several workers share a study: <see cref="SqliteResultsStore"/> (one file per runs folder, the default) or
/// <see cref="PostgresResultsStore"/> (a server several machines share). The SQL is the same; each says what differs.</summary>
/// <remarks>Every write is one transaction that takes the write lock up front. One instance holds one connection: use it from one
/// thread at a time.</remarks>
public abstract partial class ResultsStore : IDisposable
{
    public const string FileName = SqliteResultsStore.FileName;

    /// <summary>The schema this version writes: 1, runs, levels, epochs and artefacts; 2, units (claims on a run's levels);
    /// 3, units.shares (the shared dense unit a unit trains, so two workers do not train it at once).</summary>
    public const int SchemaVersion = 3;

    private DbTransaction? transaction; // the open write, if any: nested writes join it

    protected ResultsStore(string runsDir, DbConnection connection)
    {
        RunsDir = runsDir;
        Connection = connection;
    }

    protected DbConnection Connection { get; set; }

    /// <summary>The runs folder this store indexes; artefact paths inside it are stored relative to it.</summary>
    public string RunsDir { get; }

    /// <summary>Where the data lives, for messages: the SQLite file, or the server's URL without its password.</summary>
    public abstract string DatabasePath { get; }

    /// <summary>Opens (creating if needed) <c>&lt;runsDir&gt;/ticketlab.db</c> for writing.</summary>
    /// <exception cref="StorageException">the file is not a TicketLab store (a folder, not a database, another schema) or cannot be written.</exception>
    public static SqliteResultsStore Open(string runsDir) => SqliteResultsStore.OpenFile(runsDir);

    /// <summary>Opens the store <paramref name="location"/> names for writing (migrating its schema to this version).</summary>
    public static ResultsStore Open(StoreLocation location) =>
        location.IsPostgres ? PostgresResultsStore.Connect(location) : SqliteResultsStore.OpenFile(location.RunsDir);

    /// <summary>A private in-memory copy of <c>&lt;runsDir&gt;/ticketlab.db</c> (empty when there is none) that never writes the file:
    /// for commands that only read, on read-only folders too. Indexing run folders into it is allowed and stays in memory.</summary>
    /// <exception cref="StorageException">the file is not a TicketLab store (a folder, not a database, another schema).</exception>
    public static SqliteResultsStore OpenSnapshot(string runsDir) => SqliteResultsStore.Snapshot(runsDir);

    /// <summary>A store for reading: a snapshot of the SQLite file, or the server itself (a reader there writes nothing).</summary>
    public static ResultsStore OpenForReading(StoreLocation location) =>
        location.IsPostgres ? PostgresResultsStore.Connect(location) : SqliteResultsStore.Snapshot(location.RunsDir);

    /// <summary>A store after <paramref name="init"/>; one that fails to initialise is disposed, not leaked.</summary>
    protected static T Initialised<T>(T store, Action<T> init) where T : ResultsStore
    {
        try
        {
            init(store);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    // ---- what each database does its own way -------------------------------------------------------------------------

    /// <summary>Begins a transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE).</summary>
    protected abstract DbTransaction BeginWrite();

    /// <summary>The columns <paramref name="table"/> has (empty when there is no such table).</summary>
    protected abstract IReadOnlySet<string> ColumnsOf(string table);

    /// <summary>The schema version the database says it has (0: empty).</summary>
    protected abstract int StoredVersion();

    /// <summary>Turns the database's own failures into one user-facing error naming the store and the cause.</summary>
    protected virtual void Guard(Action body) => body();

    /// <summary>Runs one whole operation (a read, or a write transaction), retrying it where the database allows (a dropped connection).</summary>
    protected virtual void Attempt(Action operation) => Guard(operation);

    /// <summary>Serialises schema migrations of processes starting together (inside the migration's transaction).</summary>
    protected virtual void LockSchema() { }

    /// <summary>Records the version in the database's own way, beside the schema_version table.</summary>
    protected virtual void Migrated(int version) { }

    /// <summary>The clause that locks the selected rows and skips rows another transaction locked ("" where the whole write is locked).</summary>
    protected abstract string LockRowsSkipLocked { get; }

    /// <summary>The clause that locks the selected rows until the transaction ends, waiting for them ("" where the whole write is locked).</summary>
    protected virtual string LockRows => "";

    /// <summary>A condition "<paramref name="column"/> is one of the list in parameter <paramref name="parameter"/>", and that list's value.</summary>
    protected abstract string InList(string column, string parameter);

    protected abstract object ListValue(IReadOnlyCollection<string> values);

    // ---- schema ---------------------------------------------------------------------------------------------------

    /// <summary>Our tables, each with the columns this version reads.</summary>
    private static readonly Dictionary<string, string[]> Tables = new()
    {
        ["runs"] = ["name", "group_key", "dataset", "model", "seed", "canonical", "hparams", "rewind", "state", "error", "started", "finished", "host", "pid", "heartbeat"],
        ["levels"] = ["run", "level", "method", "sparsity", "sparsity_all", "best_epoch", "train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc", "seconds", "per_tensor"],
        ["epochs"] = ["run", "level", "method", "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds"],
        ["artefacts"] = ["run", "level", "method", "kind", "path", "sha256", "bytes"],
        ["units"] = ["run", "level", "method", "rank", "after_level", "after_method", "state", "owner", "host", "pid", "since", "heartbeat", "attempts", "error", "shares"],
    };

    /// <summary>Columns a later version added to a table an earlier one made: a store below that version lacks them until migrated.</summary>
    private static readonly Dictionary<(string Table, string Column), int> AddedIn = new() { [("units", "shares")] = 3 };

    /// <summary>Each version's DDL, applied in order to a database below it; the types read the same in SQLite and PostgreSQL.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS runs (
            name TEXT PRIMARY KEY, group_key TEXT NOT NULL, dataset TEXT NOT NULL, model TEXT NOT NULL, seed INTEGER NOT NULL,
            canonical TEXT NOT NULL, hparams TEXT NOT NULL, rewind TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'partial')), error TEXT,
            started TEXT NOT NULL, finished TEXT, host TEXT, pid INTEGER, heartbeat TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS runs_group ON runs (group_key);
        CREATE TABLE IF NOT EXISTS levels (
            run TEXT NOT NULL REFERENCES runs (name) ON DELETE CASCADE, level INTEGER NOT NULL, method TEXT NOT NULL,
            sparsity DOUBLE PRECISION NOT NULL, sparsity_all DOUBLE PRECISION NOT NULL, best_epoch INTEGER NOT NULL,
            train_loss DOUBLE PRECISION NOT NULL, train_acc DOUBLE PRECISION NOT NULL, val_loss DOUBLE PRECISION NOT NULL,
            val_acc DOUBLE PRECISION NOT NULL, test_loss DOUBLE PRECISION NOT NULL, test_acc DOUBLE PRECISION NOT NULL,
            seconds DOUBLE PRECISION NOT NULL, per_tensor TEXT NOT NULL,
            PRIMARY KEY (run, level, method));
        CREATE TABLE IF NOT EXISTS epochs (
            run TEXT NOT NULL, level INTEGER NOT NULL, method TEXT NOT NULL, epoch INTEGER NOT NULL,
            train_loss DOUBLE PRECISION NOT NULL, train_acc DOUBLE PRECISION NOT NULL, val_loss DOUBLE PRECISION NOT NULL,
            val_acc DOUBLE PRECISION NOT NULL, seconds DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (run, level, method, epoch),
            FOREIGN KEY (run, level, method) REFERENCES levels (run, level, method) ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS artefacts (
            run TEXT NOT NULL REFERENCES runs (name) ON DELETE CASCADE, level INTEGER NOT NULL, method TEXT NOT NULL,
            kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT, bytes BIGINT NOT NULL,
            PRIMARY KEY (run, level, method, kind));
        """,
        // a unit waits for at most one other (its after_*): the chain level it builds on
        """
        CREATE TABLE IF NOT EXISTS units (
            run TEXT NOT NULL, level INTEGER NOT NULL, method TEXT NOT NULL, rank INTEGER NOT NULL,
            after_level INTEGER, after_method TEXT,
            state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'done', 'failed')),
            owner TEXT, host TEXT, pid INTEGER, since TEXT, heartbeat TEXT, attempts INTEGER NOT NULL DEFAULT 0, error TEXT,
            PRIMARY KEY (run, level, method));
        CREATE INDEX IF NOT EXISTS units_state ON units (state, level, rank);
        """,
        // units training the same shared dense unit (runs/units/<key>) name it, so a claim waits for the one in flight
        "ALTER TABLE units ADD COLUMN shares TEXT",
    ];

    /// <summary>Refuses a database that is not ours: a newer schema version, or a table of ours with other columns.</summary>
    protected void CheckSchema()
    {
        var version = StoredVersion();
        if (version > SchemaVersion)
            throw new StorageException($"{DatabasePath} has schema version {version}; this TicketLab reads up to {SchemaVersion}");
        foreach (var (table, columns) in Tables)
        {
            var have = ColumnsOf(table);
            if (have.Count == 0) continue; // created by a migration
            var lacking = columns.Where(c => !have.Contains(c) && AddedIn.GetValueOrDefault((table, c)) <= version).ToList();
            if (lacking.Count > 0)
                throw new StorageException($"{DatabasePath} is not a TicketLab results store: its table '{table}' has no column {string.Join(", ", lacking)}");
        }
    }

    /// <summary>Brings the schema up to <see cref="SchemaVersion"/>, one version at a time, in one transaction.</summary>
    protected void Migrate() => Write(() =>
    {
        LockSchema();
        int version = StoredVersion(); // again, under the lock: another process may have migrated meanwhile
        if (version > SchemaVersion)
            throw new StorageException($"{DatabasePath} has schema version {version}; this TicketLab reads up to {SchemaVersion}");
        Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        for (int v = version + 1; v <= SchemaVersion; v++)
        {
            Exec(Migrations[v - 1]);
            Exec("INSERT INTO schema_version (version, applied) VALUES (@v, @now) ON CONFLICT (version) DO NOTHING",
                ("@v", v), ("@now", Time(DateTimeOffset.UtcNow)));
        }
        if (version < SchemaVersion) Migrated(SchemaVersion);
    });

    /// <summary>The highest version in the schema_version table, or 0 without it.</summary>
    protected int VersionTableMax() =>
        ColumnsOf("schema_version").Count == 0 ? 0 : Convert.ToInt32(Scalar("SELECT coalesce(max(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);

    // ---- writes -------------------------------------------------------------------------------------------------

    /// <summary>Inserts the run or replaces its row (its levels stay).</summary>
    public void UpsertRun(RunRecord run)
    {
        Write(() =>
        {
            Exec("""
                INSERT INTO runs (name, group_key, dataset, model, seed, canonical, hparams, rewind, state, error, started, finished, host, pid, heartbeat)
                VALUES (@name, @group, @dataset, @model, @seed, @canonical, @hparams, @rewind, @state, @error, @started, @finished, @host, @pid, @heartbeat)
                ON CONFLICT (name) DO UPDATE SET group_key = excluded.group_key, dataset = excluded.dataset, model = excluded.model,
                    seed = excluded.seed, canonical = excluded.canonical, hparams = excluded.hparams, rewind = excluded.rewind,
                    state = excluded.state, error = excluded.error, started = excluded.started, finished = excluded.finished,
                    host = excluded.host, pid = excluded.pid, heartbeat = excluded.heartbeat
                """,
                ("@name", run.Name), ("@group", run.GroupKey), ("@dataset", run.Dataset), ("@model", run.Model), ("@seed", run.Seed),
                ("@canonical", run.Canonical), ("@hparams", run.HparamsJson), ("@rewind", run.Rewind), ("@state", RunStates.Name(run.State)),
                ("@error", run.Error), ("@started", Time(run.Started)), ("@finished", run.Finished is { } f ? Time(f) : null),
                ("@host", run.Host), ("@pid", run.Pid), ("@heartbeat", Time(run.Heartbeat)));
        });
    }

    /// <summary>Inserts the run, or marks the one recorded running again on this host and process, keeping its start time
    /// (a worker joining a run other workers started).</summary>
    public void JoinRun(RunRecord run) => Write(() =>
    {
        if (Run(run.Name) is { } known)
            Exec("UPDATE runs SET state = 'running', error = NULL, finished = NULL, host = @host, pid = @pid, heartbeat = @now WHERE name = @name",
                ("@host", run.Host), ("@pid", run.Pid), ("@now", Time(run.Heartbeat)), ("@name", known.Name));
        else UpsertRun(run);
    });

    /// <summary>Marks a run done, failed, partial or running again; done and failed also stamp the finish time.</summary>
    public void SetState(string runName, RunState state, string? error = null)
    {
        var now = Time(DateTimeOffset.UtcNow);
        Write(() =>
        {
            var n = Exec("UPDATE runs SET state = @state, error = @error, heartbeat = @now, finished = @finished WHERE name = @name",
                ("@state", RunStates.Name(state)), ("@error", error), ("@now", now),
                ("@finished", state is RunState.Done or RunState.Failed ? now : null), ("@name", runName));
            if (n == 0) throw new InvalidOperationException($"run '{runName}' is not in {DatabasePath}");
        });
    }

    /// <summary>Records a finished level and its epochs; recording the same run, level and method again replaces them.</summary>
    public void RecordLevel(string runName, LevelResult r)
    {
        var best = r.Training.Best;
        Write(() =>
        {
            RequireRun(runName);
            Exec("DELETE FROM epochs WHERE run = @run AND level = @level AND method = @method",
                ("@run", runName), ("@level", r.Level), ("@method", r.Method));
            Exec("""
                INSERT INTO levels (run, level, method, sparsity, sparsity_all, best_epoch, train_loss, train_acc, val_loss, val_acc, test_loss, test_acc, seconds, per_tensor)
                VALUES (@run, @level, @method, @sparsity, @all, @best, @tl, @ta, @vl, @va, @xl, @xa, @seconds, @per)
                ON CONFLICT (run, level, method) DO UPDATE SET sparsity = excluded.sparsity, sparsity_all = excluded.sparsity_all,
                    best_epoch = excluded.best_epoch, train_loss = excluded.train_loss, train_acc = excluded.train_acc,
                    val_loss = excluded.val_loss, val_acc = excluded.val_acc, test_loss = excluded.test_loss, test_acc = excluded.test_acc,
                    seconds = excluded.seconds, per_tensor = excluded.per_tensor
                """,
                ("@run", runName), ("@level", r.Level), ("@method", r.Method), ("@sparsity", r.Sparsity), ("@all", r.SparsityOfAll),
                ("@best", r.Training.BestEpoch), ("@tl", best.Train.Loss), ("@ta", best.Train.Accuracy), ("@vl", best.Validation.Loss),
                ("@va", best.Validation.Accuracy), ("@xl", r.Training.Test.Loss), ("@xa", r.Training.Test.Accuracy),
                ("@seconds", r.Training.Seconds), ("@per", JsonSerializer.Serialize(r.PerTensor)));
            foreach (var e in r.Training.Epochs)
                Exec("""
                    INSERT INTO epochs (run, level, method, epoch, train_loss, train_acc, val_loss, val_acc, seconds)
                    VALUES (@run, @level, @method, @epoch, @tl, @ta, @vl, @va, @seconds)
                    """,
                    ("@run", runName), ("@level", r.Level), ("@method", r.Method), ("@epoch", e.Epoch), ("@tl", e.Train.Loss),
                    ("@ta", e.Train.Accuracy), ("@vl", e.Validation.Loss), ("@va", e.Validation.Accuracy), ("@seconds", e.Seconds));
            Touch(runName);
        });
    }

    /// <summary>Records (or replaces) a file a level wrote; the path is kept relative to the runs folder when inside it.</summary>
    public void RecordArtefact(ArtefactRecord a)
    {
        Write(() =>
        {
            RequireRun(a.Run);
            Exec("""
                INSERT INTO artefacts (run, level, method, kind, path, sha256, bytes)
                VALUES (@run, @level, @method, @kind, @path, @sha, @bytes)
                ON CONFLICT (run, level, method, kind) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, bytes = excluded.bytes
                """,
                ("@run", a.Run), ("@level", a.Level), ("@method", a.Method), ("@kind", a.Kind), ("@path", Relative(a.Path)),
                ("@sha", a.Sha256), ("@bytes", a.Bytes));
            Touch(a.Run);
        });
    }

    /// <summary>Notes that a run is alive now (for runs whose process cannot be asked).</summary>
    public void Heartbeat(string runName)
    {
        Write(() =>
        {
            Touch(runName);
        });
    }

    // ---- indexing run folders -------------------------------------------------------------------------------------

    /// <summary>What the last imports could not read ("unreadable: path: reason") or found gone ("missing: run: …").</summary>
    public IReadOnlyList<string> Problems => problems;

    private readonly List<string> problems = [];

    /// <summary>Indexes one run folder (run.json, status.json, levels/NN/&lt;method&gt;.json and their tensor files) in one transaction.</summary>
    /// <remarks>A row a live recorder owns (same host, a pid) keeps its host, pid and state unless the folder says done or failed.
    /// Unreadable status or level files are left out and listed in <see cref="Problems"/>.</remarks>
    /// <exception cref="UserException">the folder has no run.json, or it cannot be read.</exception>
    public RunRecord Import(string runDir)
    {
        var found = new List<string>();
        var run = RunFolder.Read(runDir, this, found);
        problems.AddRange(found);
        return run ?? throw new UserException(found[0]);
    }

    /// <summary>Indexes every run folder under the runs folder; with <paramref name="onlyStale"/>, only those the store lacks or
    /// that were indexed from files and had not finished then. Runs whose folder is gone are dropped (listed in <see cref="Problems"/>).</summary>
    public IReadOnlyList<RunRecord> ImportAll(bool onlyStale = false)
    {
        var known = Runs().ToDictionary(r => r.Name);
        var imported = new List<RunRecord>();
        var folders = RunFolder.Under(RunsDir).ToList();
        foreach (var dir in folders)
        {
            if (onlyStale && known.TryGetValue(Path.GetFileName(dir), out var k) && (k.Pid is not null || k.State == RunState.Done)) continue;
            if (RunFolder.Read(dir, this, problems) is { } run) imported.Add(run);
        }
        var present = folders.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in known.Keys.Where(n => !present.Contains(n) && !Directory.Exists(Path.Combine(RunsDir, n))))
        {
            Forget(gone);
            problems.Add($"missing: {gone}: its folder {Path.Combine(RunsDir, gone)} is gone; dropped from the index");
        }
        return imported;
    }

    /// <summary>Drops a run and everything recorded under it (its folder was deleted).</summary>
    private void Forget(string runName)
    {
        Write(() =>
        {
            Exec("DELETE FROM epochs WHERE run = @run", ("@run", runName));
            Exec("DELETE FROM levels WHERE run = @run", ("@run", runName));
            Exec("DELETE FROM artefacts WHERE run = @run", ("@run", runName));
            Exec("DELETE FROM runs WHERE name = @run", ("@run", runName));
        });
    }

    internal void WriteImported(RunRecord run, IReadOnlyList<LevelResult> levels, IReadOnlyList<ArtefactRecord> artefacts)
    {
        Write(() =>
        {
            var existing = Run(run.Name);
            if (existing is { Pid: not null } && run.State is not (RunState.Done or RunState.Failed))
                run = run with { State = existing.State, Host = existing.Host, Pid = existing.Pid, Started = existing.Started, Heartbeat = Max(existing.Heartbeat, run.Heartbeat) };
            else if (existing is { Pid: not null })
                run = run with { Host = existing.Host, Pid = existing.Pid, Started = existing.Started };
            UpsertRun(run);
            foreach (var l in levels) RecordLevel(run.Name, l);
            foreach (var a in artefacts) RecordArtefact(a);
            // the folder is the truth: drop levels it no longer holds
            var keep = levels.Select(l => (l.Level, l.Method)).ToHashSet();
            foreach (var l in Levels(run.Name).Where(l => !keep.Contains((l.Level, l.Method))))
                Exec("DELETE FROM levels WHERE run = @run AND level = @level AND method = @method", ("@run", run.Name), ("@level", l.Level), ("@method", l.Method));
            Exec("UPDATE runs SET heartbeat = @h WHERE name = @name", ("@h", Time(run.Heartbeat)), ("@name", run.Name));
        });
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    public IReadOnlyList<RunRecord> Runs() => Read(() => ReadRuns("SELECT * FROM runs ORDER BY dataset, model, group_key, seed, name"));

    public RunRecord? Run(string name) => Read(() => ReadRuns("SELECT * FROM runs WHERE name = @name", ("@name", name)).SingleOrDefault());

    /// <summary>Replicate groups: runs sharing a group key, in dataset, model, key order.</summary>
    public IReadOnlyList<RunGroup> Groups() => Runs()
        .GroupBy(r => r.GroupKey)
        .Select(g => new RunGroup(g.Key, g.First().Dataset, g.First().Model, g.First().Rewind, g.OrderBy(r => r.Seed).ToList()))
        .ToList();

    /// <summary>A run's finished levels, by level then method.</summary>
    public IReadOnlyList<LevelRecord> Levels(string runName) => Read(() =>
    {
        using var cmd = Command("SELECT * FROM levels WHERE run = @run ORDER BY level, method", ("@run", runName));
        using var r = cmd.ExecuteReader();
        var list = new List<LevelRecord>();
        while (r.Read())
            list.Add(new LevelRecord(
                r.GetString(r.GetOrdinal("run")), r.GetInt32(r.GetOrdinal("level")), r.GetString(r.GetOrdinal("method")),
                r.GetDouble(r.GetOrdinal("sparsity")), r.GetDouble(r.GetOrdinal("sparsity_all")), r.GetInt32(r.GetOrdinal("best_epoch")),
                new Metrics(r.GetDouble(r.GetOrdinal("train_loss")), r.GetDouble(r.GetOrdinal("train_acc"))),
                new Metrics(r.GetDouble(r.GetOrdinal("val_loss")), r.GetDouble(r.GetOrdinal("val_acc"))),
                new Metrics(r.GetDouble(r.GetOrdinal("test_loss")), r.GetDouble(r.GetOrdinal("test_acc"))),
                r.GetDouble(r.GetOrdinal("seconds")),
                JsonSerializer.Deserialize<List<TensorSparsity>>(r.GetString(r.GetOrdinal("per_tensor"))) ?? []));
        return (IReadOnlyList<LevelRecord>)list;
    });

    public bool HasLevel(string runName, int level, string method) => Read(() =>
        Convert.ToInt64(Scalar("SELECT count(*) FROM levels WHERE run = @run AND level = @level AND method = @method",
            ("@run", runName), ("@level", level), ("@method", method)), CultureInfo.InvariantCulture) > 0);

    /// <summary>The epochs of one level and method, in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs(string runName, int level, string method) => Read(() =>
    {
        using var cmd = Command("SELECT epoch, train_loss, train_acc, val_loss, val_acc, seconds FROM epochs WHERE run = @run AND level = @level AND method = @method ORDER BY epoch",
            ("@run", runName), ("@level", level), ("@method", method));
        using var r = cmd.ExecuteReader();
        var list = new List<EpochMetrics>();
        while (r.Read())
            list.Add(new EpochMetrics(r.GetInt32(0), new Metrics(r.GetDouble(1), r.GetDouble(2)), new Metrics(r.GetDouble(3), r.GetDouble(4)), r.GetDouble(5)));
        return (IReadOnlyList<EpochMetrics>)list;
    });

    /// <summary>A run's recorded files; paths come back absolute.</summary>
    public IReadOnlyList<ArtefactRecord> Artefacts(string runName) => Read(() =>
    {
        using var cmd = Command("SELECT level, method, kind, path, sha256, bytes FROM artefacts WHERE run = @run ORDER BY level, method, kind", ("@run", runName));
        using var r = cmd.ExecuteReader();
        var list = new List<ArtefactRecord>();
        while (r.Read())
            list.Add(new ArtefactRecord(runName, r.GetInt32(0), r.GetString(1), r.GetString(2), Path.GetFullPath(r.GetString(3), RunsDir),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5)));
        return (IReadOnlyList<ArtefactRecord>)list;
    });

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Connection.Dispose();
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private IReadOnlyList<RunRecord> ReadRuns(string sql, params (string, object?)[] args)
    {
        using var cmd = Command(sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<RunRecord>();
        string? Text(string c) => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetString(r.GetOrdinal(c));
        while (r.Read())
            list.Add(new RunRecord(
                Text("name")!, Text("group_key")!, Text("dataset")!, Text("model")!, r.GetInt32(r.GetOrdinal("seed")),
                Text("canonical")!, Text("hparams")!, Text("rewind")!, RunStates.Parse(Text("state")!), Text("error"),
                ParseTime(Text("started")!), Text("finished") is { } f ? ParseTime(f) : null,
                Text("host"), r.IsDBNull(r.GetOrdinal("pid")) ? null : r.GetInt32(r.GetOrdinal("pid")), ParseTime(Text("heartbeat")!)));
        return list;
    }

    private void RequireRun(string runName)
    {
        if (Run(runName) is null) throw new InvalidOperationException($"run '{runName}' is not in {DatabasePath}; record the run first");
    }

    private void Touch(string runName) =>
        Exec("UPDATE runs SET heartbeat = @now WHERE name = @name", ("@now", Time(DateTimeOffset.UtcNow)), ("@name", runName));

    private string Relative(string path)
    {
        var full = Path.GetFullPath(path, RunsDir);
        var rel = Path.GetRelativePath(RunsDir, full);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel;
    }

    /// <summary>Runs <paramref name="body"/> in one write transaction, or in the one already open.</summary>
    protected void Write(Action body)
    {
        if (transaction is not null) { body(); return; }
        // the write lock is taken up front, so a busy writer waits (busy timeout) instead of failing mid-transaction
        Attempt(() =>
        {
            try
            {
                transaction = BeginWrite();
                body();
                transaction.Commit();
            }
            finally
            {
                transaction?.Dispose();
                transaction = null;
            }
        });
    }

    /// <summary>Runs a query on its own (retried as a whole), or inside the open write.</summary>
    protected T Read<T>(Func<T> query)
    {
        if (transaction is not null) return query();
        T result = default!;
        Attempt(() => result = query());
        return result;
    }

    protected DbCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    protected int Exec(string sql, params (string, object?)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    protected object? Scalar(string sql, params (string, object?)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteScalar();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
