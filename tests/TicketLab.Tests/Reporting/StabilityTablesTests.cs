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
}
