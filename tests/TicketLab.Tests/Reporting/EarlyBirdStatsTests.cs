using System.Globalization;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;

using static TicketLab.Tests.Runs.TinyLottery;

namespace TicketLab.Tests.Reporting;

public sealed class EarlyBirdStatsTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Fact]
    public void TheReportStatesEachLevelsEarlyBirdOverSeedsWithStepsToTheMaskAgainstImpsAndThePairedAccuracyDifference()
    {
        var runs = _dirs.New();
        // a window of one below a threshold of 1 fires at the second check: two epochs into the three-epoch dense training
        foreach (var seed in new[] { "1", "2" })
            new Experiment(Settings(S("epochs", "3"), S("levels", "2"), S("seed", seed), S("baselines", "early-bird"),
                S("early-bird-threshold", "1"), S("early-bird-window", "1")), Options(runs)).Run();

        using var store = ResultsStore.Open(runs);
        var outDir = _dirs.New();
        new ReportBuilder(store).Build(outDir);
        var csv = File.ReadAllLines(Path.Combine(outDir, "ag_news", "early-bird.csv"));
        var header = csv[0].Split(',');
        var rows = csv[1..].Select(l => l.Split(',')).ToList();
        double Field(string[] row, string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        Assert.Equal([1.0, 2.0], rows.Select(r => Field(r, "level")));

        var dirs = store.Runs().Select(r => Path.Combine(runs, r.Name)).ToList();
        foreach (var row in rows)
        {
            int level = (int)Field(row, "level");
            var birds = dirs.Select(d => FolderLevelStore.TryReadResult(d, level, EarlyBirdMethod.Id)!).ToList();
            var tickets = dirs.Select(d => FolderLevelStore.TryReadResult(d, level, Methods.Ticket)!).ToList();
            int perEpoch = birds[0].EarlyBird!.StepsPerEpoch;
            Assert.Equal(2, Field(row, "seeds"));
            Assert.Equal(2, Field(row, "fired"));
            Assert.Equal(2.0, Field(row, "stop_epoch_mean"));
            Assert.Equal(2.0 * perEpoch, Field(row, "bird_steps_mean"));
            // IMP's mask at level 2 needs the dense training and the level-1 ticket, three epochs each; at level 1 the dense training alone
            Assert.Equal(3.0 * perEpoch * level, Field(row, "imp_steps_mean"));
            Assert.Equal(2.0 / (3 * level), Field(row, "step_share_mean"), 12);
            Assert.Equal(birds.Average(b => b.Training.Test.Accuracy), Field(row, "bird_test_acc_mean"), 12);
            Assert.Equal(tickets.Zip(birds, (t, b) => t.Training.Test.Accuracy - b.Training.Test.Accuracy).Average(), Field(row, "diff_mean"), 12);
        }
        // every check of every search, the one that drew the mask marked: two runs × two levels × two checks (epochs 1 and 2)
        var checks = File.ReadAllLines(Path.Combine(outDir, "ag_news", "early-bird-checks.csv"));
        var checkHeader = checks[0].Split(',');
        var checkRows = checks[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(8, checkRows.Count);
        Assert.All(checkRows, r => Assert.Equal(r[Array.IndexOf(checkHeader, "epoch")] == "2" ? "1" : "0", r[Array.IndexOf(checkHeader, "drawn_here")]));
        Assert.All(checkRows.Where(r => r[Array.IndexOf(checkHeader, "epoch")] == "1"), r => Assert.Equal("", r[Array.IndexOf(checkHeader, "distance")]));

        var md = File.ReadAllText(Path.Combine(outDir, "ag_news", "early-bird.md"));
        Assert.Contains("| CNN | 2 |", md);
        Assert.Contains("| 2 of 2 | 2.00 ± 0.00 |", md);
        Assert.Contains("33.33%", md); // level 2: two epochs of search against IMP's six
        Assert.Contains("Early-bird tickets against IMP's at the same level", File.ReadAllText(Path.Combine(outDir, "report.md")));
        using var plot = SkiaSharp.SKBitmap.Decode(Path.Combine(outDir, "ag_news", "early-bird-distance-cnn.png"));
        Assert.Equal((EarlyBirdPlot.Width, EarlyBirdPlot.Height), (plot.Width, plot.Height));
        Assert.True(plot.Pixels.Distinct().Take(50).Count() == 50, "the distance plot looks empty");
    }

    [Fact]
    public void TwoThresholdsShareOneTicketChainAndThePlotDrawsItOnce()
    {
        var runs = _dirs.New();
        foreach (var threshold in new[] { "1", "0.5" })
            new Experiment(Settings(S("epochs", "2"), S("levels", "2"), S("baselines", "early-bird"), S("early-bird-threshold", threshold),
                S("early-bird-window", "1")), Options(runs)).Run();
        using var store = ResultsStore.Open(runs);
        var groups = StudySummary.From(store);
        Assert.Equal(2, groups.Count);
        var styles = AccuracyPlot.Styles(groups);
        Assert.Single(styles, s => s.Method == Methods.Ticket);
        Assert.Equal(2, styles.Count(s => s.Method == EarlyBirdMethod.Id));
    }

    [Fact]
    public void AStudyWithoutEarlyBirdLevelsWritesNoEarlyBirdTable()
    {
        var (store, report, outDir) = ReportBuilderTests.Build();
        using var _ = store;
        using var __ = outDir;
        Assert.False(File.Exists(Path.Combine(report.OutDir, "imdb", "early-bird.csv")));
        Assert.DoesNotContain("Early-bird tickets against", File.ReadAllText(report.MarkdownPath));
    }
}
