using System.Globalization;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Reporting;

/// <summary>What `ticketlab report` writes for publishing: the per-seed raw table, the paired comparisons and the one-page summary.</summary>
public class PublishedTablesTests
{
    [Fact]
    public void RawCsvHasOneRowPerRunLevelAndMethodWithTheStoredFigures()
    {
        var study = RecordedStudy.Instance;
        var (store, report, outDir) = ReportBuilderTests.Build();
        using var _ = store;
        using var __ = outDir;
        var recorded = study.RunNames.SelectMany(store.Levels).ToList();

        var lines = File.ReadAllLines(Path.Combine(report.OutDir, "imdb", "raw.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(["dataset", "model", "label", "group_key", "run", "seed", "rewind", "level", "method", "all_params_remaining", "prunable_weights_remaining",
            "val_acc", "test_acc", "best_epoch", "epochs", "seconds"], header);
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(recorded.Count, rows.Count); // 2 seeds × (dense + 2 levels × (ticket, random-prune)) = 10
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        double Number(string[] row, string column) => double.Parse(Cell(row, column), CultureInfo.InvariantCulture);
        foreach (var l in recorded)
        {
            var row = Assert.Single(rows, r => Cell(r, "run") == l.Run && Cell(r, "level") == l.Level.ToString(CultureInfo.InvariantCulture) && Cell(r, "method") == l.Method);
            Assert.Equal(l.Test.Accuracy, Number(row, "test_acc"));
            Assert.Equal(l.Validation.Accuracy, Number(row, "val_acc"));
            Assert.Equal(1 - l.SparsityOfAll, Number(row, "all_params_remaining"));
            Assert.Equal(1 - l.Sparsity, Number(row, "prunable_weights_remaining"));
            Assert.Equal("2", Cell(row, "epochs"));
            Assert.Equal(store.Run(l.Run)!.Seed.ToString(CultureInfo.InvariantCulture), Cell(row, "seed"));
        }
        // the embedding is not pruned, so what remains of all parameters is more than what remains of the prunable weights
        Assert.All(rows.Where(r => Cell(r, "level") != "0"), r => Assert.True(Number(r, "all_params_remaining") > Number(r, "prunable_weights_remaining")));

        // two comparisons per pruned level (ticket − random-prune, ticket − dense), their differences the seeds' own
        var comparisons = File.ReadAllLines(Path.Combine(report.OutDir, "imdb", "comparisons.csv"));
        Assert.Equal(5, comparisons.Length);
        var c = comparisons[1].Split(',');
        var ch = comparisons[0].Split(',');
        var level = int.Parse(c[Array.IndexOf(ch, "level")], CultureInfo.InvariantCulture);
        var diffs = study.RunNames.Select(run => store.Levels(run)).Select(ls =>
            ls.Single(l => l.Level == level && l.Method == Methods.Ticket).Test.Accuracy - ls.Single(l => l.Level == level && l.Method == Methods.RandomPrune).Test.Accuracy).ToList();
        Assert.Equal(diffs.Average(), double.Parse(c[Array.IndexOf(ch, "diff_mean")], CultureInfo.InvariantCulture), 12);
        var dense = comparisons[2].Split(',');
        Assert.Equal(("1", "ticket", "dense"), (dense[Array.IndexOf(ch, "level")], dense[Array.IndexOf(ch, "method")], dense[Array.IndexOf(ch, "baseline")]));
        var denseDiffs = study.RunNames.Select(run => store.Levels(run)).Select(ls =>
            ls.Single(l => l.Level == 1 && l.Method == Methods.Ticket).Test.Accuracy - ls.Single(l => l.Level == 0 && l.Method == Methods.Dense).Test.Accuracy).ToList();
        Assert.Equal(denseDiffs.Average(), double.Parse(dense[Array.IndexOf(ch, "diff_mean")], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void TheSummaryPageStatesItsCriterionAndItsTable()
    {
        var (store, report, outDir) = ReportBuilderTests.Build();
        using var _ = store;
        using var __ = outDir;
        var page = File.ReadAllText(Path.Combine(report.OutDir, "summary.md"));
        Assert.StartsWith("# Study summary\n", page);
        Assert.Contains(MatchingCriterion.Default.Describe(), page.ReplaceLineEndings(" ").Replace("\\", ""));
        Assert.Contains("| Dataset | Model | Seeds | Dense Test Acc. (%) | Sparsest Matching Level (val. acc.) | % of all parameters remaining |", page);
        Assert.Contains("| imdb | CNN | 2 |", page);
        Assert.True(File.Exists(Path.Combine(report.OutDir, "summary.csv")));
        Assert.Contains("Summary: the sparsest matching ticket against each baseline", File.ReadAllText(report.HtmlPath));
    }

    [Fact]
    public void AnEmptyStoreGivesAPageThatSaysSo()
    {
        Assert.Contains("No results recorded yet.", SummaryTable.Page([], "nothing run"));
    }
}
