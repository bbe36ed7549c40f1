using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The one aggregation of instability pairs over seeds: per cell, rewind point, level and mask, the barrier as a <see cref="Stat"/>
/// (mean, sample std, n; its 95% Student-t interval from <see cref="Stat.Interval"/>). Used by the report and by a study's analysis.</summary>
/// <remarks>Runs of a cell that differ only in their own rewind point share the dense training of each seed, so the dense network's pairs
/// measured at the same step and seed by two runs are one measurement, counted once. A ticket measured at a rewind point other than the one
/// its mask was found with is its own row (its mask is another network's).</remarks>
public static class StabilityStats
{
    /// <summary>One row per (dataset, cell, rewind step, level, mask rewind point), by dataset, cell, level, then rewind point;
    /// <paramref name="testAccuracy"/> gives the network's test accuracy over seeds at (dataset, cell, rewind point, level).</summary>
    public static IReadOnlyList<BarrierStats> Of(IEnumerable<StabilityObservation> observations, Func<string, string, string, int, Stat?>? testAccuracy = null) =>
        Distinct(observations)
            .GroupBy(o => (o.Dataset, o.Cell, o.Pair.Step, o.Pair.Level, Mask: o.Pair.Level == 0 ? null : o.MaskRewind))
            .Select(g =>
            {
                var first = g.First();
                return new BarrierStats(g.Key.Dataset, g.Key.Cell, first.Pair.Rewind, g.Key.Step, first.Pair.ShareOfTraining, g.Key.Level, g.Key.Mask,
                    Stat.Of(g.Select(o => o.Pair.RemainingOfAll)), Stat.Of(g.Select(o => o.Pair.Barrier)), [.. g.Select(o => o.Pair.Run)],
                    first.OwnRewind ? testAccuracy?.Invoke(g.Key.Dataset, g.Key.Cell, first.Pair.Rewind, g.Key.Level) : null);
            })
            .OrderBy(s => s.Dataset, StringComparer.Ordinal).ThenBy(s => s.Cell, StringComparer.Ordinal).ThenBy(s => s.Level)
            .ThenBy(s => s.ShareOfTraining).ThenBy(s => s.MaskRewind, StringComparer.Ordinal)
            .ToList();

    /// <summary>The pairs of one cell a "barrier vs rewind point" plot shows: the dense network's once per seed and step, and the
    /// tickets whose masks were found with the point measured (or, where the cell has one rewind point, with it).</summary>
    public static IReadOnlyList<StabilityPair> PlotPairs(IEnumerable<StabilityObservation> cell)
    {
        var list = Distinct(cell).ToList();
        bool oneMask = list.Where(o => o.Pair.Level > 0).Select(o => o.MaskRewind).Distinct().Count() <= 1;
        return [.. list.Where(o => oneMask || o.OwnRewind).Select(o => o.Pair)];
    }

    // the dense network's pair at a seed and step is the same measurement whichever run of the cell made it
    private static IEnumerable<StabilityObservation> Distinct(IEnumerable<StabilityObservation> observations) =>
        observations.OrderBy(o => o.Pair.Run, StringComparer.Ordinal)
            .DistinctBy(o => o.Pair.Level == 0 ? (o.Dataset, o.Cell, o.Pair.Step, 0, o.Pair.Seed, "") : (o.Dataset, o.Cell, o.Pair.Step, o.Pair.Level, o.Pair.Seed, o.Pair.Run));
}
