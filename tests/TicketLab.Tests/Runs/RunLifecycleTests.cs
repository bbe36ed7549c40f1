using System.Diagnostics;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Training;

namespace TicketLab.Tests.Runs;

/// <summary>One writer per run, honest states, and a finished run read back without its data.</summary>
public sealed class RunLifecycleTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static readonly RunHparams Small = new(
        new DataHparams(Dataset: "ag_news", MaxTrainExamples: 120, MaxEvalExamples: 60, MaxLength: 60, MaxVocab: 2000),
        new ModelHparams(EmbeddingDim: 16, Filters: 8), new TrainingHparams(Epochs: 1, BatchSize: 32),
        new PruningHparams(Rate: 0.5, Levels: 1));

    private static string[] SlowArgs(string runs) =>
        ["lottery", "--dataset", "ag_news", "--levels", "2", "--rate", "0.5", "--epochs", "2", "--max-train-examples", "160",
         "--max-eval-examples", "80", "--max-length", "60", "--data-dir", TestData.Fixtures, "--runs-dir", runs];

    [Fact]
    public void ALockedRunRefusesASecondHolderUntilReleased()
    {
        var run = _dirs.New();
        using (var first = RunLock.TryAcquire(run, out var none))
        {
            Assert.NotNull(first);
            Assert.Null(none);
            Assert.True(RunLock.IsHeld(run));
            Assert.Null(RunLock.TryAcquire(run, out var holder));
            Assert.Equal(Environment.ProcessId, holder!.Pid);
            Assert.Equal(Environment.MachineName, holder.Host);
        }
        Assert.False(RunLock.IsHeld(run));
        using var again = RunLock.TryAcquire(run, out _);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task ASecondProcessOnTheSameRunExitsWithTheHolderWhileTheFirstFinishes()
    {
        var runs = _dirs.New();
        using var first = Process.Start(CliProcess.StartInfo(SlowArgs(runs)))!;
        var firstErr = first.StandardError.ReadToEndAsync();
        var output = new List<string>();
        string? line;
        // the data line is logged once the run's lock is held
        while ((line = first.StandardOutput.ReadLine()) is not null && !line.Contains(" train / ")) output.Add(line);
        Assert.True(line is not null, $"the first run ended early: {string.Join('\n', output)}");
        var rest = first.StandardOutput.ReadToEndAsync();

        var second = CliProcess.Run(SlowArgs(runs));
        Assert.Equal(2, second.ExitCode);
        var error = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"is being trained by pid {first.Id} on host {Environment.MachineName}", error);
        Assert.StartsWith("error: run ", error);

        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.True(first.ExitCode == 0, await firstErr);
        Assert.Contains("level 2 random-prune", await rest);
        var runDir = Assert.Single(RunFolders.In(runs));
        Assert.Equal(RunState.Done, RunLifecycle.ReadState(runDir));
        using var store = ResultsStore.Open(runs);
        Assert.Equal(RunState.Done, Assert.Single(store.Runs()).State);
    }

    [Fact]
    public async Task AStudyStartedTwiceSharesItsUnitsAndTrainsNoneTwice()
    {
        var runs = _dirs.New();
        var study = Path.Combine(runs, "twice.yaml");
        File.WriteAllText(study, """
            name: twice
            seeds: [1]
            defaults:
              data: { maxTrainExamples: 160, maxEvalExamples: 80, maxLength: 60 }
              training: { epochs: 2 }
              pruning: { levels: 2, rate: 0.5 }
            grid:
              dataset: [ag_news]
              model: [cnn]
            """);
        string[] args = ["run", study, "--runs-dir", Path.Combine(runs, "out"), "--data-dir", TestData.Fixtures];
        using var first = Process.Start(CliProcess.StartInfo(args))!;
        var firstErr = first.StandardError.ReadToEndAsync();
        string? line;
        while ((line = first.StandardOutput.ReadLine()) is not null && !line.Contains(" train / ")) { }
        Assert.NotNull(line);
        var rest = first.StandardOutput.ReadToEndAsync();

        // the second waits for the dense unit the first claimed, then takes units of level 1 and 2 beside it
        var second = CliProcess.Run(args);
        Assert.True(second.ExitCode == 0, second.Stderr + second.Stdout);
        Assert.True(first.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.True(first.ExitCode == 0, await firstErr);
        Assert.Contains("1 runs done", await rest);
        Assert.Contains("1 runs done", second.Stdout);
        using var store = ResultsStore.Open(Path.Combine(runs, "out"));
        Assert.All(store.Units(), u => Assert.Equal((UnitState.Done, 1), (u.State, u.Attempts))); // each claimed, so trained, once
        Assert.Equal(RunState.Done, Assert.Single(store.Runs()).State);
    }

    [Fact]
    public void AFailureInsideARunIsRecordedAsFailedWithItsCauseAndTheResumedRunEqualsAnUninterruptedOne()
    {
        var runs = _dirs.New();
        var options = new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline);
        var failing = options with { LotteryObserver = new ThrowAt(1, Methods.RandomPrune) };
        var experiment = new Experiment(Small, failing);
        var e = Assert.Throws<InvalidOperationException>(experiment.Run);
        Assert.Equal(ThrowAt.Message, e.Message);
        Assert.Equal(RunState.Failed, RunLifecycle.ReadState(experiment.RunDir));
        using (var store = ResultsStore.Open(runs))
        {
            var run = store.Run(experiment.RunName)!;
            Assert.Equal(RunState.Failed, run.State);
            Assert.Equal(ThrowAt.Message, run.Error);
        }
        Assert.False(RunLock.IsHeld(experiment.RunDir)); // released on the way out

        var resumed = new Experiment(Small, options).Run();
        var reference = new Experiment(Small, options with { RunsDir = _dirs.New() }).Run();
        Assert.Equal(Describe(reference.Levels), Describe(resumed.Levels));
        Assert.Equal(RunState.Done, RunLifecycle.ReadState(experiment.RunDir));
    }

    [Fact]
    public void AFinishedRunIsReadBackWithoutItsDataAndKeepsItsRecord()
    {
        var runs = _dirs.New();
        var options = new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline);
        var done = new Experiment(Small, options).Run();
        RunRecord before;
        using (var store = ResultsStore.Open(runs)) before = store.Run(done.RunName)!;

        // no data where the data folder was: a run that needed it would fail
        var noData = _dirs.New();
        var again = new Experiment(Small, options with { DataDir = noData }).Run();
        Assert.Equal(Describe(done.Levels), Describe(again.Levels));
        Assert.Equal(done.Markdown, again.Markdown);
        using (var store = ResultsStore.Open(runs))
        {
            var after = store.Run(done.RunName)!;
            Assert.Equal(before.Started, after.Started);
            Assert.Equal(before.Finished, after.Finished);
            Assert.Equal(RunState.Done, after.State);
        }
    }

    [Fact]
    public void ALeftoverCheckpointOfAStoredLevelIsRemovedWhenTheRunResumes()
    {
        var runs = _dirs.New();
        var options = new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline);
        var done = new Experiment(Small, options).Run();
        // as a process killed after the baseline's result was written and before its checkpoint was removed leaves it
        var leftover = Path.Combine(done.RunDir, "levels", "01", $"{Methods.RandomPrune}.checkpoint");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "model.weights"), "stale");
        File.Delete(Path.Combine(done.RunDir, "results.csv"));
        File.Delete(Path.Combine(done.RunDir, RunLifecycle.StatusFile));

        var resumed = new Experiment(Small, options).Run();
        Assert.Empty(Directory.GetDirectories(done.RunDir, "*.checkpoint", SearchOption.AllDirectories));
        Assert.Equal(Describe(done.Levels), Describe(resumed.Levels));
        Assert.Equal(RunState.Done, RunLifecycle.ReadState(done.RunDir));
    }

    private static List<string> Describe(IEnumerable<LevelResult> levels) =>
        levels.Select(l => $"{l.Level} {l.Method} {l.Sparsity:R} {l.Training.Test.Accuracy:R} {l.Training.Test.Loss:R}").ToList();

    private sealed class ThrowAt(int level, string method) : ILotteryObserver
    {
        public const string Message = "observer stops the run here";

        public void OnLevelStart(int l, string m, double sparsity)
        {
            if (l == level && m == method) throw new InvalidOperationException(Message);
        }
    }
}
