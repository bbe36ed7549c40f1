using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>The one-page study summary: per dataset × model group, dense accuracy, the sparsest matching ticket (chosen on validation) and the ticket against each baseline there.</summary>
/// <remarks>Differences are ticket − baseline test accuracy paired by seed, with the 95% Student-t CI and the paired t and exact
/// Wilcoxon p-values (<see cref="PairedComparison"/>). Where no level matches, the row says so and compares nothing: a
/// comparison at a level the ticket does not match would answer another question.</remarks>
public static class SummaryTable
{
    public static ReportTable Display(IReadOnlyList<GroupSummary> groups, MatchingCriterion? criterion = null)
    {
        var baselines = Baselines(groups);
        return new ReportTable(
            ["Dataset", "Model", "Seeds", "Dense Test Acc. (%)", "Sparsest Matching Level (val. acc.)", AllRemaining, PrunableRemaining, "Ticket Test Acc. (%)",
                .. baselines.Select(b => $"ticket − {b} (pp, 95% CI; p t / Wilcoxon)")],
            Rows(groups, criterion ?? MatchingCriterion.Default).Select(x =>
            {
                var (g, m) = (x.Group, x.Matching);
                var seeds = g.Dense?.Seeds ?? 0;
                if (m is null)
                    return (IReadOnlyList<string>)[g.Dataset, g.Label, Invariant(seeds), g.Dense?.TestAccuracy.Format("F2", 100) ?? "—",
                        g.Dense is null ? "no dense level" : $"none of {g.Levels.Count(l => l.Method == Lottery.Methods.Ticket)} levels", "—", "—", "—",
                        .. baselines.Select(_ => "—")];
                return [g.Dataset, g.Label, Invariant(seeds), g.Dense!.TestAccuracy.Format("F2", 100), Invariant(m.Level), Share(m.RemainingOfAll.Mean),
                    Share(m.Remaining.Mean), m.TestAccuracy.Format("F2", 100),
                    .. baselines.Select(b => x.Comparisons.FirstOrDefault(c => c.Baseline == b) is { N: > 0 } c
                        ? $"{ComparisonTable.Points(c.Difference)} {StudyTables.Interval(c.Interval, 100)}; p {PValue(c.TTestP)} / {PValue(c.WilcoxonP)}"
                        : "—")];
            }).ToList());
    }

    /// <summary>The same as raw fractions, one row per group and baseline (a group without a matching level has one row, level empty).</summary>
    public static ReportTable Csv(IReadOnlyList<GroupSummary> groups, MatchingCriterion? criterion = null) => new(
        ["dataset", "model", "label", "group_key", "seeds", "dense_test_acc_mean", "dense_test_acc_std", "dense_val_acc_mean", "dense_val_acc_std",
            "matching_level", "all_params_remaining", "prunable_weights_remaining", "ticket_val_acc_mean", "ticket_test_acc_mean", "ticket_test_acc_std",
            "baseline", "pairs", "diff_mean", "diff_ci95_low", "diff_ci95_high", "p_ttest", "p_wilcoxon", "p_sign"],
        Rows(groups, criterion ?? MatchingCriterion.Default).SelectMany(x =>
        {
            var (g, m) = (x.Group, x.Matching);
            string[] head = [g.Dataset, g.Model, g.Label, g.Group.Key, Invariant(g.Dense?.Seeds ?? 0), Raw(g.Dense?.TestAccuracy.Mean ?? double.NaN),
                Raw(g.Dense?.TestAccuracy.Std ?? double.NaN), Raw(g.Dense?.ValidationAccuracy.Mean ?? double.NaN), Raw(g.Dense?.ValidationAccuracy.Std ?? double.NaN),
                m is null ? "" : Invariant(m.Level), Raw(m?.RemainingOfAll.Mean ?? double.NaN), Raw(m?.Remaining.Mean ?? double.NaN),
                Raw(m?.ValidationAccuracy.Mean ?? double.NaN), Raw(m?.TestAccuracy.Mean ?? double.NaN), Raw(m?.TestAccuracy.Std ?? double.NaN)];
            if (x.Comparisons.Count == 0) return [(IReadOnlyList<string>)[.. head, "", "", "", "", "", "", "", ""]];
            return x.Comparisons.Select(c => (IReadOnlyList<string>)[.. head, c.Baseline, Invariant(c.N), Raw(c.Difference.Mean),
                Raw(c.Interval.Low), Raw(c.Interval.High), Raw(c.TTestP), Raw(c.WilcoxonP), Raw(c.SignP)]);
        }).ToList());

    /// <summary>The page a results folder can publish as its README: what was measured, how to read it, the table.</summary>
    public static string Page(IReadOnlyList<GroupSummary> groups, string source, MatchingCriterion? criterion = null)
    {
        criterion ??= MatchingCriterion.Default;
        var seeds = groups.Select(g => g.Dense?.Seeds ?? 0).DefaultIfEmpty(0).ToList();
        var n = seeds.Min() == seeds.Max() ? Invariant(seeds.Min()) : $"{Invariant(seeds.Min())}–{Invariant(seeds.Max())}";
        var table = groups.Count == 0 ? "No results recorded yet." : Display(groups, criterion).ToMarkdown();
        return $"""
            # Study summary

            {Markdown.Escape(source)}

            Sparsity is stated as **{AllRemaining}** (the embedding and every other parameter counted), with the {PrunableRemaining}
            (the set the pruning rate applies to) beside it. Matching: {Markdown.Escape(criterion.Describe())}. Differences are the
            ticket's test accuracy minus the baseline's at that level, paired by seed (each seed's run trains both), in percentage
            points with the 95% Student-t confidence interval; p-values are two-sided, from the paired t-test and the exact Wilcoxon
            signed-rank test (n = {n} seeds; at n ≤ 5 the Wilcoxon p cannot fall below 0.0625).
            The per-level comparisons and the raw per-seed results are in each dataset's `comparisons.csv` and `raw.csv`.

            {table}
            """.Replace("\r\n", "\n") + "\n";
    }

    private static IReadOnlyList<string> Baselines(IReadOnlyList<GroupSummary> groups) =>
        MethodOrder.Sort(groups.SelectMany(g => g.PrunedMethods).Where(m => m != Lottery.Methods.Ticket));

    private static IEnumerable<(GroupSummary Group, LevelStats? Matching, IReadOnlyList<PairedComparison> Comparisons)> Rows(
        IReadOnlyList<GroupSummary> groups, MatchingCriterion criterion) => groups.Select(g =>
        {
            var m = criterion.SparsestMatching(g.Levels);
            IReadOnlyList<PairedComparison> comparisons = m is null ? [] : g.TicketComparisons().Where(c => c.Level == m.Level).ToList();
            return (g, m, comparisons);
        });
}
