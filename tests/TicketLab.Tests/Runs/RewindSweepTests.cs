using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Runs;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

/// <summary>A rewind point given as a list (--rewind 0,1%,2%, or rewind: [0, 1%, 2%] in a study file) is one run per point, each with
/// its dense-rewind control when the point is not 0, and all of them share one dense level, mid-epoch points included.</summary>
public sealed class RewindSweepTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Fact]
    public void ACommaListOfRewindPointsIsOneRunPerPointInOrderEachWithItsDenseRewindControl()
    {
        var runs = SettingsVocabulary.BindSweep([new("--rewind", "0,1%,2%"), new("--levels", "2")], RunKind.Lottery);

        Assert.Equal(["0", "1%", "2%"], runs.Select(h => h.Pruning.Rewind.ToString()));
        Assert.All(runs, h => Assert.Equal(2, h.Pruning.Levels));
        Assert.Equal(3, runs.Select(RunIdentity.Name).Distinct().Count());
        Assert.DoesNotContain((0, DenseRewindMethod.Id), LotteryRunner.Plan(runs[0].Pruning));
        Assert.All(runs.Skip(1), h => Assert.Contains((0, DenseRewindMethod.Id), LotteryRunner.Plan(h.Pruning)));
        // one point is one run, the same as before lists existed
        Assert.Equal(RunIdentity.Name(SettingsVocabulary.Bind([new("--rewind", "2%")], RunKind.Lottery)),
            RunIdentity.Name(Assert.Single(SettingsVocabulary.BindSweep([new("--rewind", "2%")], RunKind.Lottery))));
    }

    [Theory]
    [InlineData("0,1%,0", "--rewind lists 0 twice")]
    [InlineData("1%,1.00%", "--rewind lists 1% twice")]
    [InlineData("0,soon", "--rewind 'soon' is not a rewind point")]
    [InlineData("0,,1%", "--rewind '' is not a rewind point")]
    public void ABadSweepNamesTheOption(string list, string expected)
    {
        var e = Assert.Throws<SettingsException>(() => SettingsVocabulary.BindSweep([new("--rewind", list)], RunKind.Lottery));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AStudyFileRewindListExpandsLikeAGridAxisAndALaterValueOverridesIt()
    {
        var dir = _dirs.New();
        var path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, """
            name: sweep
            defaults:
              pruning: { rewind: [0, 1%, 2%], levels: 1 }
            grid:
              model: [cnn, lstm]
            """);
        var study = StudyFile.Load(path);
        Assert.Equal(["cnn 0", "cnn 1%", "cnn 2%", "lstm 0", "lstm 1%", "lstm 2%"], study.Cells.Select(c => $"{c.Model.Name} {c.Pruning.Rewind}"));
        Assert.Equal(["0", "1%", "2%"], study.RewindSweep().Select(p => p.ToString()));

        File.WriteAllText(path, """
            defaults:
              rewind: [0, 1%]
            grid:
              variants:
                - { rate: 0.3 }
                - { rate: 0.5, rewind: 5% }
            """);
        Assert.Equal(["0.3 0", "0.3 1%", "0.5 5%"], StudyFile.Load(path).Cells.Select(c => $"{c.Pruning.Rate} {c.Pruning.Rewind}"));

        File.WriteAllText(path, "defaults:\n  rewind: [0, 2%, 2%]\n");
        var e = Assert.Throws<StudyException>(() => StudyFile.Load(path));
        Assert.Contains($"{path}:2: rewind lists 2% twice", e.Message);
    }

    [Fact]
    public void TheRunsOfASweepTrainTheDenseLevelOnceEvenForAPointInsideAnEpochAndMatchUnsharedRuns()
    {
        // 96 examples in batches of 32 for 2 epochs: 6 steps, so 25% is step 2, inside epoch 1
        var sweep = SettingsVocabulary.BindSweep([new("dataset", "ag_news"), new("max-train-examples", "96"), new("max-eval-examples", "48"),
            new("max-length", "40"), new("max-vocab", "1500"), new("embedding-dim", "16"), new("filters", "8"), new("epochs", "2"),
            new("batch-size", "32"), new("rate", "0.5"), new("levels", "1"), new("baselines", "none"), new("rewind", "0,25%")], RunKind.Lottery);
        Assert.Equal(2, sweep.Count);
        var runs = _dirs.New();
        var starts = new DenseUnitTests.DenseStarts();
        var options = new ExperimentOptions(TestData.Fixtures, runs, LotteryObserver: starts, Downloader: Downloader.Offline)
        { RewindSweep = [.. sweep.Select(h => h.Pruning.Rewind)] };
        var outcomes = sweep.Select(h => new Experiment(h, options).Run()).ToList();

        Assert.Equal(1, starts.Count);
        // step 2 was staged by the first run for the second, not replayed by the second (a replayed step never enters the unit)
        var unit = Assert.Single(RunFolders.DenseUnits(runs));
        Assert.True(File.Exists(Path.Combine(unit, "rewind-2.weights")));
        Assert.Contains(outcomes[1].Levels, l => l.Method == DenseRewindMethod.Id);
        Assert.DoesNotContain(outcomes[0].Levels, l => l.Method == DenseRewindMethod.Id);
        var fresh = new Experiment(sweep[1], new ExperimentOptions(TestData.Fixtures, _dirs.New(), Downloader: Downloader.Offline, ShareLevels: false)).Run();
        Assert.Equal(File.ReadAllBytes(Path.Combine(fresh.RunDir, "rewind.weights")), File.ReadAllBytes(Path.Combine(outcomes[1].RunDir, "rewind.weights")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fresh.RunDir, "levels/01/ticket.weights")), File.ReadAllBytes(Path.Combine(outcomes[1].RunDir, "levels/01/ticket.weights")));
    }

    [Fact]
    public void TheReportPlotsASweepOfThreePointsAgainstTheRewindPointAndNotFewer()
    {
        var sweep = SettingsVocabulary.BindSweep([new("dataset", "ag_news"), new("max-train-examples", "96"), new("max-eval-examples", "48"),
            new("max-length", "40"), new("max-vocab", "1500"), new("embedding-dim", "16"), new("filters", "8"), new("epochs", "2"),
            new("batch-size", "32"), new("rate", "0.5"), new("levels", "1"), new("baselines", "random-prune"), new("rewind", "0,25%,50%")], RunKind.Lottery);
        var runs = _dirs.New();
        var options = new ExperimentOptions(TestData.Fixtures, runs, Downloader: Downloader.Offline) { RewindSweep = [.. sweep.Select(h => h.Pruning.Rewind)] };
        foreach (var h in sweep.Take(2)) new Experiment(h, options).Run();

        string Report()
        {
            using var store = TicketLab.Store.ResultsStore.Open(runs);
            var outDir = _dirs.New();
            new TicketLab.Reporting.ReportBuilder(store).Build(outDir);
            return outDir;
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(Report(), "ag_news"), "rewind-sweep-*")); // two points are no sweep to plot

        new Experiment(sweep[2], options).Run();
        var report = Report();
        var png = Assert.Single(Directory.GetFiles(Path.Combine(report, "ag_news"), "rewind-sweep-*"));
        Assert.Equal("rewind-sweep-cnn.png", Path.GetFileName(png));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Assert.Contains("(ag_news/rewind-sweep-cnn.png)", File.ReadAllText(Path.Combine(report, "report.md")));
    }

    [Fact]
    public void TheLotteryCommandRunsOneRunPerPointAndTheSecondReusesTheDenseLevel()
    {
        var runs = _dirs.New();
        var r = CliProcess.Run("lottery", "--dataset", "ag_news", "--max-train-examples", "96", "--max-eval-examples", "48", "--max-length", "40",
            "--max-vocab", "1500", "--embedding-dim", "16", "--filters", "8", "--epochs", "2", "--batch-size", "32", "--rate", "0.5", "--levels", "1",
            "--baselines", "none", "--rewind", "0,25%", "--data-dir", TestData.Fixtures, "--runs-dir", runs, "--offline");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var names = SettingsVocabulary.BindSweep([new("dataset", "ag_news"), new("max-train-examples", "96"), new("max-eval-examples", "48"),
            new("max-length", "40"), new("max-vocab", "1500"), new("embedding-dim", "16"), new("filters", "8"), new("epochs", "2"),
            new("batch-size", "32"), new("rate", "0.5"), new("levels", "1"), new("baselines", "none"), new("rewind", "0,25%")], RunKind.Lottery).Select(RunIdentity.Name).ToList();
        Assert.All(names, n => Assert.Equal(TicketLab.Store.RunState.Done, RunLifecycle.ReadState(Path.Combine(runs, n))));
        Assert.Contains($"(trainedbyrun{names[0]})", string.Concat((r.Stdout + r.Stderr).Where(c => !char.IsWhiteSpace(c)))); // the console may wrap
        Assert.True(File.Exists(Path.Combine(runs, names[1], "levels", "00", "dense-rewind.json")));
        Assert.False(File.Exists(Path.Combine(runs, names[0], "levels", "00", "dense-rewind.json")));
    }

    [Fact]
    public void TheRewindStabilityStudyIsOneRunPerModelPointAndSeedWithItsControls()
    {
        var study = StudyFile.Load(Path.Combine(Architecture.RepositoryRoot.Path, "experiments", "rewind-stability.yaml"));
        Assert.Equal(12, study.Cells.Count);
        Assert.Equal(36, study.Runs().Count());
        Assert.Equal(["0", "1%", "2%", "5%", "10%", "33%"], study.RewindSweep().Select(p => p.ToString()));
        Assert.Equal(10, study.Cells.Count(c => LotteryRunner.Plan(c.Pruning).Contains((0, DenseRewindMethod.Id))));
        Assert.All(study.Cells, c => Assert.Equal([0.5, 0.8], c.Pruning.TargetSparsities()));
    }
}
