using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Cluster;

/// <summary>A study submitted with `ticketlab slurm --submit` to a real Slurm cluster, its workers sharing a real PostgreSQL store: the
/// plain case, a task killed with SIGKILL mid-level, and a task signalled before its time limit; each ends with one process's results.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SlurmArrayTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(6);

    private readonly TempDirs dirs = new();

    public void Dispose() => dirs.Dispose();

    [SkippableFact]
    public void TwoArrayTasksShareTheStudyTrainEveryUnitOnceAndMatchOneProcess()
    {
        SlurmCluster.Require();
        var study = StudyRuns.Write(dirs.New(), seeds: "1, 2");
        var (runs, url, job) = Submit(study, workers: 2);
        SlurmCluster.WaitUntilGone(job, JobTimeout);

        var logs = Logs(runs);
        Assert.Equal(2, logs.Count);
        Assert.All(logs, l => Assert.Contains(", 1 threads", l)); // sized by SLURM_CPUS_PER_TASK=1, not by the node's cores
        using var store = ResultsStore.Open(PostgresServer.Location(url, runs));
        var units = store.Units();
        // 2 runs × (dense + 1 level × (ticket, random-prune)), claimed once each: trained once
        Assert.True(units.Count == 6 && units.All(u => (u.State, u.Attempts) == (UnitState.Done, 1)), Report(units, logs));
        AssertSameAsOneProcess(study, store);
    }

    [SkippableFact]
    public void ATaskKilledMidLevelIsResumedFromItsCheckpointByTheOtherTask()
    {
        SlurmCluster.Require();
        var study = StudyRuns.Write(dirs.New(), epochs: 8, baselines: "none", train: 300);
        var (runs, url, job) = Submit(study, workers: 2);
        using var store = ResultsStore.Open(PostgresServer.Location(url, runs));
        var victim = MidLevel(store, runs);
        Assert.Equal(0, SlurmCluster.Run("kill", "-KILL", victim.Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Code); // no chance to release its lease
        SlurmCluster.WaitUntilGone(job, JobTimeout);

        var (units, logs) = (store.Units(), Logs(runs));
        var resumed = Assert.Single(units, u => u.Run == victim.Run && u.Unit == victim.Unit);
        Assert.True((resumed.State, resumed.Attempts) == (UnitState.Done, 2), Report(units, logs));
        Assert.Contains(logs, l => l.Contains($"{victim.Run} {victim.Unit}: claimed from a lost lease; resuming from its checkpoint"));
        Assert.Empty(Directory.GetDirectories(runs, "*.checkpoint", SearchOption.AllDirectories));
        AssertSameAsOneProcess(study, store);
    }

    [SkippableTheory]
    [InlineData("USR1")] // what --signal=B:USR1@lead sends to the batch shell before the time limit; the script passes it on and requeues
    [InlineData("TERM")] // scontrol requeue (as preemption): Slurm sends SIGTERM to the task's processes and starts it again
    public void ATaskSignalledBeforeItsLimitCheckpointsReleasesItsUnitAndIsRequeuedToFinishIt(string signal)
    {
        SlurmCluster.Require();
        var study = StudyRuns.Write(dirs.New(), epochs: 8, baselines: "none", train: 300);
        var (runs, url, job) = Submit(study, workers: 1);
        using var store = ResultsStore.Open(PostgresServer.Location(url, runs));
        var stopped = MidLevel(store, runs);
        var sent = signal == "USR1" ? SlurmCluster.Run("scancel", "--batch", "--signal=USR1", job + "_0") : SlurmCluster.Run("scontrol", "requeue", job + "_0");
        Assert.True(sent.Code == 0, sent.Stderr);
        SlurmCluster.WaitUntilGone(job, JobTimeout);

        var (units, logs) = (store.Units(), Logs(runs));
        Assert.True(units.All(u => u.State == UnitState.Done), Report(units, logs));
        var log = Assert.Single(logs);
        Assert.Contains($"{stopped.Run} {stopped.Unit}: stopped; released for the next worker to resume from its checkpoint", log);
        if (signal == "USR1") Assert.Contains("requeueing task", log); // by the script; on TERM Slurm requeued it
        Assert.Contains("(restart 1)", log);
        Assert.Equal(2, Assert.Single(units, u => u.Run == stopped.Run && u.Unit == stopped.Unit).Attempts); // stopped, then finished by the requeued task
        AssertSameAsOneProcess(study, store);
    }

    /// <summary>`ticketlab slurm STUDY --submit` into a fresh runs folder and database: (runs folder, store URL, job id).</summary>
    private (string Runs, string Url, string Job) Submit(string study, int workers)
    {
        var runs = dirs.New();
        var url = server.NewDatabase();
        var r = CliProcess.Run("slurm", study, "--runs-dir", runs, "--store", url, "--workers", $"{workers}", "--data-dir", TestData.Fixtures,
            "--time", "10", "--submit");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Path.Combine(runs, "slurm", "ticketlab-smoke.sbatch"), lines[0]);
        Assert.Matches(@"^\d+$", lines[1]);
        return (runs, url, lines[1]);
    }

    /// <summary>The unit some worker is training once its first epoch is checkpointed (the worker's lease names its pid).</summary>
    private static UnitRecord MidLevel(ResultsStore store, string runs) => SlurmCluster.WaitFor(
        () => store.Units().FirstOrDefault(u => u.State == UnitState.Running && u.Pid is not null)
              is { } u && Directory.Exists(Path.Combine(runs, u.Run)) && Directory.GetDirectories(Path.Combine(runs, u.Run), "*.checkpoint", SearchOption.AllDirectories).Length > 0 ? u : null,
        JobTimeout, "a checkpointed unit in training");

    private static List<string> Logs(string runs) =>
        [.. Directory.GetFiles(Path.Combine(runs, "slurm", "logs"), "*.out").Order().Select(File.ReadAllText)];

    /// <summary>The units and every task's output, for a failure message.</summary>
    private static string Report(IEnumerable<UnitRecord> units, List<string> logs) =>
        string.Join("\n", units) + "\n" + string.Join("\n----\n", logs);

    private void AssertSameAsOneProcess(string study, ResultsStore store)
    {
        Assert.All(store.Runs(), r => Assert.Equal(RunState.Done, r.State));
        var alone = dirs.New();
        StudyRuns.RunAlone(study, alone);
        using var reference = ResultsStore.Open(alone);
        var (levels, files) = StudyRuns.Results(store);
        var (expectedLevels, expectedFiles) = StudyRuns.Results(reference);
        Assert.Equal(expectedLevels, levels);
        Assert.Equal(expectedFiles, files);
    }
}
