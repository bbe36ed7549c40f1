using Microsoft.Data.Sqlite;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Store;
using TicketLab.Training;

namespace TicketLab.Tests.Faults;

/// <summary>`runs`, `report` and indexing on runs folders holding what crashes, kills and hands leave behind: checkpoints, temp files,
/// garbage files, foreign stores, read-only and full disks, deleted runs.</summary>
public class RunsFolderFaultTests
{
    private static readonly LevelResult[] Levels = [FakeRuns.Level(0, Methods.Dense, 0.85), FakeRuns.Level(1, Methods.Ticket, 0.86)];

    private static void Checkpoint(string dir)
    {
        using var net = new TextCnn(30, 2, new ModelHparams(EmbeddingDim: 8, Filters: 4), 1);
        using var w = WeightSnapshot.Of(net);
        new FolderCheckpointStore(dir).Save(new TrainingCheckpoint(1, 4, [new EpochMetrics(0, new Metrics(0.7, 0.5), new Metrics(0.7, 0.5), 1)], w, w, [9, 9]));
    }

    private static string[] Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ReindexReadsOnlyLevelResultsAndTheSweepRemovesLeftovers()
    {
        using var runs = new TempDir();
        var run = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(), Levels, state: "running");
        var stale = Path.Combine(run, "levels", "01", "ticket.checkpoint");       // the level finished; a kill kept its checkpoint
        var live = Path.Combine(run, "levels", "02", "ticket.checkpoint");        // still training: no result yet
        Checkpoint(stale);
        Checkpoint(live);
        var orphan = Path.Combine(run, "levels", "01", ".ticket.weights.0123abcd.tmp");
        File.WriteAllBytes(orphan, new byte[4096]);

        var r = CliProcess.Run("runs", runs.Path, "--reindex");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("| 1 (2 trained) |", r.Stdout); // the checkpoint manifests are not levels
        Assert.DoesNotContain("unreadable", r.Stdout);

