using TicketLab.Store;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>What each mask removes whole, per level and method over seeds: the share of every weight matrix's rows (an embedding's words,
/// a layer's filters or units) with no weight left, read from the runs' stored masks. A text model without a word's row cannot see that
/// word however it trains, which a per-tensor count does not show.</summary>
public static class MaskRowsTable
{
    /// <summary>One tensor of one level and method of a group: its rows and the share pruned whole, over the seeds whose mask was read.</summary>
    public sealed record Entry(GroupSummary Group, int Level, string Method, string Tensor, long Rows, Stat Share);

    /// <summary>Every pruned level and method of <paramref name="groups"/>, each seed's mask read from its run folder under <paramref name="runsDir"/>
    /// (a mask missing or not verifying is left out of its cell, and <paramref name="warn"/> names it).</summary>
    public static IReadOnlyList<Entry> Of(IEnumerable<GroupSummary> groups, string runsDir, Action<string>? warn = null)
    {
        var entries = new List<Entry>();
        foreach (var g in groups)
        {
            foreach (var l in g.Levels.Where(l => l.Level > 0))
            {
                var rows = new List<Pruning.TensorRows>();
                foreach (var run in g.Group.Runs)
                {
                    var dir = Path.Combine(runsDir, run.Name);
                    // a live study's workers write run folders while the report reads them: a mask that cannot be read now is left out
                    // of its cell and named, never the end of the report (one such failure was seen once and not reproduced)
                    try
                    {
                        using var mask = new FolderLevelStore(dir).TryLoadMask(l.Level, l.Method);
                        if (mask is not null) rows.AddRange(mask.RowsPruned());
                        // a seed that has not finished the level has no files for it; one that has but whose mask does not verify is named
                        else if (FolderLevelStore.TryReadResult(dir, l.Level, l.Method) is not null) warn?.Invoke($"{run.Name}: level {l.Level} {l.Method}: its mask is missing or does not verify; left out of mask-rows");
                    }
                    catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
                    {
                        warn?.Invoke($"{run.Name}: level {l.Level} {l.Method}: mask not read ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); left out of mask-rows");
                    }
                }
                entries.AddRange(rows.GroupBy(r => (r.Name, r.Rows))
                    .Select(t => new Entry(g, l.Level, l.Method, t.Key.Name, t.Key.Rows, Stat.Of(t.Select(r => r.Share)))));
            }
        }
        return entries;
    }

    /// <summary>For reading: one row per group, level and method, one "rows removed" column per tensor (%, mean ± std over seeds).</summary>
    public static ReportTable Display(IReadOnlyList<Entry> entries)
    {
        var tensors = entries.Select(e => (e.Tensor, e.Rows)).Distinct().ToList();
        return new ReportTable(
            ["Model", "Level", AllRemaining, "Method", "Seeds", .. tensors.Select(t => $"{t.Tensor}: of {t.Rows} rows, removed (%)")],
            entries.GroupBy(e => (e.Group, e.Level, e.Method)).Select(cell =>
            {
                var remaining = cell.Key.Group.Levels.First(l => l.Level == cell.Key.Level && l.Method == cell.Key.Method).RemainingOfAll.Mean;
                return (IReadOnlyList<string>)[cell.Key.Group.Label, Invariant(cell.Key.Level), Share(remaining), cell.Key.Method,
                    Invariant(cell.Max(e => e.Share.N)),
                    .. tensors.Select(t => cell.FirstOrDefault(e => e.Tensor == t.Tensor && e.Rows == t.Rows)?.Share.Format("F1", 100) ?? "—")];
            }).ToList());
    }

    /// <summary>Raw fractions, one row per tensor.</summary>
    public static ReportTable Csv(IReadOnlyList<Entry> entries) => new(
        ["dataset", "model", "label", "group_key", "rewind", "level", "method", "tensor", "rows", "seeds", "rows_removed_mean", "rows_removed_std"],
        entries.Select(e => (IReadOnlyList<string>)[e.Group.Dataset, e.Group.Model, e.Group.Label, e.Group.Group.Key, e.Group.Rewind,
            Invariant(e.Level), e.Method, e.Tensor, Invariant(e.Rows), Invariant(e.Share.N), Raw(e.Share.Mean), Raw(e.Share.Std)]).ToList());
}
