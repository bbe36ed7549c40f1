using System.Globalization;

namespace TicketLab.Reporting;

/// <summary>The study's tables for one dataset: the dense networks, and each pruning level's ticket beside its baselines (mean ± std over seeds).</summary>
public static class StudyTables
{
    /// <summary>Model | Seeds | Train Loss (best) | Train Acc. (best) | Test Loss | Test Acc. | Val Acc. | Test Acc. 95% CI; accuracies in percent.</summary>
    public static ReportTable Dense(IEnumerable<GroupSummary> groups) => new(
        ["Model", "Seeds", "Train Loss (best)", "Train Acc. (best)", "Test Loss", "Test Acc.", "Val Acc.", "Test Acc. 95% CI"],
        groups.Where(g => g.Dense is not null).Select(g =>
        {
            var d = g.Dense!;
            return (IReadOnlyList<string>)[g.Label, d.Seeds.ToString(CultureInfo.InvariantCulture),
                d.TrainLoss.Format("F4"), d.TrainAccuracy.Format("F2", 100), d.TestLoss.Format("F4"), d.TestAccuracy.Format("F2", 100),
                d.ValidationAccuracy.Format("F2", 100), Interval(d.TestAccuracy.Interval, 100)];
        }).ToList());

    /// <summary>"[low, high]" scaled, or "n/a" below two seeds.</summary>
    public static string Interval(ConfidenceInterval ci, double scale) => !ci.IsDefined ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"[{ci.Low * scale:F2}, {ci.High * scale:F2}]");

    /// <summary>Model | Level | % of all parameters remaining | % of prunable weights remaining | one "Test Acc." column per method (ticket first); percentages.</summary>
    public static ReportTable Levels(IReadOnlyList<GroupSummary> groups)
    {
        var methods = MethodOrder.Sort(groups.SelectMany(g => g.PrunedMethods));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var g in groups)
            foreach (var level in g.Levels.Where(l => l.Level > 0).Select(l => l.Level).Distinct().Order())
            {
                var at = g.Levels.Where(l => l.Level == level).ToList();
                var reference = g.SparsityOf(level);
                rows.Add([g.Label, level.ToString(CultureInfo.InvariantCulture), TableText.Share(reference.RemainingOfAll.Mean), TableText.Share(reference.Remaining.Mean),
                    .. methods.Select(m => at.FirstOrDefault(l => l.Method == m)?.TestAccuracy.Format("F2", 100) ?? "—")]);
            }
        return new ReportTable(["Model", "Level", TableText.AllRemaining, TableText.PrunableRemaining, .. methods.Select(m => $"{m} Test Acc.")], rows);
    }

    /// <summary>The dense figures as raw fractions, mean and std in their own columns (std empty for one seed).</summary>
    public static ReportTable DenseCsv(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "seeds", .. Pairs("train_loss"), .. Pairs("train_acc"), .. Pairs("val_loss"), .. Pairs("val_acc"), .. Pairs("test_loss"), .. Pairs("test_acc")],
        groups.Where(g => g.Dense is not null).Select(g =>
        {
            var d = g.Dense!;
            return (IReadOnlyList<string>)[g.Dataset, g.Model, g.Label, g.Group.Key, d.Seeds.ToString(CultureInfo.InvariantCulture),
                .. Raw(d.TrainLoss), .. Raw(d.TrainAccuracy), .. Raw(d.ValidationLoss), .. Raw(d.ValidationAccuracy), .. Raw(d.TestLoss), .. Raw(d.TestAccuracy)];
        }).ToList());

    /// <summary>Every level and method (dense included), one row each, raw fractions; accuracies also with their 95% CI (empty below two seeds).</summary>
    public static ReportTable LevelsCsv(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "rewind", "level", "method", "seeds", .. Pairs("all_params_remaining"), .. Pairs("prunable_weights_remaining"),
            .. Pairs("train_loss"), .. Pairs("train_acc"), .. Pairs("val_loss"), .. WithCi("val_acc"), .. Pairs("test_loss"), .. WithCi("test_acc")],
        groups.SelectMany(g => g.Levels.Select(l => (IReadOnlyList<string>)[
            g.Dataset, g.Model, g.Label, g.Group.Key, g.Rewind, l.Level.ToString(CultureInfo.InvariantCulture), l.Method,
            l.Seeds.ToString(CultureInfo.InvariantCulture), .. Raw(l.RemainingOfAll), .. Raw(l.Remaining), .. Raw(l.TrainLoss), .. Raw(l.TrainAccuracy),
            .. Raw(l.ValidationLoss), .. RawWithCi(l.ValidationAccuracy), .. Raw(l.TestLoss), .. RawWithCi(l.TestAccuracy)])).ToList());

    private static string[] Pairs(string name) => [name + "_mean", name + "_std"];

    private static string[] WithCi(string name) => [.. Pairs(name), name + "_ci95_low", name + "_ci95_high"];

    private static string[] RawWithCi(Stat s) => [.. Raw(s), TableText.Raw(s.Interval.Low), TableText.Raw(s.Interval.High)];

    private static string[] Raw(Stat s) => [TableText.Raw(s.Mean), TableText.Raw(s.Std)];
}
