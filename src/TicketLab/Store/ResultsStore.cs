using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TicketLab.Lottery;
using TicketLab.Pruning;
using TicketLab.Training;

namespace TicketLab.Store;

/// <summary>Indexes runs, levels, epochs and artefacts in one SQLite file per runs folder, so a report is a query.</summary>
/// <remarks>
/// WAL mode and a busy timeout let several processes write different runs into one runs folder at once; every write is
/// one immediate transaction. One instance holds one connection: use it from one thread at a time.
/// </remarks>
public sealed class ResultsStore : IDisposable
{
    public const string FileName = "ticketlab.db";
    private const int SchemaVersion = 1;
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private readonly SqliteConnection connection;
    private SqliteTransaction? transaction; // the open write, if any: nested writes join it

    private ResultsStore(string runsDir, SqliteConnection connection)
    {
        RunsDir = runsDir;
        this.connection = connection;
    }

    /// <summary>The runs folder this store indexes; artefact paths inside it are stored relative to it.</summary>
    public string RunsDir { get; }

    public string DatabasePath => Path.Combine(RunsDir, FileName);

    /// <summary>Opens (creating if needed) <c>&lt;runsDir&gt;/ticketlab.db</c> for writing.</summary>
    /// <exception cref="StorageException">the file is not a TicketLab store (a folder, not a database, another schema) or cannot be written.</exception>
    public static ResultsStore Open(string runsDir)
    {
        runsDir = Path.GetFullPath(runsDir);
        var path = Path.Combine(runsDir, FileName);
        RejectFolder(path);
        try { Directory.CreateDirectory(runsDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StorageException.CannotWrite(runsDir, e); }
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        return Create(runsDir, connection, store => store.Guard(path, () =>
        {
            connection.Open();
            store.Exec($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            store.Exec("PRAGMA journal_mode = WAL");
            store.Exec("PRAGMA synchronous = FULL"); // a finished level's row survives a power loss, like its files
            store.CheckSchema();
            store.CreateSchema();
        }));
    }

    /// <summary>A private in-memory copy of <c>&lt;runsDir&gt;/ticketlab.db</c> (empty when there is none) that never writes the file:
    /// for commands that only read, on read-only folders too. Indexing run folders into it is allowed and stays in memory.</summary>
    /// <exception cref="StorageException">the file is not a TicketLab store (a folder, not a database, another schema).</exception>
    public static ResultsStore OpenSnapshot(string runsDir)
    {
        runsDir = Path.GetFullPath(runsDir);
        var path = Path.Combine(runsDir, FileName);
        RejectFolder(path);
        var memory = new SqliteConnection("Data Source=:memory:;Pooling=False");
        return Create(runsDir, memory, store =>
        {
            memory.Open();
            if (File.Exists(path)) Retrying(() => store.Guard(path, () => CopyInto(path, memory)));
            store.Guard(path, () =>
            {
                store.CheckSchema();
                store.CreateSchema();
            });
        });
    }

    /// <summary>A store over <paramref name="connection"/> after <paramref name="init"/>; one that fails to initialise is disposed, not leaked.</summary>
    private static ResultsStore Create(string runsDir, SqliteConnection connection, Action<ResultsStore> init)
    {
        var store = new ResultsStore(runsDir, connection);
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
                var check = new ResultsStore(Path.GetDirectoryName(path)!, file);
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

    /// <summary>Turns SQLite's failures on this file into one user-facing error naming the path and the cause.</summary>
    private void Guard(string path, Action body)
    {
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

    /// <summary>Our tables, each with the columns this version reads.</summary>
    private static readonly Dictionary<string, string[]> Tables = new()
    {
        ["runs"] = ["name", "group_key", "dataset", "model", "seed", "canonical", "hparams", "rewind", "state", "error", "started", "finished", "host", "pid", "heartbeat"],
        ["levels"] = ["run", "level", "method", "sparsity", "sparsity_all", "best_epoch", "train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc", "seconds", "per_tensor"],
        ["epochs"] = ["run", "level", "method", "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds"],
        ["artefacts"] = ["run", "level", "method", "kind", "path", "sha256", "bytes"],
    };

    /// <summary>Refuses a database that is not ours: a newer schema version, or a table of ours with other columns.</summary>
    private void CheckSchema()
    {
        var version = Convert.ToInt32(Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
            throw new StorageException($"{DatabasePath} has schema version {version}; this TicketLab reads up to {SchemaVersion}");
        foreach (var (table, columns) in Tables)
        {
            using var cmd = Command($"SELECT name FROM pragma_table_info('{table}')");
            using var r = cmd.ExecuteReader();
            var have = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (r.Read()) have.Add(r.GetString(0));
            if (have.Count == 0) continue; // created below
            var lacking = columns.Where(c => !have.Contains(c)).ToList();
            if (lacking.Count > 0)
                throw new StorageException($"{DatabasePath} is not a TicketLab results store: its table '{table}' has no column {string.Join(", ", lacking)}");
        }
    }

    private void CreateSchema()
    {
        Write(() =>
        {
            Exec("""
                CREATE TABLE IF NOT EXISTS runs (
                    name TEXT PRIMARY KEY, group_key TEXT NOT NULL, dataset TEXT NOT NULL, model TEXT NOT NULL, seed INTEGER NOT NULL,
                    canonical TEXT NOT NULL, hparams TEXT NOT NULL, rewind TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'partial')), error TEXT,
                    started TEXT NOT NULL, finished TEXT, host TEXT, pid INTEGER, heartbeat TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS runs_group ON runs (group_key);
                CREATE TABLE IF NOT EXISTS levels (
                    run TEXT NOT NULL REFERENCES runs (name) ON DELETE CASCADE, level INTEGER NOT NULL, method TEXT NOT NULL,
                    sparsity REAL NOT NULL, sparsity_all REAL NOT NULL, best_epoch INTEGER NOT NULL,
                    train_loss REAL NOT NULL, train_acc REAL NOT NULL, val_loss REAL NOT NULL, val_acc REAL NOT NULL,
                    test_loss REAL NOT NULL, test_acc REAL NOT NULL, seconds REAL NOT NULL, per_tensor TEXT NOT NULL,
                    PRIMARY KEY (run, level, method));
                CREATE TABLE IF NOT EXISTS epochs (
                    run TEXT NOT NULL, level INTEGER NOT NULL, method TEXT NOT NULL, epoch INTEGER NOT NULL,
                    train_loss REAL NOT NULL, train_acc REAL NOT NULL, val_loss REAL NOT NULL, val_acc REAL NOT NULL, seconds REAL NOT NULL,
                    PRIMARY KEY (run, level, method, epoch),
                    FOREIGN KEY (run, level, method) REFERENCES levels (run, level, method) ON DELETE CASCADE);
                CREATE TABLE IF NOT EXISTS artefacts (
                    run TEXT NOT NULL REFERENCES runs (name) ON DELETE CASCADE, level INTEGER NOT NULL, method TEXT NOT NULL,
                    kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT, bytes INTEGER NOT NULL,
                    PRIMARY KEY (run, level, method, kind));
                """);
            Exec($"PRAGMA user_version = {SchemaVersion}");
        });
        Exec("PRAGMA foreign_keys = ON"); // per connection, and a no-op inside a transaction
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    /// <summary>Inserts the run or replaces its row (its levels stay).</summary>
    public void UpsertRun(RunRecord run)
    {
        Write(() =>
        {
            Exec("""
                INSERT INTO runs (name, group_key, dataset, model, seed, canonical, hparams, rewind, state, error, started, finished, host, pid, heartbeat)
                VALUES ($name, $group, $dataset, $model, $seed, $canonical, $hparams, $rewind, $state, $error, $started, $finished, $host, $pid, $heartbeat)
                ON CONFLICT (name) DO UPDATE SET group_key = excluded.group_key, dataset = excluded.dataset, model = excluded.model,
                    seed = excluded.seed, canonical = excluded.canonical, hparams = excluded.hparams, rewind = excluded.rewind,
                    state = excluded.state, error = excluded.error, started = excluded.started, finished = excluded.finished,
                    host = excluded.host, pid = excluded.pid, heartbeat = excluded.heartbeat
                """,
                ("$name", run.Name), ("$group", run.GroupKey), ("$dataset", run.Dataset), ("$model", run.Model), ("$seed", run.Seed),
                ("$canonical", run.Canonical), ("$hparams", run.HparamsJson), ("$rewind", run.Rewind), ("$state", RunStates.Name(run.State)),
                ("$error", run.Error), ("$started", Time(run.Started)), ("$finished", run.Finished is { } f ? Time(f) : null),
                ("$host", run.Host), ("$pid", run.Pid), ("$heartbeat", Time(run.Heartbeat)));
        });
    }

    /// <summary>Marks a run done, failed, partial or running again; done and failed also stamp the finish time.</summary>
    public void SetState(string runName, RunState state, string? error = null)
    {
        var now = Time(DateTimeOffset.UtcNow);
        Write(() =>
        {
            var n = Exec("UPDATE runs SET state = $state, error = $error, heartbeat = $now, finished = $finished WHERE name = $name",
                ("$state", RunStates.Name(state)), ("$error", error), ("$now", now),
                ("$finished", state is RunState.Done or RunState.Failed ? now : null), ("$name", runName));
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
            Exec("DELETE FROM epochs WHERE run = $run AND level = $level AND method = $method",
                ("$run", runName), ("$level", r.Level), ("$method", r.Method));
            Exec("""
                INSERT OR REPLACE INTO levels (run, level, method, sparsity, sparsity_all, best_epoch, train_loss, train_acc, val_loss, val_acc, test_loss, test_acc, seconds, per_tensor)
                VALUES ($run, $level, $method, $sparsity, $all, $best, $tl, $ta, $vl, $va, $xl, $xa, $seconds, $per)
                """,
                ("$run", runName), ("$level", r.Level), ("$method", r.Method), ("$sparsity", r.Sparsity), ("$all", r.SparsityOfAll),
                ("$best", r.Training.BestEpoch), ("$tl", best.Train.Loss), ("$ta", best.Train.Accuracy), ("$vl", best.Validation.Loss),
                ("$va", best.Validation.Accuracy), ("$xl", r.Training.Test.Loss), ("$xa", r.Training.Test.Accuracy),
                ("$seconds", r.Training.Seconds), ("$per", JsonSerializer.Serialize(r.PerTensor)));
            foreach (var e in r.Training.Epochs)
                Exec("""
                    INSERT INTO epochs (run, level, method, epoch, train_loss, train_acc, val_loss, val_acc, seconds)
                    VALUES ($run, $level, $method, $epoch, $tl, $ta, $vl, $va, $seconds)
                    """,
                    ("$run", runName), ("$level", r.Level), ("$method", r.Method), ("$epoch", e.Epoch), ("$tl", e.Train.Loss),
                    ("$ta", e.Train.Accuracy), ("$vl", e.Validation.Loss), ("$va", e.Validation.Accuracy), ("$seconds", e.Seconds));
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
                INSERT OR REPLACE INTO artefacts (run, level, method, kind, path, sha256, bytes)
                VALUES ($run, $level, $method, $kind, $path, $sha, $bytes)
                """,
                ("$run", a.Run), ("$level", a.Level), ("$method", a.Method), ("$kind", a.Kind), ("$path", Relative(a.Path)),
                ("$sha", a.Sha256), ("$bytes", a.Bytes));
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
            Exec("DELETE FROM epochs WHERE run = $run", ("$run", runName));
            Exec("DELETE FROM levels WHERE run = $run", ("$run", runName));
            Exec("DELETE FROM artefacts WHERE run = $run", ("$run", runName));
            Exec("DELETE FROM runs WHERE name = $run", ("$run", runName));
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
                Exec("DELETE FROM levels WHERE run = $run AND level = $level AND method = $method", ("$run", run.Name), ("$level", l.Level), ("$method", l.Method));
            Exec("UPDATE runs SET heartbeat = $h WHERE name = $name", ("$h", Time(run.Heartbeat)), ("$name", run.Name));
        });
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    public IReadOnlyList<RunRecord> Runs() => ReadRuns("SELECT * FROM runs ORDER BY dataset, model, group_key, seed, name");

    public RunRecord? Run(string name) => ReadRuns("SELECT * FROM runs WHERE name = $name", ("$name", name)).SingleOrDefault();

    /// <summary>Replicate groups: runs sharing a group key, in dataset, model, key order.</summary>
    public IReadOnlyList<RunGroup> Groups() => Runs()
        .GroupBy(r => r.GroupKey)
        .Select(g => new RunGroup(g.Key, g.First().Dataset, g.First().Model, g.First().Rewind, g.OrderBy(r => r.Seed).ToList()))
        .ToList();

    /// <summary>A run's finished levels, by level then method.</summary>
    public IReadOnlyList<LevelRecord> Levels(string runName)
    {
        using var cmd = Command("SELECT * FROM levels WHERE run = $run ORDER BY level, method", ("$run", runName));
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
        return list;
    }

    public bool HasLevel(string runName, int level, string method) =>
        Convert.ToInt64(Scalar("SELECT count(*) FROM levels WHERE run = $run AND level = $level AND method = $method",
            ("$run", runName), ("$level", level), ("$method", method)), CultureInfo.InvariantCulture) > 0;

    /// <summary>The epochs of one level and method, in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs(string runName, int level, string method)
    {
        using var cmd = Command("SELECT epoch, train_loss, train_acc, val_loss, val_acc, seconds FROM epochs WHERE run = $run AND level = $level AND method = $method ORDER BY epoch",
            ("$run", runName), ("$level", level), ("$method", method));
        using var r = cmd.ExecuteReader();
        var list = new List<EpochMetrics>();
        while (r.Read())
            list.Add(new EpochMetrics(r.GetInt32(0), new Metrics(r.GetDouble(1), r.GetDouble(2)), new Metrics(r.GetDouble(3), r.GetDouble(4)), r.GetDouble(5)));
        return list;
    }

    /// <summary>A run's recorded files; paths come back absolute.</summary>
    public IReadOnlyList<ArtefactRecord> Artefacts(string runName)
    {
        using var cmd = Command("SELECT level, method, kind, path, sha256, bytes FROM artefacts WHERE run = $run ORDER BY level, method, kind", ("$run", runName));
        using var r = cmd.ExecuteReader();
        var list = new List<ArtefactRecord>();
        while (r.Read())
            list.Add(new ArtefactRecord(runName, r.GetInt32(0), r.GetString(1), r.GetString(2), Path.GetFullPath(r.GetString(3), RunsDir),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5)));
        return list;
    }

    /// <summary>SQLite's own consistency check: "ok" when the file is sound.</summary>
    public string IntegrityCheck() => Convert.ToString(Scalar("PRAGMA integrity_check"), CultureInfo.InvariantCulture) ?? "";

    public void Dispose() => connection.Dispose();

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
        Exec("UPDATE runs SET heartbeat = $now WHERE name = $name", ("$now", Time(DateTimeOffset.UtcNow)), ("$name", runName));

    private string Relative(string path)
    {
        var full = Path.GetFullPath(path, RunsDir);
        var rel = Path.GetRelativePath(RunsDir, full);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel;
    }

    /// <summary>Runs <paramref name="body"/> in one immediate (write-locking) transaction, or in the one already open.</summary>
    private void Write(Action body)
    {
        if (transaction is not null) { body(); return; }
        // IMMEDIATE takes the write lock up front, so a busy writer waits (busy timeout) instead of failing mid-transaction.
        try
        {
            Guard(DatabasePath, () =>
            {
                transaction = connection.BeginTransaction(deferred: false);
                body();
                transaction.Commit();
            });
        }
        finally
        {
            transaction?.Dispose();
            transaction = null;
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private int Exec(string sql, params (string, object?)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string, object?)[] args)
    {
        using var cmd = Command(sql, args);
        return cmd.ExecuteScalar();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
