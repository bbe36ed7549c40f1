using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Store;

public class ResultsStoreTests
{
    [Fact]
    public void RecordingALevelAgainReplacesItAndItsEpochs()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        var h = FakeRuns.Hparams();
        var name = RunIdentity.Name(h);
        store.UpsertRun(RunRecord.Start(h, name, DateTimeOffset.UtcNow));
        store.RecordLevel(name, FakeRuns.Level(1, Methods.Ticket, 0.80, epochs: 4));
        store.RecordLevel(name, FakeRuns.Level(1, Methods.Ticket, 0.85, epochs: 2));

        var level = Assert.Single(store.Levels(name));
        Assert.Equal(0.85, level.Test.Accuracy);
        Assert.Equal(1, level.BestEpoch);
        Assert.Equal(0.85 + 0.01, level.Train.Accuracy, 12); // the best epoch's, not the last recorded one's
        Assert.Equal([0, 1], store.Epochs(name, 1, Methods.Ticket).Select(e => e.Epoch));
        Assert.Equal(50, Assert.Single(level.PerTensor).Pruned);
    }

    [Fact]
    public void RunsKeepTheirIdentityAndStateAndGroupBySeedlessHparams()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        foreach (var (seed, rewind) in new[] { (1, "0"), (2, "0"), (1, "1ep") })
        {
            var h = FakeRuns.Hparams(seed, rewind);
            store.UpsertRun(RunRecord.Start(h, RunIdentity.Name(h), DateTimeOffset.UtcNow));
        }
        var failed = RunIdentity.Name(FakeRuns.Hparams(2));
        store.SetState(failed, RunState.Failed, "out of memory");

        var groups = store.Groups();
        Assert.Equal(2, groups.Count);
        var replicates = groups.Single(g => g.Rewind == "0");
        Assert.Equal([1, 2], replicates.Runs.Select(r => r.Seed));
        Assert.Equal(RunIdentity.GroupKey(FakeRuns.Hparams(1)), replicates.Key);
        Assert.Equal("1ep", groups.Single(g => g.Key != replicates.Key).Rewind);
        var run = store.Run(failed)!;
        Assert.Equal((RunState.Failed, "out of memory"), (run.State, run.Error));
        Assert.NotNull(run.Finished);
        Assert.Equal(Environment.ProcessId, run.Pid);
        Assert.Throws<InvalidOperationException>(() => store.RecordLevel("no-such-run", FakeRuns.Level(0, Methods.Dense, 0.8)));
    }

    [Fact]
    public void ARunningRunWhoseProcessIsGoneIsPartial()
    {
        var now = DateTimeOffset.UtcNow;
        var h = FakeRuns.Hparams();
        var live = RunRecord.Start(h, "r", now);
        Assert.Equal(RunState.Running, RunLiveness.Effective(live, now));

        using var exited = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        exited.StandardOutput.ReadToEnd();
        exited.WaitForExit();
        Assert.Equal(RunState.Partial, RunLiveness.Effective(live with { Pid = exited.Id }, now));
        // a pid now held by a process that began after the run did is not the run's process
        using var self = Process.GetCurrentProcess();
        var beforeThisProcess = new DateTimeOffset(self.StartTime.ToUniversalTime()) - TimeSpan.FromMinutes(1);
        Assert.Equal(RunState.Partial, RunLiveness.Effective(live with { Started = beforeThisProcess }, now));

        var elsewhere = live with { Host = "another-host", Pid = 1 };
        Assert.Equal(RunState.Running, RunLiveness.Effective(elsewhere with { Heartbeat = now - TimeSpan.FromMinutes(5) }, now));
        Assert.Equal(RunState.Partial, RunLiveness.Effective(elsewhere with { Heartbeat = now - TimeSpan.FromHours(3) }, now));
        Assert.Equal(RunState.Done, RunLiveness.Effective(live with { State = RunState.Done, Pid = exited.Id }, now));
    }

    [Fact]
    public void ImportIndexesARunFolderAndDropsLevelsItNoLongerHolds()
    {
        using var dir = new TempDir();
        var h = FakeRuns.Hparams(seed: 3);
        var levels = new[] { FakeRuns.Level(0, Methods.Dense, 0.86), FakeRuns.Level(1, Methods.Ticket, 0.87), FakeRuns.Level(1, Methods.RandomPrune, 0.84) };
        var runDir = FakeRuns.WriteFolder(dir.Path, h, levels, state: "running");
        using var store = ResultsStore.Open(dir.Path);
        store.UpsertRun(RunRecord.Start(h, RunIdentity.Name(h), DateTimeOffset.UtcNow));
        store.RecordLevel(RunIdentity.Name(h), FakeRuns.Level(2, Methods.Ticket, 0.5)); // not in the folder

        var run = store.Import(runDir);
        Assert.Equal(RunIdentity.Name(h), run.Name);
        Assert.Equal(RunIdentity.GroupKey(h), run.GroupKey);
        Assert.Equal(Environment.ProcessId, run.Pid); // the live recorder's row keeps its process
        Assert.Equal(RunState.Running, run.State);
        Assert.Equal(levels.Select(l => (l.Level, l.Method, l.Training.Test.Accuracy)),
            store.Levels(run.Name).OrderBy(l => l.Level).ThenBy(l => l.Method == Methods.Ticket ? 0 : 1).Select(l => (l.Level, l.Method, l.Test.Accuracy)));
        Assert.Equal(3, store.Epochs(run.Name, 1, Methods.RandomPrune).Count);
    }

    [Fact]
    public async Task TwoProcessesWritingDifferentRunsIntoOneStoreBothSucceed()
    {
        using var dir = new TempDir();
        var folders = new[] { new List<string>(), new List<string>() };
        for (int i = 0; i < 24; i++)
        {
            var levels = Enumerable.Range(0, 6).SelectMany(l => l == 0
                ? [FakeRuns.Level(0, Methods.Dense, 0.8 + i / 1000.0)]
                : new[] { FakeRuns.Level(l, Methods.Ticket, 0.8 + i / 1000.0 + l / 100.0), FakeRuns.Level(l, Methods.RandomPrune, 0.7) });
            folders[i % 2].Add(FakeRuns.WriteFolder(dir.Path, FakeRuns.Hparams(seed: 100 + i), levels));
        }

        ResultsStore.Open(dir.Path).Dispose();
        List<Process> processes;
        List<(Task<string> Out, Task<string> Err)> outputs;
        // Hold the write lock while both start, so they queue on it and then contend with each other.
        using (var blocker = new SqliteConnection($"Data Source={Path.Combine(dir.Path, ResultsStore.FileName)};Pooling=False"))
        {
            blocker.Open();
            using var tx = blocker.BeginTransaction(deferred: false);
            // each process imports its own twelve runs, one transaction per run, into the same ticketlab.db
            processes = folders.Select(f => Process.Start(CliProcess.StartInfo(["runs", dir.Path, "--import", .. f]))!).ToList();
            outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // not a timing assertion: only makes the contention likely
            tx.Commit();
        }
        foreach (var (p, o) in processes.Zip(outputs))
        {
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "ticketlab runs did not finish");
            Assert.True(p.ExitCode == 0, await o.Err);
            await o.Out;
            p.Dispose();
        }

        using var store = ResultsStore.Open(dir.Path);
        Assert.Equal("ok", store.IntegrityCheck());
        var runs = store.Runs();
        Assert.Equal(folders.SelectMany(f => f).Select(Path.GetFileName).Order(), runs.Select(r => r.Name).Order());
        Assert.All(runs, r =>
        {
            Assert.Equal(RunState.Done, r.State);
            Assert.Equal(11, store.Levels(r.Name).Count);
            Assert.Equal(3, store.Epochs(r.Name, 5, Methods.Ticket).Count);
        });
        Assert.Equal(100 + 23, runs.Max(r => r.Seed));
    }
}
