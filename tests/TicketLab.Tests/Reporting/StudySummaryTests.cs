using TicketLab.Hparams;
using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Store;
using TicketLab.Tests.Data;
using TicketLab.Tests.Store;

namespace TicketLab.Tests.Reporting;

public class StudySummaryTests
{
    private static void Record(ResultsStore store, RunHparams h, double ticketAcc)
    {
        var name = RunIdentity.Name(h);
        store.UpsertRun(RunRecord.Start(h, name, DateTimeOffset.UtcNow));
        store.RecordLevel(name, FakeRuns.Level(0, Methods.Dense, 0.85));
        store.RecordLevel(name, FakeRuns.Level(1, Methods.Ticket, ticketAcc));
        store.RecordLevel(name, FakeRuns.Level(1, "random-reinit", 0.80));
        store.RecordLevel(name, FakeRuns.Level(1, Methods.RandomPrune, 0.81));
    }

    [Fact]
    public void LateRewindingGroupsAreTheirOwnSeriesAndOtherModelsTheirOwnRows()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        Record(store, FakeRuns.Hparams(1), 0.86);
        Record(store, FakeRuns.Hparams(2), 0.88);
        Record(store, FakeRuns.Hparams(1, rewind: "1ep"), 0.90);
        Record(store, FakeRuns.Hparams(1, model: "lstm"), 0.84);
        Record(store, FakeRuns.Hparams(1, dataset: "sst2"), 0.70);

        var groups = StudySummary.From(store);
        Assert.Equal(["CNN", "CNN [rewind 1ep]", "LSTM", "CNN"], groups.Select(g => g.Label));
        Assert.Equal(["imdb", "imdb", "imdb", "sst2"], groups.Select(g => g.Dataset));
        Assert.Equal("ticket", groups[0].SeriesLabel("ticket"));
        Assert.Equal("ticket (late rewind 1ep)", groups[1].SeriesLabel("ticket"));
        Assert.Equal(["ticket", "random-prune", "random-reinit"], groups[0].PrunedMethods);
        var ticket = groups[0].Levels.Single(l => l.Level == 1 && l.Method == Methods.Ticket);
        Assert.Equal((2, 0.87), (ticket.Seeds, Math.Round(ticket.TestAccuracy.Mean, 12)));
        Assert.Equal(Math.Sqrt(0.0002), ticket.TestAccuracy.Std, 12);

        var levels = StudyTables.Levels(groups.Where(g => g.Dataset == "imdb").ToList());
        Assert.Equal(["Model", "Level", "% of all parameters remaining", "% of prunable weights remaining", "ticket Test Acc.", "random-prune Test Acc.", "random-reinit Test Acc."], levels.Header);
        // FakeRuns prunes 80% as large a share of all parameters: half the prunable weights is 40% of all parameters
        Assert.Equal(["CNN [rewind 1ep]", "1", "60.00%", "50.00%", "90.00", "81.00", "80.00"], levels.Rows[1]);

        // renders with the extra series without complaint
        using var bitmap = SkiaSharp.SKBitmap.Decode(AccuracyPlot.Png("imdb", groups.Take(2).ToList()));
        Assert.Equal((AccuracyPlot.Width, AccuracyPlot.Height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void GroupsDifferingInAnotherHparamSayWhich()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        Record(store, FakeRuns.Hparams(1), 0.86);
        var wider = FakeRuns.Hparams(1) with { Model = new TicketLab.Models.ModelHparams(Filters: 200) };
        Record(store, wider, 0.87);
        Assert.Equal(["CNN", "CNN [Model.Filters=200]"], StudySummary.From(store).Select(g => g.Label).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GroupingReadsTheTypedHparamsNotTheIdentityText()
    {
        using var dir = new TempDir();
        using var store = ResultsStore.Open(dir.Path);
        foreach (var (h, acc) in new[] { (FakeRuns.Hparams(1), 0.86), (FakeRuns.Hparams(1, rewind: "1ep"), 0.88) })
        {
            var name = RunIdentity.Name(h);
            // the identity text as a renamed property would write it: grouping must not notice
            var canonical = RunIdentity.Canonical(h).Replace("Pruning.Rewind=", "Pruning.RewindAt=").Replace("Model.Name=", "Model.Kind=");
            store.UpsertRun(RunRecord.Start(h, name, DateTimeOffset.UtcNow) with { Canonical = canonical });
            store.RecordLevel(name, FakeRuns.Level(0, Methods.Dense, 0.85));
            store.RecordLevel(name, FakeRuns.Level(1, Methods.Ticket, acc));
        }
        var groups = StudySummary.From(store);
        Assert.Equal(["CNN", "CNN [rewind 1ep]"], groups.Select(g => g.Label));
        Assert.Equal([false, true], groups.Select(g => g.LateRewind));
        Assert.Equal(["cnn", "cnn"], groups.Select(g => g.Model));
    }
}
