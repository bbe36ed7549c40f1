using System.Globalization;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

/// <summary>A tiny real rewind sweep (TextCNN on 192 AG News rows, rewind 0 and 1ep, seeds 1 and 2; a learning rate high enough for
/// barriers above 0), run once as a study and analysed once with `ticketlab stability --study`; each test reads it, and what it
/// writes is rewritten from the same pairs.</summary>
public sealed class SweepStudy : IDisposable
{
    private readonly TempDir _dir = new();

    public const string Yaml = """
        name: tiny-sweep
        seeds: [1, 2]
        defaults:
          dataset: ag_news
          data: { max-train-examples: 192, max-eval-examples: 96, max-length: 40, max-vocab: 1500 }
          model: { embedding-dim: 16, filters: 8 }
          training: { epochs: 3, batch-size: 16, learning-rate: 0.01 }
          pruning: { rate: 0.5, levels: 1, baselines: none, rewind: [0, 1ep] }
        grid:
          model: [cnn]
        """;

    public string RunsDir => Path.Combine(_dir.Path, "runs");

    public string StudyPath => Path.Combine(_dir.Path, "sweep.yaml");

    public StudyFile File { get; }

    public StabilityStudyOutcome Outcome { get; }

    public ExperimentOptions Options => new(TestData.Fixtures, RunsDir, Downloader: Downloader.Offline);

