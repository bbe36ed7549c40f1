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
    /// (a mask missing or not verifying is left out of its cell, and <paramref name="warn"/> says so).</summary>
    public static IReadOnlyList<Entry> Of(IEnumerable<GroupSummary> groups, string runsDir, Action<string>? warn = null)
    {
        var entries = new List<Entry>();
        foreach (var g in groups)
        {
            var stores = g.Group.Runs.Select(r => new FolderLevelStore(Path.Combine(runsDir, r.Name), m => warn?.Invoke($"{r.Name}: {m}"))).ToList();
            foreach (var l in g.Levels.Where(l => l.Level > 0))
            {
                var rows = new List<Pruning.TensorRows>();
                foreach (var store in stores)
                {
                    using var mask = store.TryLoadMask(l.Level, l.Method);
                    if (mask is not null) rows.AddRange(mask.RowsPruned());
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
