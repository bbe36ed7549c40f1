using TicketLab.Lottery;
using TicketLab.Reporting;
using TicketLab.Training;

namespace TicketLab.Tests.Reporting;

/// <summary>The instability tables against hand-computed barriers: per pair, and mean ± std over the runs (seeds) at a rewind point.</summary>
public class StabilityTablesTests
{
    private static StabilityPair Pair(string run, string rewind, long step, int level, params double[] errors)
    {
        var copy = new TrainingResult([new EpochMetrics(0, new Metrics(1, 0.5), new Metrics(1, 0.5), 1)], 0, new Metrics(1, 0.5), 1);
        return new StabilityPair(run, rewind, step, 100, level, level == 0 ? 1 : 0.2, 7, copy, copy,
            [.. errors.Select((e, i) => new InstabilityPoint((double)i / (errors.Length - 1), new Metrics(2 * e, 1 - e)))]);
    }

    [Fact]
    public void TheBarrierIsTheHighestErrorMinusTheMeanOfTheEndsAndRunsAtAPointAreAveraged()
    {
        // barriers: 0.5 − (0.2 + 0.3)/2 = 0.25 and 0.25 − (0.1 + 0.15)/2 = 0.125; mean 0.1875, std √((0.0625² · 2) / 1) = 0.08839
        IReadOnlyList<StabilityPair> pairs = [Pair("a", "2%", 2, 1, 0.2, 0.5, 0.3), Pair("b", "2%", 2, 1, 0.1, 0.25, 0.15), Pair("a", "0", 0, 0, 0.4, 0.4, 0.4)];

        var summary = StabilityTables.Summary(pairs);
        Assert.Equal(["0.25", "0.125", "0"], summary.Rows.Select(r => r[summary.Header.ToList().IndexOf("barrier")]));
        var readable = StabilityTables.Readable(pairs);
        Assert.Equal(["0", "2%"], readable.Rows.Select(r => r[0]));               // level 0 first, then by rewind point
        var ticket = readable.Rows[1];
        Assert.Equal("2", ticket[4]);                                              // two runs
        Assert.Equal("18.75 ± 8.84", ticket[5]);
        Assert.Equal("15.00 ± 7.07", ticket[6]);                                   // copy A: 0.2, 0.1
        Assert.Equal(3 * 3, StabilityTables.Path(pairs).Rows.Count);
        Assert.True(StabilityPlot.BarrierPng("t", pairs).Length > 0 && StabilityPlot.PathPng("t", pairs).Length > 0);
    }

    [Fact]
    public void TheDenseNetworkOfASeedIsCountedOnceAndATicketMeasuredAwayFromItsOwnRewindPointIsItsOwnRow()
    {
        // a sweep's two runs of seed 7 (own points 0 and 2%) both measured at 2%: one dense measurement, two different tickets
        var dense = Pair("a", "2%", 2, 0, 0.2, 0.3, 0.2);
        IReadOnlyList<StabilityObservation> observations = [
            new("d", "CNN", "0", dense), new("d", "CNN", "2%", dense with { Run = "b" }),
            new("d", "CNN", "0", Pair("a", "2%", 2, 1, 0.1, 0.4, 0.1)), new("d", "CNN", "2%", Pair("b", "2%", 2, 1, 0.1, 0.2, 0.1)),
            new("d", "CNN", "2%", Pair("c", "2%", 2, 1, 0.2, 0.4, 0.2) with { Seed = 8 })];
        var rows = StabilityStats.Of(observations, (_, _, rewind, level) => rewind == "2%" ? new Stat(0.8 + level / 100.0, 0, 1) : null);

        Assert.Equal([(0, (string?)null, 1), (1, "0", 1), (1, "2%", 2)], rows.Select(r => (r.Level, r.MaskRewind, r.Barrier.N)));
        Assert.Equal(0.1, rows[0].Barrier.Mean, 12);
        Assert.Equal(0.3, rows[1].Barrier.Mean, 12);
        Assert.Equal(0.15, rows[2].Barrier.Mean, 12);                               // (0.1 + 0.2) / 2
        Assert.Equal([0.8, (double?)null, 0.81], rows.Select(r => r.TestAccuracy?.Mean)); // a ticket of another point's mask has no test accuracy here
        var csv = StabilityTables.BarriersCsv(rows);
        Assert.Equal(["", "0", "2%"], csv.Rows.Select(r => r[csv.Header.ToList().IndexOf("mask_rewind")]));
        // the plot of the cell shows the tickets of their own rewind point only (and the dense network once)
        Assert.Equal(["a", "b", "c"], StabilityStats.PlotPairs(observations).Select(p => p.Run).Order());
        Assert.Equal(3, StabilityStats.PlotPairs(observations).Count);
    }
}