        var removed = new FolderLevelStore(run).SweepLeftovers();
        Assert.Equal(new[] { orphan, stale }.Order(), removed.Order());
        Assert.False(File.Exists(orphan));
        Assert.False(Directory.Exists(stale));
        Assert.NotNull(new FolderCheckpointStore(live).TryLoad()); // a level still training keeps its checkpoint
        Assert.Empty(new FolderLevelStore(run).SweepLeftovers());
    }

    [Fact]
    public void GarbageStatusRunAndLevelFilesAreReportedNotFatal()
    {
        using var runs = new TempDir();
        var badStatus = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 1), Levels);
        var badRun = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 2), Levels);
        var badLevel = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 3), Levels);
        File.WriteAllText(Path.Combine(badStatus, "status.json"), "{\"state\": \"do");              // torn
        File.WriteAllText(Path.Combine(badRun, "run.json"), "\0\0garbage");
        var level = Path.Combine(badLevel, "levels", "01", "ticket.json");
        File.WriteAllText(level, File.ReadAllText(level)[..40]);

        foreach (var args in new[] { new[] { "runs", runs.Path }, ["runs", runs.Path, "--reindex"] })
        {
            var r = CliProcess.Run(args);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var lines = Lines(r.Stdout);
            Assert.Contains(lines, l => l.StartsWith($"unreadable: {Path.Combine(badStatus, "status.json")}: "));
            Assert.Contains(lines, l => l.StartsWith($"unreadable: {Path.Combine(badRun, "run.json")}: "));
            Assert.Contains(lines, l => l.StartsWith($"unreadable: {level}: "));
            Assert.Contains(lines, l => l.Contains(Path.GetFileName(badLevel)) && l.Contains("| 0 (1 trained) |")); // its readable level stays
        }
        var report = CliProcess.Run("report", runs.Path, "--out", Path.Combine(runs.Path, "out"));
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("warning: unreadable: ", report.Stderr);
    }

    [Theory]
    [InlineData("folder", "it is a folder")]
    [InlineData("garbage", "the file is not a database")]
    [InlineData("schema", "has no column")]
    [InlineData("newer", "schema version 99")]
    public void AForeignStoreIsOneErrorNamingThePath(string kind, string cause)
    {
        using var runs = new TempDir();
        FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(), Levels);
        var db = Path.Combine(runs.Path, ResultsStore.FileName);
        switch (kind)
        {
            case "folder": Directory.CreateDirectory(db); break;
            case "garbage": File.WriteAllBytes(db, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray()); break;
            default:
                using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
                {
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = kind == "schema" ? "CREATE TABLE runs (id INTEGER, title TEXT)" : "PRAGMA user_version = 99";
                    cmd.ExecuteNonQuery();
                }
                break;
        }
        foreach (var args in new[] { new[] { "runs", runs.Path }, ["runs", runs.Path, "--reindex"], ["report", runs.Path, "--out", Path.Combine(runs.Path, "out")] })
        {
            var r = CliProcess.Run(args);
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(Lines(r.Stderr));
            Assert.StartsWith($"error: {db} ", line);
            Assert.Contains(cause, line);
        }
    }

    [Fact]
    public void ARunDeletedByHandIsNoLongerListedAsDone()
    {
        using var runs = new TempDir();
        var keep = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 1), Levels);
        var gone = FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 2), Levels);
        Assert.Equal(0, CliProcess.Run("runs", runs.Path, "--reindex").ExitCode);
        Directory.Delete(gone, recursive: true);

        foreach (var args in new[] { new[] { "runs", runs.Path }, ["runs", runs.Path, "--reindex"] })
        {
            var r = CliProcess.Run(args);
            Assert.Equal(0, r.ExitCode);
            Assert.DoesNotContain(Lines(r.Stdout), l => l.StartsWith($"| {Path.GetFileName(gone)} "));
            Assert.Contains(Lines(r.Stdout), l => l.StartsWith($"| {Path.GetFileName(keep)} | done |"));
            Assert.Contains($"missing: {Path.GetFileName(gone)}: its folder {gone} is gone", r.Stdout);
        }
    }

    [SkippableFact]
    public void RunsAndReportWorkOnAReadOnlyRunsFolder()
    {
        Skip.IfNot(MountedCli.Available.Value, "needs a mount namespace: as root, nothing else makes a folder read-only");
        using var runs = new TempDir();
        using var outside = new TempDir();
        FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 1), Levels);
        FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(seed: 2), Levels);
        foreach (var withStore in new[] { false, true })
        {
            if (withStore) Assert.Equal(0, CliProcess.Run("runs", runs.Path, "--reindex").ExitCode);
            var listed = MountedCli.ReadOnly(runs.Path, "runs", runs.Path);
            Assert.True(listed.ExitCode == 0, listed.Stderr);
            Assert.Equal(2, Lines(listed.Stdout).Count(l => l.Contains("| done | imdb | CNN |")));
            var report = MountedCli.ReadOnly(runs.Path, "report", runs.Path, "--out", outside.Path);
            Assert.True(report.ExitCode == 0, report.Stderr);
            Assert.Contains("| CNN | 1 | 60.00% | 50.00% |", File.ReadAllText(Path.Combine(outside.Path, "imdb", "levels.md"))); // FakeRuns: 40% of all parameters, 50% of the prunable pruned
            Assert.Equal(withStore, File.Exists(Path.Combine(runs.Path, ResultsStore.FileName)));
        }
        // writing there is a one-line error naming the path, not a stack trace
        var reindex = MountedCli.ReadOnly(runs.Path, "report", runs.Path);
        Assert.Equal(2, reindex.ExitCode);
        var line = Assert.Single(Lines(reindex.Stderr));
        Assert.StartsWith($"error: cannot write {Path.Combine(runs.Path, "report")}", line);
        Assert.Contains("Read-only file system", line);
    }

    [SkippableFact]
    public void AFullDiskIsOneErrorNamingThePath()
    {
        Skip.IfNot(MountedCli.Available.Value, "needs a mount namespace for a small tmpfs");
        using var runs = new TempDir();
        using var disk = new TempDir();
        FakeRuns.WriteFolder(runs.Path, FakeRuns.Hparams(), Levels);
        // the report goes to a 256 KiB tmpfs that is already full
        var r = MountedCli.Full(disk.Path, 256, $"dd if=/dev/zero of='{disk.Path}/fill' bs=1k count=300 2>/dev/null; true", "report", runs.Path, "--out", disk.Path);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(Lines(r.Stderr));
        Assert.StartsWith($"error: cannot write {disk.Path}", line);
        Assert.Contains("No space left on device", line);

        // the store on a full disk: the same
        var s = MountedCli.Full(disk.Path, 256, $"cp -r '{runs.Path}/.' '{disk.Path}/' && dd if=/dev/zero of='{disk.Path}/fill' bs=1k count=300 2>/dev/null; true", "runs", disk.Path, "--reindex");
        Assert.Equal(2, s.ExitCode);
        line = Assert.Single(Lines(s.Stderr));
        Assert.StartsWith($"error: cannot write {Path.Combine(disk.Path, ResultsStore.FileName)}", line);
    }

    [Fact]
    public async Task ReadingWhileAnotherWriterWritesNeverFails()
    {
        using var runs = new TempDir();
        var h = FakeRuns.Hparams(seed: 7);
        var run = FakeRuns.WriteFolder(runs.Path, h, [], state: "running");
        using var cancel = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            // what a live run does: store rows, level files, checkpoints appearing and going
            using var store = ResultsStore.Open(runs.Path);
            store.UpsertRun(RunRecord.Start(h, RunIdentity.Name(h), DateTimeOffset.UtcNow));
            int i = 0;
            while (!cancel.IsCancellationRequested)
            {
                var level = FakeRuns.Level(i % 5, i % 5 == 0 ? Methods.Dense : Methods.Ticket, 0.8);
                var ckpt = Path.Combine(run, "levels", $"{level.Level:D2}", $"{level.Method}.checkpoint");
                Checkpoint(ckpt);
                AtomicFile.WriteAllText(Path.Combine(run, "levels", $"{level.Level:D2}", $"{level.Method}.json"), System.Text.Json.JsonSerializer.Serialize(level));
                store.RecordLevel(RunIdentity.Name(h), level);
                FolderCheckpointStore.Remove(ckpt);
                i++;
            }
            return i;
        });
        var polls = 0;
        while (polls < 40)
        {
            using var snapshot = ResultsStore.OpenSnapshot(runs.Path);
            snapshot.ImportAll();
            Assert.Empty(snapshot.Problems);
            Assert.NotEmpty(RunsTable.From(snapshot, DateTimeOffset.UtcNow).Rows);
            polls++;
        }
        for (int i = 0; i < 3; i++)
        {
            var r = CliProcess.Run("runs", runs.Path);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.DoesNotContain("unreadable", r.Stdout);
        }
        cancel.Cancel();
        Assert.True(await writer > 0);
    }
}
