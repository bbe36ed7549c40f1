using System.Diagnostics;
using TicketLab.Lottery;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Runs;
using TicketLab.Training;

namespace TicketLab.Tests.Cluster;

/// <summary>Workers sharing a study for real: separate processes on one SQLite runs folder, a worker killed with SIGKILL mid-level, a
/// stop request, and a PostgreSQL server restarted under running workers; each ends with the results one process gets alone.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerTests(PostgresServer server) : IDisposable
{
    private readonly TempDirs dirs = new();

    public void Dispose() => dirs.Dispose();

    [Fact]
    public void TwoWorkerProcessesShareASqliteStudyTrainNoUnitTwiceAndMatchOneProcess()
    {
        var study = StudyRuns.Write(dirs.New(), seeds: "1, 2", levels: 2);
        var shared = dirs.New();
        var workers = Enumerable.Range(0, 2).Select(_ => Process.Start(StudyRuns.Worker(study, shared))!).ToList();
        var outputs = workers.Select(p => (p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync())).ToList()
            .Select(w => StudyRuns.Finish(w.p, w.Item2, w.Item3)).ToList();
        workers.ForEach(p => p.Dispose());
        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.Stderr + o.Stdout));
        var alone = dirs.New();
        StudyRuns.RunAlone(study, alone);

        using var store = ResultsStore.Open(shared);
        var units = store.Units();
        Assert.Equal(10, units.Count); // 2 runs × (dense + 2 levels × (ticket, random-prune))
        Assert.All(units, u => Assert.Equal((UnitState.Done, 1), (u.State, u.Attempts))); // claimed once each: trained once
        Assert.All(outputs, o => Assert.Matches(@"worker: [1-9]\d* units trained", o.Stdout)); // both did some of it
        Assert.All(store.Runs(), r => Assert.Equal(RunState.Done, r.State));
        Assert.All(store.Runs(), r => Assert.True(File.Exists(Path.Combine(shared, r.Name, "results.csv"))));
        var listing = TicketLab.Tests.Cli.CliProcess.Run("runs", shared, "--units");
        Assert.Equal(10, listing.Stdout.Split('\n').Count(l => l.Contains("| done |")));
        using var reference = ResultsStore.Open(alone);
        var (levels, files) = StudyRuns.Results(store);
        var (expectedLevels, expectedFiles) = StudyRuns.Results(reference);
        Assert.Equal(expectedLevels, levels);
        Assert.Equal(expectedFiles, files);
    }

    [Fact]
    public async Task AWorkerKilledMidLevelIsResumedFromItsCheckpointByAnotherWithTheSameResults()
    {
        // epochs long enough (about a second here) to be killed inside one
        var study = StudyRuns.Write(dirs.New(), epochs: 2, baselines: "none", embedding: 64, filters: 32, batch: 4);
        var shared = dirs.New();
        using (var doomed = Process.Start(StudyRuns.Worker(study, shared))!)
        {
            var err = doomed.StandardError.ReadToEndAsync();
            string? line;
            // the dense level's first epoch is checkpointed before its line is logged
            while ((line = doomed.StandardOutput.ReadLine()) is not null && !line.Contains("epoch 1/2")) { }
            if (line is null) Assert.Fail($"the worker ended early: {await err}"); // awaited only then: stderr ends when the process does
            doomed.Kill(); // SIGKILL on Linux: no chance to release anything
            doomed.WaitForExit();
        }
        var run = Assert.Single(RunFolders.In(shared));
        Assert.True(Directory.Exists(Path.Combine(run, "levels", "00", "dense.checkpoint")));

        using var heir = Process.Start(StudyRuns.Worker(study, shared))!;
        var (code, stdout, stderr) = StudyRuns.Finish(heir, heir.StandardOutput.ReadToEndAsync(), heir.StandardError.ReadToEndAsync());
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("level 0 dense: claimed from a lost lease; resuming from its checkpoint", stdout);
        var dense = stdout[stdout.IndexOf("level 0 dense (", StringComparison.Ordinal)..];
        Assert.StartsWith("  epoch 2/2", dense.Split('\n')[1]); // epoch 1 came from the checkpoint, not trained again

        var alone = dirs.New();
        StudyRuns.RunAlone(study, alone);
        using var store = ResultsStore.Open(shared);
        using var reference = ResultsStore.Open(alone);
        Assert.Equal(2, store.Units().Single(u => u.Unit.Level == 0).Attempts);
        Assert.Equal(StudyRuns.Results(reference), StudyRuns.Results(store), ResultsComparer.Instance);
    }

    /// <summary>Two runs of a rewind sweep share one dense training: the second worker does not train it at the same time as the
    /// first (it waits, then reuses it), so the dense network is trained once.</summary>
    [Fact]
    public async Task TwoWorkersOnARewindSweepTrainItsSharedDenseLevelOnce()
    {
        var study = StudyRuns.Write(dirs.New(), epochs: 2, baselines: "none", train: 160);
        File.WriteAllText(study, File.ReadAllText(study).Replace("baselines: none", "baselines: none, rewind: [0, 1it]"));
        var shared = dirs.New();
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new ExperimentOptions(TestData.Fixtures, shared, Threads: 1, Downloader: TicketLab.Data.Downloader.Offline, Log: lines.Enqueue);
        var workers = Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => new StudyWorker(StudyFile.Load(study), options) { PollEvery = TimeSpan.FromMilliseconds(50) }.Run()))
            .ToArray();
        var outcomes = await Task.WhenAll(workers);
        Assert.True(outcomes.All(o => (o.Left, o.Failed) == (0, 0)), string.Join("\n", lines));
        using var store = ResultsStore.Open(shared);
        Assert.Equal(2, store.Units().Count(u => u.Unit.Level == 0 && u.Unit.Method == Methods.Dense && u.State == UnitState.Done));
        // one run trained it, the other reused it (when both train, neither says so: the first to publish wins)
        Assert.Single(lines, l => l.StartsWith("dense level reused from units/", StringComparison.Ordinal));
    }

    /// <summary>A baseline at level 3 walks the ticket's levels 3 and 2 from the store; their masks are read back, not pruned again
    /// (pruning level 2 needs level 1, which such a unit's walk does not hold: this once failed every level ≥ 3).</summary>
    [Fact]
    public void AWorkerTrainsBaselinesBeyondLevelTwoAsOneProcessDoes()
    {
        var study = StudyRuns.Write(dirs.New(), epochs: 1, levels: 3, baselines: "random-reinit", train: 64);
        var shared = dirs.New();
        var outcome = new StudyWorker(StudyFile.Load(study), new ExperimentOptions(TestData.Fixtures, shared, Threads: 1, Downloader: TicketLab.Data.Downloader.Offline)).Run();
        Assert.Equal((0, 0), (outcome.Left, outcome.Failed));
        var alone = dirs.New();
        StudyRuns.RunAlone(study, alone);
        using var store = ResultsStore.Open(shared);
        using var reference = ResultsStore.Open(alone);
        Assert.Equal(7, store.Units().Count(u => u.State == UnitState.Done)); // dense + 3 × (ticket, random-reinit)
        Assert.Equal(StudyRuns.Results(reference), StudyRuns.Results(store), ResultsComparer.Instance);
    }

    [Fact]
    public void AStopRequestReleasesTheUnitAfterItsEpochCheckpointAndTheNextWorkerFinishesIt()
    {
        var studyPath = StudyRuns.Write(dirs.New(), epochs: 2, baselines: "none");
        var file = StudyFile.Load(studyPath);
        var shared = dirs.New();
        using var stop = new CancellationTokenSource();
        var options = new ExperimentOptions(TestData.Fixtures, shared, Downloader: TicketLab.Data.Downloader.Offline)
        {
            TrainingObserver = new StopAfterFirstEpoch(stop),
        };
        var stopped = new StudyWorker(file, options).Run(stop.Token);
        Assert.Equal((0, true, 3), (stopped.Trained, stopped.Stopped, stopped.ExitCode));
        using (var store = ResultsStore.Open(shared))
            Assert.All(store.Units(), u => Assert.Equal(UnitState.Waiting, u.State)); // released, not left to expire
        var run = Assert.Single(RunFolders.In(shared));
        Assert.True(Directory.Exists(Path.Combine(run, "levels", "00", "dense.checkpoint")));

        var finished = new StudyWorker(file, options with { TrainingObserver = null }).Run();
        Assert.Equal((2, 0, 0), (finished.Trained, finished.Left, finished.ExitCode));
        var alone = dirs.New();
        new Study(file, options with { RunsDir = alone, TrainingObserver = null }).Run();
        using var a = ResultsStore.Open(shared);
        using var b = ResultsStore.Open(alone);
        Assert.Equal(StudyRuns.Results(b), StudyRuns.Results(a), ResultsComparer.Instance);
    }

    [SkippableFact]
    public async Task WorkersOnAPostgresStoreRetryThroughAServerRestartAndFinish()
    {
        var url = server.NewDatabase();
        var study = StudyRuns.Write(dirs.New(), epochs: 2, levels: 1, baselines: "random-prune,random-reinit");
        var shared = dirs.New();
        var first = Process.Start(StudyRuns.Worker(study, shared, url))!;
        var firstErr = first.StandardError.ReadToEndAsync();
        string? line;
        while ((line = first.StandardOutput.ReadLine()) is not null && !line.StartsWith("level 0 dense:", StringComparison.Ordinal)) { }
        if (line is null) Assert.Fail($"the worker ended early: {await firstErr}");
        var firstOut = first.StandardOutput.ReadToEndAsync();
        var second = Process.Start(StudyRuns.Worker(study, shared, url))!;
        server.Stop(); // mid-study: the dense unit is being marked done or the next ones claimed
        Thread.Sleep(2000);
        server.Start();
        var results = new[] { StudyRuns.Finish(first, firstOut, firstErr), StudyRuns.Finish(second, second.StandardOutput.ReadToEndAsync(), second.StandardError.ReadToEndAsync()) };
        first.Dispose();
        second.Dispose();
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout));

        using var store = ResultsStore.Open(PostgresServer.Location(url, shared));
        Assert.Equal(4, store.Units().Count);
        Assert.All(store.Units(), u => Assert.Equal(UnitState.Done, u.State));
        Assert.Equal(RunState.Done, Assert.Single(store.Runs()).State);
        Assert.Equal(4, store.Levels(store.Runs()[0].Name).Count);
        var report = TicketLab.Tests.Cli.CliProcess.Run("report", shared, "--store", url);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.True(File.Exists(Path.Combine(shared, "report", "report.html"))); // from the server's rows: the runs folder has no ticketlab.db
        Assert.False(File.Exists(Path.Combine(shared, ResultsStore.FileName)));
    }

    private sealed class StopAfterFirstEpoch(CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnEpoch(EpochMetrics m) => stop.Cancel();
    }

    private sealed class ResultsComparer : IEqualityComparer<(List<string> Levels, SortedDictionary<string, string> Files)>
    {
        public static readonly ResultsComparer Instance = new();

        public bool Equals((List<string> Levels, SortedDictionary<string, string> Files) x, (List<string> Levels, SortedDictionary<string, string> Files) y) =>
            x.Levels.SequenceEqual(y.Levels) && x.Files.SequenceEqual(y.Files);

        public int GetHashCode((List<string> Levels, SortedDictionary<string, string> Files) obj) => obj.Levels.Count;
    }
}
