using System.Globalization;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Models;
using TicketLab.Runs;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Training;

namespace TicketLab.Tests.Runs;

/// <summary>`ticketlab stability` over a finished tiny run: ≥ 11 points per (rewind point, level), path ends that are the copies' own
/// validation metrics bit for bit, the barrier as the CSV's own numbers give it, finished pairs skipped on rerun, and rewind weights
/// the run never kept replayed bit for bit as a run rewinding there keeps them.</summary>
public sealed class StabilityRunTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    // 96 examples in batches of 32 for 2 epochs: 6 steps; one pruned level at 50%
    private static readonly RunHparams Small = new(
        new DataHparams(Dataset: "ag_news", MaxTrainExamples: 96, MaxEvalExamples: 48, MaxLength: 40, MaxVocab: 1500),
        new ModelHparams(EmbeddingDim: 16, Filters: 8), new TrainingHparams(Epochs: 2, BatchSize: 32),
        new PruningHparams(Rate: 0.5, Levels: 1, Baselines: Baselines.None));

    private static ExperimentOptions Options(string runs, bool share = true) =>
        new(TestData.Fixtures, runs, Downloader: Downloader.Offline, ShareLevels: share);

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void EveryPairHasElevenPointsWhoseEndsAreTheCopiesOwnMetricsAndARerunSkipsFinishedPairs()
    {
        var runs = _dirs.New();
        var run = new Experiment(Small, Options(runs)).Run();
        var outcome = new StabilityRun(run.RunDir, new StabilitySettings([RewindPoint.Parse("0"), RewindPoint.Parse("1ep")], [0, 1]), Options(runs)).Run();

        Assert.Equal((4, 0), (outcome.Trained, outcome.Reused));
        Assert.Equal(Path.Combine(run.RunDir, "stability"), outcome.Dir);
        foreach (var file in new[] { "stability.csv", "stability-summary.csv", "stability.md", "stability-path.png", "stability-barrier.png" })
            Assert.True(new FileInfo(Path.Combine(outcome.Dir, file)).Length > 0, file);
        var rows = Csv(Path.Combine(outcome.Dir, "stability.csv"));
        var summary = Csv(Path.Combine(outcome.Dir, "stability-summary.csv"));
        Assert.Equal(4, summary.Count);
        foreach (var pair in outcome.Pairs)
        {
            var path = rows.Where(r => r["rewind_step"] == pair.Step.ToString(CultureInfo.InvariantCulture) && r["level"] == pair.Level.ToString(CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(11, path.Count);
            Assert.Equal(Enumerable.Range(0, 11).Select(i => i / 10.0), path.Select(r => D(r["alpha"])));
            // the ends are the copies as they were kept (their best-validation epoch), read back from the CSV without loss
            var a = pair.CopyA.Epochs.Single(e => e.Epoch == pair.CopyA.BestEpoch).Validation;
            var b = pair.CopyB.Epochs.Single(e => e.Epoch == pair.CopyB.BestEpoch).Validation;
            Assert.Equal((1 - a.Accuracy, a.Loss), (D(path[0]["error"]), D(path[0]["loss"])));
            Assert.Equal((1 - b.Accuracy, b.Loss), (D(path[^1]["error"]), D(path[^1]["loss"])));
            var errors = path.Select(r => D(r["error"])).ToList();
            var row = Assert.Single(summary, r => r["rewind_step"] == path[0]["rewind_step"] && r["level"] == path[0]["level"]);
            Assert.Equal(errors.Max() - (errors[0] + errors[^1]) / 2, D(row["barrier"]), 12);
            Assert.Equal(pair.Level == 0 ? "dense" : "ticket", row["method"]);
        }
        Assert.Equal(["0", "1ep"], outcome.Pairs.Where(p => p.Level == 1).Select(p => p.Rewind));
        Assert.Equal(3, outcome.Pairs.Single(p => p.Rewind == "1ep" && p.Level == 0).Step);
        Assert.True(outcome.Pairs.Single(p => p.Level == 1 && p.Step == 0).RemainingOfAll < 1);

        var pairFiles = Directory.GetFiles(Path.Combine(outcome.Dir, "pairs")).Order().ToDictionary(f => f, File.ReadAllBytes);
        var again = new StabilityRun(run.RunDir, new StabilitySettings([RewindPoint.Parse("1ep"), RewindPoint.Parse("0")], [1, 0]), Options(runs)).Run();
        Assert.Equal((0, 4), (again.Trained, again.Reused));
        Assert.All(pairFiles, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        // one more point: only its pairs are trained, and the tables hold all six
        var more = new StabilityRun(run.RunDir, new StabilitySettings([RewindPoint.Parse("0"), RewindPoint.Parse("2it")], [0, 1]), Options(runs)).Run();
        Assert.Equal((2, 2), (more.Trained, more.Reused));
        Assert.Equal(6, Csv(Path.Combine(more.Dir, "stability-summary.csv")).Count);
    }

    [Fact]
    public void ARewindStepTheRunNeverKeptIsReplayedBitForBitAsALateRewindingRunKeepsIt()
    {
        var runs = _dirs.New();
        var run = new Experiment(Small, Options(runs, share: false)).Run(); // rewinds to 0: no unit, no weights at step 2
        var outcome = new StabilityRun(run.RunDir, new StabilitySettings([RewindPoint.Parse("2it")], [1], Points: 3), Options(runs, share: false)).Run();
        Assert.Equal(3, Assert.Single(outcome.Pairs).Path.Count);

        var late = new Experiment(Small with { Pruning = Small.Pruning with { Rewind = RewindPoint.Parse("2it") } }, Options(_dirs.New(), share: false)).Run();
        Assert.Equal(File.ReadAllBytes(Path.Combine(late.RunDir, "rewind.weights")), File.ReadAllBytes(Path.Combine(outcome.Dir, "rewind-2.weights")));
    }

    [Fact]
    public void TheCommandWritesTheTablesAndPlotsAndRefusesWhatTheRunDoesNotHave()
    {
        var runs = _dirs.New();
        var run = new Experiment(Small, Options(runs)).Run();

        var r = CliProcess.Run("stability", "--run", run.RunName, "--runs-dir", runs, "--data-dir", TestData.Fixtures, "--levels", "1", "--points", "11");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Error barrier", r.Stdout);
        Assert.Contains("1 pairs trained, 0 already done", r.Stdout);
        Assert.True(File.Exists(Path.Combine(run.RunDir, "stability", "stability-barrier.png")));

        foreach (var (args, expected) in new[]
        {
            (new[] { "--levels", "0,2" }, $"--levels 2: run {run.RunName} has levels 0 (dense) to 1"),
            (["--rewind", "2ep"], $"--rewind 2ep: step 6 is not before the end of training (step 6) of run {run.RunName}"),
            (["--rewind", "3it,1ep"], $"--rewind 3it and 1ep are the same step (3) of run {run.RunName}"),
        })
        {
            var refused = CliProcess.Run(["stability", "--run", run.RunDir, "--data-dir", TestData.Fixtures, .. args]);
            Assert.True(refused.ExitCode == 2, refused.Stderr);
            Assert.Equal($"error: {expected}", Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
        Assert.Single(Directory.GetFiles(Path.Combine(run.RunDir, "stability", "pairs"))); // nothing added by the refused ones

        // a sweep's runs, each at its own rewind point, and the tables over both
        var late = new Experiment(Small with { Pruning = Small.Pruning with { Rewind = RewindPoint.Parse("1ep") } }, Options(runs)).Run();
        var combined = Path.Combine(_dirs.New(), "sweep");
        var both = CliProcess.Run("stability", "--run", run.RunName, "--run", late.RunName, "--out", combined, "--runs-dir", runs, "--data-dir", TestData.Fixtures, "--levels", "0");
        Assert.True(both.ExitCode == 0, both.Stderr);
        var rows = Csv(Path.Combine(combined, "stability-summary.csv"));
        Assert.Equal(new[] { (run.RunName, "0", "0"), (run.RunName, "0", "1"), (late.RunName, "1ep", "0") }.Order(),
            rows.Select(x => (x["run"], x["rewind"], x["level"])).Order());
        Assert.True(File.Exists(Path.Combine(combined, "stability-barrier.png")));
        Assert.True(File.Exists(Path.Combine(late.RunDir, "stability", "stability-summary.csv")));

        var unfinished = Path.Combine(_dirs.New(), "unfinished");
        Directory.CreateDirectory(unfinished);
        File.Copy(Path.Combine(run.RunDir, "run.json"), Path.Combine(unfinished, "run.json"));
        var early = CliProcess.Run("stability", "--run", unfinished, "--data-dir", TestData.Fixtures);
        Assert.Equal(2, early.ExitCode);
        Assert.Equal("error: run unfinished is not finished (no status): its tickets are needed; finish the run first", early.Stderr.Trim());
        Assert.Equal(["run.json"], Directory.GetFileSystemEntries(unfinished).Select(Path.GetFileName));
    }
}
