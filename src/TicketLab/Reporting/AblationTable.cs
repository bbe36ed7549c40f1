using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>Each mask (the ticket, every pruning-at-initialisation method) against its shuffle and re-init ablations per level, paired by
/// seed on test accuracy (Frankle et al. 2021): does the mask matter beyond its per-layer budget, and do its kept initial values?</summary>
public static class AblationTable
{
    /// <summary>For reading: differences in percentage points.</summary>
    public static ReportTable Display(IEnumerable<GroupSummary> groups) => new(
        ["Model", "Level", AllRemaining, "Mask", "Ablation", "Seeds", "Mean Diff. (pp)", "95% CI (pp)", "p (paired t)", "p (Wilcoxon)", "p (sign)"],
        Rows(groups).Select(x => (IReadOnlyList<string>)[
            x.Group.Label, Invariant(x.C.Level), Share(x.Remaining), x.C.Method, $"{x.Kind} ({x.C.Baseline})", Invariant(x.C.N),
            ComparisonTable.Points(x.C.Difference), StudyTables.Interval(x.C.Interval, 100),
            PValue(x.C.TTestP), PValue(x.C.WilcoxonP), PValue(x.C.SignP)]).ToList());

    /// <summary>Raw fractions, every seed's difference listed.</summary>
    public static ReportTable Csv(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "rewind", "level", "all_params_remaining", "mask", "ablation", "ablation_method", "seeds",
            "diff_mean", "diff_std", "diff_ci95_low", "diff_ci95_high", "t", "p_ttest", "p_wilcoxon", "p_sign", "diffs"],
        Rows(groups).Select(x => (IReadOnlyList<string>)[
            x.Group.Dataset, x.Group.Model, x.Group.Label, x.Group.Group.Key, x.Group.Rewind, Invariant(x.C.Level), Raw(x.Remaining),
            x.C.Method, x.Kind, x.C.Baseline, Invariant(x.C.N), Raw(x.C.Difference.Mean), Raw(x.C.Difference.Std), Raw(x.C.Interval.Low),
            Raw(x.C.Interval.High), Raw(x.C.T), Raw(x.C.TTestP), Raw(x.C.WilcoxonP), Raw(x.C.SignP),
            string.Join(' ', x.C.Differences.Select(Raw))]).ToList());

    /// <summary>Whether any group holds a mask and one of its ablations at the same level.</summary>
    public static bool Any(IEnumerable<GroupSummary> groups) => Rows(groups).Any();

    private static IEnumerable<(GroupSummary Group, PairedComparison C, string Kind, double Remaining)> Rows(IEnumerable<GroupSummary> groups) =>
        groups.SelectMany(g => g.AblationComparisons().Select(a => (g, a.Comparison, a.Kind,
            g.Levels.First(l => l.Level == a.Comparison.Level && l.Method == a.Comparison.Method).RemainingOfAll.Mean)));
}
