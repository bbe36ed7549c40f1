using System.Text;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>Every method of a replicate group at every level: one row per method, one column per level, so a study of many methods
/// reads across sparsity (levels.md sets the methods side by side instead, which suits a ticket and two baselines).</summary>
public static class MethodMatrix
{
    /// <summary>Test accuracy (%, mean ± std over seeds, "(n = k)" where fewer seeds than the group's finished it) per method and level;
    /// the dense network and its rewind control fill the level-0 column.</summary>
    public static ReportTable Accuracy(GroupSummary g)
    {
        int seeds = Seeds(g);
        var levels = Levels(g, withDense: true);
        var methods = MethodOrder.Sort(g.Levels.Select(l => l.Method));
        return new ReportTable(["Method", .. levels.Select(l => Column(g, l))],
            methods.Select(m => (IReadOnlyList<string>)[m, .. levels.Select(level =>
                g.Levels.FirstOrDefault(l => l.Level == level && l.Method == m) is { } s ? s.TestAccuracy.Format("F2", 100) + Count(s.Seeds, seeds) : "—")]).ToList());
    }

    /// <summary>Ticket − each method per pruned level on test accuracy, paired by seed: the mean difference in percentage points and the
    /// paired t-test's p in brackets, "(n = k)" where fewer seeds than the group's finished both; the dense row holds the ticket against its
    /// dense reference (<see cref="GroupSummary.DenseReference"/>).</summary>
    public static ReportTable TicketDifferences(GroupSummary g)
    {
        int seeds = Seeds(g);
        var levels = Levels(g, withDense: false);
        var comparisons = g.TicketComparisons().Concat(g.DenseComparisons()).ToList();
        var baselines = MethodOrder.Sort(comparisons.Select(c => c.Baseline));
        return new ReportTable(["Ticket −", .. levels.Select(l => Column(g, l))],
            baselines.Select(b => (IReadOnlyList<string>)[b, .. levels.Select(level =>
                comparisons.FirstOrDefault(c => c.Level == level && c.Baseline == b) is { N: > 0 } c
                    ? $"{SignedPoints(c.Difference.Mean)} ({PValue(c.TTestP)}){Count(c.N, seeds)}"
                    : "—")]).ToList());
    }

    /// <summary>matrix.md: both tables for each group that has pruned levels, under the group's label.</summary>
    public static string Page(IEnumerable<GroupSummary> groups)
    {
        var sb = new StringBuilder("# Every method at every level\n\nColumns are levels, headed by the share of all parameters remaining (the ")
            .Append("prunable weights' share beside it where the two differ). Test accuracy in %, mean ± sample std over seeds; differences in ")
            .Append("percentage points, paired by seed, with the paired t-test's two-sided p in brackets (uncorrected for the number of tests).\n");
        foreach (var g in groups.Where(g => g.PrunedMethods.Count > 0))
        {
            sb.Append($"\n## {Markdown.Escape(g.Label)} ({Seeds(g)} seeds)\n\n### Test accuracy (%)\n\n").Append(Accuracy(g).ToMarkdown())
              .Append("\n### Ticket − method (pp, p paired t)\n\n").Append(TicketDifferences(g).ToMarkdown());
        }
        return sb.ToString();
    }

    private static int Seeds(GroupSummary g) => g.Levels.Count == 0 ? 0 : g.Levels.Max(l => l.Seeds);

    private static string Count(int n, int seeds) => n < seeds ? $" (n = {n})" : "";

    private static IReadOnlyList<int> Levels(GroupSummary g, bool withDense) =>
        g.Levels.Select(l => l.Level).Where(l => withDense || l > 0).Distinct().Order().ToList();

    private static string Column(GroupSummary g, int level)
    {
        var s = g.SparsityOf(level);
        string all = Share(s.RemainingOfAll.Mean), prunable = Share(s.Remaining.Mean);
        return all == prunable ? $"L{level}: {all}" : $"L{level}: {all} ({prunable} of prunable)";
    }
}
