using System.Globalization;
using TicketLab.Lottery;
using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

/// <summary>matrix.md: every method at every level, one row per method, from the stored accuracies of a real two-seed study.</summary>
public class MethodMatrixTests
{
    private static string Pp(double d) => (100 * d).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    [Fact]
    public void EachCellIsTheMethodsAccuracyOverSeedsAndTheTicketsPairedDifferenceAtThatLevel()
    {
        var (store, report, outDir) = ReportBuilderTests.Build();
        using var _ = store;
        using var __ = outDir;
        var study = RecordedStudy.Instance;
        var recorded = study.RunNames.SelectMany(store.Levels).ToList();
        double Acc(string run, int level, string method) => recorded.Single(l => l.Run == run && l.Level == level && l.Method == method).Test.Accuracy;

        var page = File.ReadAllText(Path.Combine(report.OutDir, "imdb", "matrix.md"));
        var lines = page.Split('\n');
        // the embedding is not pruned in this study, so each level's column also gives the prunable share
        var header = lines.First(l => l.StartsWith("| Method |")).Split(" | ");
        Assert.Equal(4, header.Length);
        Assert.StartsWith("L0: 100.00%", header[1]);
        Assert.Contains("(50.00% of prunable)", header[2]);
        Assert.Contains("(25.00% of prunable)", header[3]);

        string[] Row(string first, string method) =>
            lines.SkipWhile(l => !l.StartsWith($"| {first} |")).First(l => l.StartsWith($"| {method} |")).Trim('|', ' ').Split(" | ");
        foreach (var (method, level) in new[] { ("dense", 0), ("ticket", 1), ("ticket", 2), ("random-prune", 1), ("random-prune", 2) })
            Assert.Equal(Stat.Of(study.RunNames.Select(r => Acc(r, level, method))).Format("F2", 100), Row("Method", method)[1 + level]);
        Assert.Equal(["dense", "—", "—"], Row("Method", "dense")[..1].Concat(Row("Method", "dense")[2..]));

        foreach (var level in new[] { 1, 2 })
        {
            var prune = PairedComparison.Of("ticket", "random-prune", level, study.RunNames.Select(r => (Acc(r, level, "ticket"), Acc(r, level, "random-prune"))).ToList());
            Assert.Equal($"{Pp(prune.Difference.Mean)} ({TableText.PValue(prune.TTestP)})", Row("Ticket −", "random-prune")[level]);
            var dense = PairedComparison.Of("ticket", "dense", level, study.RunNames.Select(r => (Acc(r, level, "ticket"), Acc(r, 0, "dense"))).ToList());
            Assert.Equal($"{Pp(dense.Difference.Mean)} ({TableText.PValue(dense.TTestP)})", Row("Ticket −", "dense")[level]);
        }
    }

    [Fact]
    public void ACellFewerSeedsFinishedSaysHowMany()
    {
        var (store, _, outDir) = ReportBuilderTests.Build();
        using var __ = store;
        using var ___ = outDir;
        var g = StudySummary.From(store).Single();
        var firstRun = RecordedStudy.Instance.RunNames[0];
        var kept = g.Observations.Where(o => !(o.Level.Run == firstRun && o.Level.Level == 2 && o.Level.Method == Methods.RandomPrune)).ToList();
        var partial = g with { Observations = kept, Levels = ReplicateStats.Levels(kept) };

        var one = kept.Single(o => o.Level.Level == 2 && o.Level.Method == Methods.RandomPrune).Level.Test.Accuracy;
        var accuracy = partial.Levels.Single(l => l.Level == 2 && l.Method == Methods.RandomPrune);
        Assert.Equal(1, accuracy.Seeds);
        var row = MethodMatrix.Accuracy(partial).Rows.Single(r => r[0] == Methods.RandomPrune);
        Assert.Equal((100 * one).ToString("F2", CultureInfo.InvariantCulture) + " (n = 1)", row[3]);
        Assert.DoesNotContain("(n =", row[2]);
        var diff = MethodMatrix.TicketDifferences(partial).Rows.Single(r => r[0] == Methods.RandomPrune);
        Assert.EndsWith("(n/a) (n = 1)", diff[2]); // one pair: no t-test
    }
}
