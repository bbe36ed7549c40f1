using System.Globalization;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>The ticket against each baseline at every level, and against the dense network (or the dense-rewind control under late
/// rewinding), paired by seed on test accuracy: mean difference, 95% CI, paired t-test, exact Wilcoxon and sign tests.</summary>
public static class ComparisonTable
{
    /// <summary>For reading: differences in percentage points.</summary>
    public static ReportTable Display(IEnumerable<GroupSummary> groups) => new(
        ["Model", "Level", AllRemaining, "Comparison", "Seeds", "Mean Diff. (pp)", "95% CI (pp)", "p (paired t)", "p (Wilcoxon)", "p (sign)"],
        Rows(groups).Select(x => (IReadOnlyList<string>)[
            x.Group.Label, Invariant(x.C.Level), Share(x.Remaining), $"{x.C.Method} − {x.C.Baseline}", Invariant(x.C.N),
            Points(x.C.Difference), StudyTables.Interval(x.C.Interval, 100),
            PValue(x.C.TTestP), PValue(x.C.WilcoxonP), PValue(x.C.SignP)]).ToList());

    /// <summary>Raw fractions, every seed's difference listed.</summary>
    public static ReportTable Csv(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "rewind", "level", "all_params_remaining", "method", "baseline", "seeds", "diff_mean", "diff_std",
            "diff_ci95_low", "diff_ci95_high", "t", "p_ttest", "p_wilcoxon", "p_sign", "diffs"],
        Rows(groups).Select(x => (IReadOnlyList<string>)[
            x.Group.Dataset, x.Group.Model, x.Group.Label, x.Group.Group.Key, x.Group.Rewind, Invariant(x.C.Level), Raw(x.Remaining),
            x.C.Method, x.C.Baseline, Invariant(x.C.N), Raw(x.C.Difference.Mean), Raw(x.C.Difference.Std), Raw(x.C.Interval.Low),
            Raw(x.C.Interval.High), Raw(x.C.T), Raw(x.C.TTestP), Raw(x.C.WilcoxonP), Raw(x.C.SignP),
            string.Join(' ', x.C.Differences.Select(Raw))]).ToList());

    /// <summary>A difference in percentage points with its sign, "± std" over two seeds or more.</summary>
    public static string Points(Stat d) => d.N == 0 ? "—"
        : TableText.SignedPoints(d.Mean)
          + (double.IsNaN(d.Std) ? "" : " ± " + (100 * d.Std).ToString("F2", CultureInfo.InvariantCulture));

    private static IEnumerable<(GroupSummary Group, PairedComparison C, double Remaining)> Rows(IEnumerable<GroupSummary> groups) =>
        groups.SelectMany(g => g.TicketComparisons().Concat(g.DenseComparisons()).OrderBy(c => c.Level).Select(c => (g, c,
            g.Levels.First(l => l.Level == c.Level && l.Method == c.Method).RemainingOfAll.Mean)));
}
