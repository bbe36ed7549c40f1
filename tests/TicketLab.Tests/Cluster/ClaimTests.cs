using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Cluster;

/// <summary>Claims on units, the same on both stores: a live lease is never taken, a stale or orphaned one is, a unit waits for the one
/// it builds on, and claimers racing each other never get the same unit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimTests(PostgresServer server) : IDisposable
{
    private readonly TempDirs dirs = new();

    public void Dispose() => dirs.Dispose();

    private static readonly PruningHparams TwoLevels = new(Rate: 0.5, Levels: 2, Baselines: Baselines.RandomPrune | Baselines.RandomReinit);

    private static readonly LeaseHolder A = new("host-a", 1001, "a"), B = new("host-b", 1002, "b");

    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    private ResultsStore Open(string kind, string? url = null, string? runs = null)
    {
        runs ??= dirs.New();
        if (kind == "sqlite") return ResultsStore.Open(runs);
        return ResultsStore.Open(PostgresServer.Location(url ?? server.NewDatabase(), runs));
    }

    private string NewUrlOrNull(string kind) => kind == "postgres" ? server.NewDatabase() : null!;

    private static void Register(ResultsStore store, string run, PruningHparams pruning, string? denseShares = null, Func<LevelUnit, string?>? shares = null) =>
        store.RegisterUnits(run, LevelUnits.Plan(pruning).Select(u => (u, LevelUnits.After(u, pruning))),
            shares: shares ?? (u => u.Level == 0 && u.Method == Methods.Dense ? denseShares : null));

    [Fact]
    public void ARetrainingChainWaitsForItsOwnLevelBeforeAndAUnitOfItWalksThatLevel()
    {
        var chains = TwoLevels with { Baselines = Baselines.FineTune | Baselines.LrRewind };
        foreach (var method in new[] { Methods.Ticket, Methods.FineTune, "lr-rewind" })
        {
            Assert.Equal(new LevelUnit(0, Methods.Dense), LevelUnits.After(new LevelUnit(1, method), chains));
            Assert.Equal(new LevelUnit(1, method), LevelUnits.After(new LevelUnit(2, method), chains));
            Assert.Equal([new LevelUnit(0, Methods.Dense), new LevelUnit(1, method), new LevelUnit(2, method)],
                LevelUnits.Needs(new LevelUnit(2, method), chains).OrderBy(u => u.Level));
        }
        Assert.Equal(new LevelUnit(0, Methods.Dense), LevelUnits.After(new LevelUnit(2, Methods.FineTune), chains with { Mode = PruningMode.OneShot }));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void TheDenseRewindControlWaitsForItsRunsDenseLevel(string kind)
    {
        var late = TwoLevels with { Rewind = RewindPoint.Parse("2%") };
        Assert.Equal(new LevelUnit(0, Methods.Dense), LevelUnits.After(new LevelUnit(0, Methods.DenseRewind), late));
        using var store = Open(kind);
        Register(store, "r", late);
        var dense = store.Claim(["r"], A, Long)!;
        Assert.Equal(new LevelUnit(0, Methods.Dense), dense.Unit);
        Assert.Null(store.Claim(["r"], B, Long)); // it restarts from the dense run's weights at 2%: none yet
        store.Complete(dense);
        Assert.Equal(new LevelUnit(0, Methods.DenseRewind), store.Claim(["r"], B, Long)!.Unit);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ADenseUnitSharedWithOneInFlightWaitsForItAndAnotherKeyDoesNot(string kind)
    {
        using var store = Open(kind);
        Register(store, "r1", TwoLevels, denseShares: "k");
        Register(store, "r2", TwoLevels, denseShares: "k");   // a rewind sweep's second point: the same dense training
        Register(store, "r3", TwoLevels, denseShares: "other");
        var first = store.Claim(["r1", "r2", "r3"], A, Long)!;
        Assert.Equal(("r1", new LevelUnit(0, Methods.Dense)), (first.Run, first.Unit));
        var second = store.Claim(["r1", "r2", "r3"], B, Long)!;
        Assert.Equal(("r3", new LevelUnit(0, Methods.Dense)), (second.Run, second.Unit)); // not r2: r1 trains its dense unit now
        Assert.Null(store.Claim(["r1", "r2", "r3"], new LeaseHolder("host-c", 3, "c"), Long));
        Assert.Equal(UnitState.Waiting, store.Units(["r2"]).Single(u => u.Unit.Level == 0).State);

        Assert.False(store.Complete(first));
        var next = store.Claim(["r2"], B, Long)!;
        Assert.Equal(("r2", new LevelUnit(0, Methods.Dense)), (next.Run, next.Unit)); // done: r2 now reuses it

        // a lease gone silent does not hold the others back: its unit is taken over, and its twin is free too
        Register(store, "r4", TwoLevels, denseShares: "late");
        Register(store, "r5", TwoLevels, denseShares: "late");
        var silent = store.Claim(["r4"], A, Long)!;
        Assert.Equal("r4", silent.Run);
        Thread.Sleep(50);
        var twin = store.Claim(["r5"], B, TimeSpan.FromMilliseconds(10))!;
        Assert.Equal(("r5", new LevelUnit(0, Methods.Dense)), (twin.Run, twin.Unit));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void AChainLevelSharedWithOneInFlightWaitsForItThenItsRunReusesIt(string kind)
    {
        using var store = Open(kind);
        // two runs that differ only in their baselines: one dense unit and one ticket chain
        string? Shares(LevelUnit u) => u.Method is Methods.Dense or Methods.Ticket ? $"{u.Method}-{u.Level}" : null;
        Register(store, "r1", TwoLevels, shares: Shares);
        Register(store, "r2", TwoLevels, shares: Shares);
        foreach (var run in new[] { "r1", "r2" }) Assert.False(store.Complete(store.Claim([run], A, Long)!)); // the dense levels

        var first = store.Claim(["r1", "r2"], A, Long)!;
        Assert.Equal(("r1", new LevelUnit(1, Methods.Ticket)), (first.Run, first.Unit));
        Assert.Null(store.Claim(["r1", "r2"], B, Long)); // r2's level-1 ticket is r1's in flight, and the rest waits for a ticket
        Assert.False(store.Complete(first));
        var second = store.Claim(["r2"], B, Long)!;
        Assert.Equal(("r2", new LevelUnit(1, Methods.Ticket)), (second.Run, second.Unit)); // done: r2 now reuses it
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ALiveLeaseIsNeverTakenAndOneSilentLongerThanTheTimeoutIs(string kind)
    {
        using var store = Open(kind);
        Register(store, "r", TwoLevels);
        var first = store.Claim(["r"], A, Long)!;
        Assert.Equal(new LevelUnit(0, Methods.Dense), first.Unit);
        Assert.False(first.TakenOver);
        Assert.Null(store.Claim(["r"], B, Long)); // dense is held, and everything else waits for it

        Thread.Sleep(300);
        var taken = store.Claim(["r"], B, TimeSpan.FromMilliseconds(100))!; // A's heartbeat is older than the timeout
        Assert.Equal(first.Unit, taken.Unit);
        Assert.True(taken.TakenOver);
        Assert.False(store.Renew(first)); // A learns it lost the lease
        Assert.True(store.Renew(taken));
        var unit = Assert.Single(store.Units(["r"]), u => u.State == UnitState.Running);
        Assert.Equal(("host-b", 1002, 2), (unit.Host, unit.Pid, unit.Attempts));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ALeaseWhoseProcessIsGoneFromThisHostIsTakenAtOnceOneWhoseProcessLivesIsNot(string kind)
    {
        using var store = Open(kind);
        Register(store, "dead", TwoLevels);
        Register(store, "alive", TwoLevels);
        using (var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            exited.WaitForExit();
            var orphan = store.Claim(["dead"], new LeaseHolder(Environment.MachineName, exited.Id, "gone"), Long)!;
            Assert.Equal("dead", orphan.Run);
        }
        // pid 1 lives and started long before the lease: its lease stands however long the timeout
        var live = store.Claim(["alive"], new LeaseHolder(Environment.MachineName, 1, "init"), Long)!;
        var me = LeaseHolder.NewWorker();
        Assert.Null(store.Claim(["alive"], me, Long));
        var resumed = store.Claim(["dead", "alive"], me, Long)!;
        Assert.Equal(("dead", new LevelUnit(0, Methods.Dense), true), (resumed.Run, resumed.Unit, resumed.TakenOver));
        Assert.True(store.Renew(live));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void AUnitWaitsForTheOneItBuildsOnAndALevelsBaselinesRunInParallel(string kind)
    {
        using var store = Open(kind);
        Register(store, "r", TwoLevels);
        var dense = store.Claim(["r"], A, Long)!;
        Assert.False(store.Complete(dense));
        var ticket1 = store.Claim(["r"], A, Long)!;
        Assert.Equal(new LevelUnit(1, Methods.Ticket), ticket1.Unit);
        Assert.Null(store.Claim(["r"], B, Long)); // level 1's baselines and level 2 wait for the level 1 ticket
        Assert.False(store.Complete(ticket1));

        var parallel = new[] { A, B, new LeaseHolder("host-c", 3, "c") }.Select(h => store.Claim(["r"], h, Long)!).ToList();
        Assert.Equal(
            [new LevelUnit(1, Methods.RandomPrune), new LevelUnit(1, Methods.RandomReinit), new LevelUnit(2, Methods.Ticket)],
            parallel.Select(c => c.Unit).OrderBy(u => u.Level).ThenBy(u => LotteryMethods.Rank(u.Method)));
        Assert.Null(store.Claim(["r"], new LeaseHolder("host-d", 4, "d"), Long)); // level 2's baselines wait for its ticket
        Assert.All(parallel, c => Assert.False(store.Complete(c)));

        var last = new List<UnitClaim>();
        while (store.Claim(["r"], A, Long) is { } c) last.Add(c);
        Assert.Equal([Methods.RandomPrune, Methods.RandomReinit], last.Select(c => c.Unit.Method));
        Assert.Equal([false, true], last.Select(store.Complete)); // only the run's last unit says so
        Assert.All(store.Units(["r"]), u => Assert.Equal((UnitState.Done, 1), (u.State, u.Attempts)));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ClaimersRacingOnSeparateConnectionsNeverGetTheSameUnit(string kind)
    {
        var runs = dirs.New();
        var url = NewUrlOrNull(kind);
        var oneShot = TwoLevels with { Mode = PruningMode.OneShot, Levels = 3 };
        var names = new[] { "r1", "r2", "r3" };
        using (var setup = Open(kind, url, runs))
            foreach (var n in names) Register(setup, n, oneShot);
        var claims = new ConcurrentBag<UnitClaim>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var workers = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            using var store = Open(kind, url, runs);
            var me = new LeaseHolder($"host-{i}", 100 + i, $"w{i}");
            while (DateTime.UtcNow < deadline)
            {
                if (store.Claim(names, me, Long) is { } c) { claims.Add(c); store.Complete(c); continue; }
                if (store.Units(names).All(u => u.State == UnitState.Done)) return;
                Thread.Sleep(5);
            }
        })).ToArray();
        Task.WaitAll(workers);
        int units = names.Length * LevelUnits.Plan(oneShot).Count;
        Assert.Equal(units, claims.Count);
        Assert.Equal(units, claims.Select(c => (c.Run, c.Unit)).Distinct().Count());
        using var check = Open(kind, url, runs);
        Assert.All(check.Units(names), u => Assert.Equal(1, u.Attempts));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void ReleasedAndFailedUnitsGoBackToWaitingForTheNextWorker(string kind)
    {
        using var store = Open(kind);
        Register(store, "r", TwoLevels);
        var held = store.Claim(["r"], A, Long)!;
        store.Release(held);
        Assert.Equal(UnitState.Waiting, store.Units(["r"])[0].State);
        var again = store.Claim(["r"], B, Long)!;
        Assert.False(again.TakenOver); // released, not orphaned
        store.Fail(again, "boom");
        Assert.Equal((UnitState.Failed, "boom"), (store.Units(["r"])[0].State, store.Units(["r"])[0].Error));
        Assert.Null(store.Claim(["r"], B, Long));
        store.RetryFailed(["r"]);
        Assert.Equal(again.Unit, store.Claim(["r"], B, Long)!.Unit);
    }

    [Fact]
    public void AVersion1SqliteStoreIsMigratedAndKeepsItsRunsAndANewerOneIsRefused()
    {
        var runs = dirs.New();
        var path = Path.Combine(runs, ResultsStore.FileName);
        using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            using var cmd = v1.CreateCommand();
            // the tables as TicketLab wrote them before schema version 2
            cmd.CommandText = """
                CREATE TABLE runs (name TEXT PRIMARY KEY, group_key TEXT NOT NULL, dataset TEXT NOT NULL, model TEXT NOT NULL, seed INTEGER NOT NULL,
                    canonical TEXT NOT NULL, hparams TEXT NOT NULL, rewind TEXT NOT NULL, state TEXT NOT NULL, error TEXT,
                    started TEXT NOT NULL, finished TEXT, host TEXT, pid INTEGER, heartbeat TEXT NOT NULL);
                INSERT INTO runs VALUES ('old', 'g', 'imdb', 'cnn', 1, '', '{}', '0', 'done', NULL,
                    '2026-01-01T00:00:00.0000000+00:00', NULL, NULL, NULL, '2026-01-01T00:00:00.0000000+00:00');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }
        using (var store = ResultsStore.Open(runs))
        {
            Assert.Equal("old", Assert.Single(store.Runs()).Name);
            Register(store, "old", TwoLevels);
            Assert.Equal(LevelUnits.Plan(TwoLevels).Count, store.Units().Count);
        }
        using (var file = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            file.Open();
            using var cmd = file.CreateCommand();
            cmd.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version)";
            Assert.Equal("2,3", cmd.ExecuteScalar()); // version 1 was the file's own
            cmd.CommandText = "PRAGMA user_version = 4";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StorageException>(() => ResultsStore.Open(runs));
        Assert.Contains("schema version 4", e.Message);
    }

    [Fact]
    public void AVersion2StoreWithoutTheSharesColumnIsMigratedAndItsUnitsKeepTheirState()
    {
        var runs = dirs.New();
        var path = Path.Combine(runs, ResultsStore.FileName);
        using (var store = ResultsStore.Open(runs))
        {
            Register(store, "old", TwoLevels);
            store.Complete(store.Claim(["old"], A, Long)!);
        }
        using (var file = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            file.Open();
            using var cmd = file.CreateCommand();
            // back to the version 2 schema, as TicketLab wrote it before units named their shared dense unit
            cmd.CommandText = "ALTER TABLE units DROP COLUMN shares; DELETE FROM schema_version WHERE version = 3; PRAGMA user_version = 2;";
            cmd.ExecuteNonQuery();
        }
        using (var store = ResultsStore.Open(runs))
        {
            Assert.Equal(UnitState.Done, store.Units(["old"]).Single(u => u.Unit.Level == 0).State);
            Register(store, "new", TwoLevels, denseShares: "k");
            Register(store, "twin", TwoLevels, denseShares: "k");
            Assert.Equal("new", store.Claim(["new", "twin"], A, Long)!.Run);
            Assert.NotEqual("twin", store.Claim(["new", "twin"], B, Long)?.Run);
        }
    }

    [SkippableFact]
    public void APostgresStoreRetriesThroughAServerRestart()
    {
        var url = server.NewDatabase();
        using var store = Open("postgres", url);
        Register(store, "r", TwoLevels);
        server.Stop();
        var restart = Task.Run(() => { Thread.Sleep(1500); server.Start(); });
        try
        {
            var claim = store.Claim(["r"], A, Long); // the connection dropped; retried until the server is back
            Assert.Equal(new LevelUnit(0, Methods.Dense), claim!.Unit);
        }
        finally { restart.Wait(); }
        Assert.Equal(UnitState.Running, store.Units(["r"])[0].State);
    }

    [Fact]
    public void AStoreUrlNamesUserHostAndDatabaseAndABadOneIsOneErrorNamingTheOption()
    {
        var runs = dirs.New();
        var at = StoreLocation.Parse("postgresql://me:secret@db.example:6543/study", runs);
        Assert.Equal(("me", "secret", "db.example", 6543, "study"), (at.User, at.Password, at.Host, at.Port, at.Database));
        Assert.Equal("postgresql://me@db.example:6543/study", at.ToString()); // never the password
        Assert.False(StoreLocation.Resolve(null, runs).IsPostgres || Environment.GetEnvironmentVariable(StoreLocation.Variable) is { Length: > 0 });
        var e = Assert.Throws<TicketLab.Hparams.SettingsException>(() => StoreLocation.Parse("mysql://me:pw@h/db", runs));
        Assert.StartsWith("--store must be a URL", e.Message);
        Assert.DoesNotContain("pw", e.Message);
        Assert.Contains("names no database", Assert.Throws<TicketLab.Hparams.SettingsException>(() => StoreLocation.Parse("postgresql://me@h", runs)).Message);
    }
}
