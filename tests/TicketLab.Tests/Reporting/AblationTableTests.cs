using System.Globalization;
using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;

using static TicketLab.Tests.Runs.TinyLottery;

namespace TicketLab.Tests.Reporting;

public sealed class AblationTableTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Fact]
    public void EachMaskIsHeldAgainstItsShuffleAndReinitPairedBySeedFromTheStoredAccuracies()
    {
        var runs = _dirs.New();
        foreach (var seed in new[] { "1", "2" })
            new Experiment(Settings(S("levels", "2"), S("seed", seed),
                S("baselines", "random-prune,random-reinit,snip,snip-shuffle,snip-reinit,magnitude-init-shuffle")), Options(runs)).Run();

        using var store = ResultsStore.Open(runs);
        var outDir = _dirs.New();
        new ReportBuilder(store).Build(outDir);
        var csv = File.ReadAllLines(Path.Combine(outDir, "ag_news", "ablations.csv"));
        var header = csv[0].Split(',');
        string Field(string[] row, string name) => row[Array.IndexOf(header, name)];
        var rows = csv[1..].Select(l => l.Split(',')).ToList();

        // the ticket's shuffle is random-prune (layer-matched), its re-init random-reinit; magnitude-init-shuffle has no mask to
        // compare with, as magnitude-init was not trained
        Assert.Equal(["1 ticket reinit random-reinit", "1 ticket shuffle random-prune", "1 snip reinit snip-reinit", "1 snip shuffle snip-shuffle",
                "2 ticket reinit random-reinit", "2 ticket shuffle random-prune", "2 snip reinit snip-reinit", "2 snip shuffle snip-shuffle"],
            rows.Select(r => $"{Field(r, "level")} {Field(r, "mask")} {Field(r, "ablation")} {Field(r, "ablation_method")}"));

        var levels = store.Runs().SelectMany(r => store.Levels(r.Name)).ToList();
        foreach (var row in rows)
        {
            int level = int.Parse(Field(row, "level"), CultureInfo.InvariantCulture);
            double Acc(string method, string run) => levels.Single(l => l.Run == run && l.Level == level && l.Method == method).Test.Accuracy;
            var diffs = store.Runs().Select(r => Acc(Field(row, "mask"), r.Name) - Acc(Field(row, "ablation_method"), r.Name)).ToList();
            Assert.Equal("2", Field(row, "seeds"));
            Assert.Equal(diffs.Average(), double.Parse(Field(row, "diff_mean"), CultureInfo.InvariantCulture), 12);
            Assert.Equal(diffs.Order(), Field(row, "diffs").Split(' ').Select(d => double.Parse(d, CultureInfo.InvariantCulture)).Order());
        }
        Assert.Contains("| CNN | 1 |", File.ReadAllText(Path.Combine(outDir, "ag_news", "ablations.md")));

        // the accuracy plot draws each ablation in its mask's colour, dashed (shuffle) or dotted (re-init); an ablation without its
        // mask is a family of its own
        var styles = AccuracyPlot.Styles(StudySummary.From(store)).ToDictionary(s => s.Method);
        Assert.Equal(7, styles.Count);
        Assert.Equal(3, styles.Values.Select(s => s.Colour).Distinct().Count());
        foreach (var (ablation, of, pattern) in new[] { ("random-prune", "ticket", ScottPlot.LinePattern.Dashed), ("random-reinit", "ticket", ScottPlot.LinePattern.Dotted),
                     ("snip-shuffle", "snip", ScottPlot.LinePattern.Dashed), ("snip-reinit", "snip", ScottPlot.LinePattern.Dotted) })
        {
            Assert.Equal(styles[of].Colour, styles[ablation].Colour);
            Assert.Equal(pattern, styles[ablation].Pattern);
        }
        Assert.Equal(ScottPlot.LinePattern.Solid, styles["magnitude-init-shuffle"].Pattern);
        Assert.NotEqual(styles["ticket"].Colour, styles["snip"].Colour);
        Assert.Contains("Each mask − its shuffle and re-init ablations", File.ReadAllText(Path.Combine(outDir, "report.md")));

        // snip's ablations get a plot of their own (magnitude-init's shuffle has no mask beside it, the ticket's ablations are the
        // study's baselines); the main plot and the snip plot are different figures
        var groups = StudySummary.From(store);
        Assert.Equal(["snip"], AccuracyPlot.AblatedMasks(groups));
        var main = File.ReadAllBytes(Path.Combine(outDir, "ag_news", "accuracy-cnn.png"));
        var snip = File.ReadAllBytes(Path.Combine(outDir, "ag_news", "ablations-cnn-snip.png"));
        Assert.NotEqual(main, snip);
        Assert.Equal(AccuracyPlot.Png("t", groups, (g, m) => m is "ticket" or "snip" or "snip-shuffle" or "snip-reinit"),
            AccuracyPlot.Png("t", groups, (g, m) => m == "ticket" || m == "snip" || AccuracyPlot.AblatedMask(g, m) == "snip"));
        Assert.NotEqual(AccuracyPlot.Png("t", groups), AccuracyPlot.Png("t", groups, (g, m) => AccuracyPlot.AblatedMask(g, m) != "snip"));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(outDir, "ag_news"), "*-cnn*.png").Count(f => !Path.GetFileName(f).StartsWith("curves")));
        Assert.Contains("snip, its ablations and the ticket", File.ReadAllText(Path.Combine(outDir, "report.md")));
    }

    [Fact]
    public void RandomPruneAblatesTheTicketOnlyWhenItKeepsTheTicketsPerTensorCounts()
    {
        var randomPrune = LotteryMethods.Find(RandomPruneMethod.Id)!;
        Assert.Equal(new MaskAblation(Methods.Ticket, MaskAblation.Shuffle), randomPrune.Ablation(new PruningHparams()));
        Assert.Null(randomPrune.Ablation(new PruningHparams(RandomScope: RandomPruneScope.Global)));
        Assert.Null(randomPrune.Ablation(new PruningHparams(Scope: PruningScope.Structured)));
        Assert.Equal(new MaskAblation("grasp", MaskAblation.Reinit), LotteryMethods.Find("grasp-reinit")!.Ablation(new PruningHparams()));
        Assert.Equal(new MaskAblation("synflow", MaskAblation.Shuffle), LotteryMethods.Find("synflow-shuffle")!.Ablation(new PruningHparams()));
        Assert.All(LotteryMethods.All.Where(m => m.Name is "ticket" or "dense" or "snip" or "lr-rewind" or "fine-tune" or "random-erk"),
            m => Assert.Null(m.Ablation(new PruningHparams())));
    }
}