    public SweepStudy()
    {
        System.IO.File.WriteAllText(StudyPath, Yaml);
        File = StudyFile.Load(StudyPath);
        new Study(File, Options).Run();
        Outcome = new StabilityStudy(File, StabilitySettings.Parse(null, "0,1", 11), Options).Run(Path.Combine(_dir.Path, "summary"));
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>`ticketlab stability --study`: the same pairs as listing the study's runs, the summary per cell over seeds as the runs' own
/// stability-summary.csv give it (mean, sample std, Student-t 95% CI), unfinished runs left out and named, and the report's stability
/// table built from the same files beside the tickets' test accuracy.</summary>
public sealed class StabilityStudyTests(SweepStudy sweep) : IClassFixture<SweepStudy>, IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    private static List<Dictionary<string, string>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private IReadOnlyList<string> RunNames => [.. sweep.File.Runs().Select(RunIdentity.Name)];

    /// <summary>Every run's stability-summary.csv rows, the numbers the study's and the report's summaries must reproduce.</summary>
    private List<Dictionary<string, string>> RunRows() =>
        [.. RunNames.SelectMany(n => Csv(Path.Combine(sweep.RunsDir, n, "stability", "stability-summary.csv")))];

    /// <summary>Mean, sample std and 95% Student-t interval of <paramref name="values"/>, computed here from the definitions.</summary>
    private static (double Mean, double Std, double Low, double High) Expected(IReadOnlyList<double> v)
    {
        double mean = v.Sum() / v.Count;
        double std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        double half = ConfidenceInterval.TQuantile(0.95, v.Count - 1) * std / Math.Sqrt(v.Count);
        return (mean, std, mean - half, mean + half);
    }

    [Fact]
    public void TheStudyFormMeasuresEveryRunOfTheStudyAndListingThemFindsEveryPairDone()
    {
        Assert.Equal(RunNames.Order(), sweep.Outcome.Runs.Select(o => Path.GetFileName(Path.GetDirectoryName(o.Dir)!)).Order());
        Assert.Empty(sweep.Outcome.Missing);
        Assert.Equal(4 * 2, sweep.Outcome.Runs.Sum(o => o.Pairs.Count));          // 4 runs × levels 0 and 1, each at its own rewind point
        Assert.All(sweep.Outcome.Runs, o => Assert.Equal([o.Pairs[0].Rewind], o.Pairs.Select(p => p.Rewind).Distinct()));

        // `--run` over the same runs (what a user had to list by hand) has nothing left to train
        foreach (var name in RunNames)
        {
            var listed = new StabilityRun(Path.Combine(sweep.RunsDir, name), StabilitySettings.Parse(null, "0,1", 11), sweep.Options).Run();
            Assert.Equal((0, 2), (listed.Trained, listed.Reused));
        }
    }

    [Fact]
    public void TheSummaryPerCellIsTheMeanStdAndStudentTIntervalOfTheRunsOwnBarriers()
    {
        var rows = RunRows();
        // seeds that disagree, so a wrong mean, deviation or interval cannot pass
        Assert.Contains(rows.GroupBy(r => (r["rewind"], r["level"])), g => g.Select(r => D(r["barrier"])).Distinct().Count() == 2 && g.Any(r => D(r["barrier"]) > 0));
        var summary = Csv(Path.Combine(sweep.Outcome.Dir, "stability-barriers.csv"));
        Assert.Equal(4, summary.Count);                                               // one cell (CNN) × rewind {0, 1ep} × level {0, 1}
        var byName = sweep.File.Runs().ToDictionary(RunIdentity.Name, h => h.Pruning.Rewind.ToString());
        foreach (var row in summary)
        {
            var barriers = rows.Where(r => r["rewind"] == row["rewind"] && r["level"] == row["level"]).Select(r => D(r["barrier"])).ToList();
            Assert.Equal(2, barriers.Count);                                          // seeds 1 and 2
            var (mean, std, low, high) = Expected(barriers);
            Assert.Equal(("ag_news", "CNN", "2"), (row["dataset"], row["cell"], row["seeds"]));
            Assert.Equal(mean, D(row["barrier_mean"]), 12);
            Assert.Equal(std, D(row["barrier_std"]), 12);
            Assert.Equal(low, D(row["barrier_ci95_low"]), 12);
            Assert.Equal(high, D(row["barrier_ci95_high"]), 12);
            Assert.Equal(row["level"] == "0" ? "" : row["rewind"], row["mask_rewind"]); // each ticket measured at the point its mask was found with
            // beside it, the test accuracy the runs rewinding there recorded for the network (their level files)
            var accuracies = RunNames.Where(n => byName[n] == row["rewind"])
                .Select(n => FolderLevelStore.TryReadResult(Path.Combine(sweep.RunsDir, n), int.Parse(row["level"], CultureInfo.InvariantCulture), row["method"])!.Training.Test.Accuracy).ToList();
            Assert.Equal(accuracies.Average(), D(row["test_acc_mean"]), 12);
            Assert.Equal("2", row["test_acc_seeds"]);
        }
        Assert.Equal(["0", "1ep"], summary.Where(r => r["level"] == "1").Select(r => r["rewind"]));
        var cell = Assert.Single(Directory.GetDirectories(sweep.Outcome.Dir));
        Assert.Equal("ag_news-cnn", Path.GetFileName(cell));
        Assert.Equal(8, Csv(Path.Combine(cell, "stability-summary.csv")).Count);
        Assert.True(new FileInfo(Path.Combine(cell, "stability-barrier.png")).Length > 0);
        Assert.Contains("| CNN | 1ep | 1 | ticket | 1ep |", File.ReadAllText(Path.Combine(sweep.Outcome.Dir, "stability.md")));
    }

    [Fact]
    public void TheReportHasTheBarrierTableOfTheRunsFilesBesideTheTicketsTestAccuracyAndItsPlot()
    {
        using var store = ResultsStore.Open(sweep.RunsDir);
        var report = new ReportBuilder(store).Build(_dirs.New());

        var dir = Path.Combine(report.OutDir, "ag_news");
        Assert.Contains(Path.Combine(dir, "stability-barriers.csv"), report.Tables);
        Assert.Contains(Path.Combine(dir, "stability-barriers.md"), report.Tables);
        var plot = Assert.Single(report.Plots, p => Path.GetFileName(p).StartsWith("stability-barrier-", StringComparison.Ordinal));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);
        Assert.Empty(report.Warnings);

        var rows = RunRows();
        var table = Csv(Path.Combine(dir, "stability-barriers.csv"));
        Assert.Equal(4, table.Count);
        var levels = RunNames.SelectMany(store.Levels).ToList();
        var byName = sweep.File.Runs().ToDictionary(RunIdentity.Name, h => h.Pruning.Rewind.ToString());
        foreach (var row in table)
        {
            var (mean, std, low, high) = Expected([.. rows.Where(r => r["rewind"] == row["rewind"] && r["level"] == row["level"]).Select(r => D(r["barrier"]))]);
            Assert.Equal((mean, std, low, high), (D(row["barrier_mean"]), D(row["barrier_std"]), D(row["barrier_ci95_low"]), D(row["barrier_ci95_high"])));
            // the network at this rewind point and level: the dense level, or the ticket of the runs rewinding there
            var accuracies = levels.Where(l => byName[l.Run] == row["rewind"] && l.Level == D(row["level"]) && l.Method == row["method"]).Select(l => l.Test.Accuracy).ToList();
            Assert.Equal(2, accuracies.Count);
            Assert.Equal(accuracies.Average(), D(row["test_acc_mean"]), 12);
            Assert.Equal("2", row["test_acc_seeds"]);
        }
        var markdown = File.ReadAllText(report.MarkdownPath);
        Assert.Contains("### Instability: error barrier per rewind point and level", markdown);
        Assert.Contains($"]({Path.GetRelativePath(report.OutDir, plot).Replace('\\', '/')})", markdown);
        Assert.Contains("Instability: error barrier", File.ReadAllText(report.HtmlPath));
    }

    [Fact]
    public void ATamperedPairIsLeftOutOfTheReportWithAWarningNamingIt()
    {
        var copy = _dirs.CopyOf(sweep.RunsDir);
        var run = RunNames[0];
        var pair = Assert.Single(Directory.GetFiles(Path.Combine(copy, run, "stability", "pairs"), "*-L01.json"));
        File.WriteAllText(pair, File.ReadAllText(pair).Replace("\"Level\": 1", "\"Level\": 0", StringComparison.OrdinalIgnoreCase));

        using var store = ResultsStore.Open(copy);
        var report = new ReportBuilder(store).Build(_dirs.New());
        Assert.StartsWith($"{pair} is left out: ", Assert.Single(report.Warnings));
        var rows = Csv(Path.Combine(report.OutDir, "ag_news", "stability-barriers.csv"));
        var rewind = sweep.File.Runs().Single(h => RunIdentity.Name(h) == run).Pruning.Rewind.ToString();
        Assert.Equal("1", Assert.Single(rows, r => r["rewind"] == rewind && r["level"] == "1")["seeds"]);
        Assert.Equal(3, rows.Count(r => r["seeds"] == "2"));
    }

    [Fact]
    public void AStudyWithUnfinishedRunsMeasuresTheFinishedOnesAndNamesTheOthers()
    {
        // the same study with a third seed nobody has run yet: its two runs are left out, named on stderr and in the summary
        var path = Path.Combine(_dirs.New(), "three-seeds.yaml");
        File.WriteAllText(path, SweepStudy.Yaml.Replace("seeds: [1, 2]", "seeds: [1, 2, 3]"));
        var missing = StudyFile.Load(path).Runs().Where(h => h.Seed == 3).Select(RunIdentity.Name).ToList();
        var outDir = Path.Combine(sweep.RunsDir, "stability", "tiny-sweep");     // without --out: <runs>/stability/<study name>

        var r = CliProcess.Run("stability", "--study", path, "--runs-dir", sweep.RunsDir, "--data-dir", TestData.Fixtures, "--levels", "0,1", "--offline");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("0 pairs trained, 8 already done", r.Stdout);
        var warnings = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(missing.Select(n => $"warning: run {n} (not started) of study tiny-sweep is not finished: left out; rerun once it is"), warnings);
        var md = File.ReadAllText(Path.Combine(outDir, "stability.md"));
        Assert.Contains("4 of 6 runs measured", md);
        Assert.All(missing, n => Assert.Contains(n, md));
        Assert.All(Csv(Path.Combine(outDir, "stability-barriers.csv")), row => Assert.Equal("2", row["seeds"]));
        Assert.All(missing, n => Assert.False(Directory.Exists(Path.Combine(sweep.RunsDir, n))));
    }
}
