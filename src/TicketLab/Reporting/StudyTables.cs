using System.Globalization;

namespace TicketLab.Reporting;

/// <summary>The study's tables for one dataset: the dense networks, and each pruning level's ticket beside its baselines (mean ± std over seeds).</summary>
public static class StudyTables
{
    /// <summary>Model | Seeds | Train Loss (best) | Train Acc. (best) | Test Loss | Test Acc.; accuracies in percent.</summary>
    public static ReportTable Dense(IEnumerable<GroupSummary> groups) => new(
        ["Model", "Seeds", "Train Loss (best)", "Train Acc. (best)", "Test Loss", "Test Acc."],
        groups.Where(g => g.Dense is not null).Select(g =>
        {
            var d = g.Dense!;
            return (IReadOnlyList<string>)[g.Label, d.Seeds.ToString(CultureInfo.InvariantCulture),
                d.TrainLoss.Format("F4"), d.TrainAccuracy.Format("F2", 100), d.TestLoss.Format("F4"), d.TestAccuracy.Format("F2", 100)];
        }).ToList());

    /// <summary>Model | Level | Weights Left | one "Test Acc." column per method (ticket first); percentages.</summary>
    public static ReportTable Levels(IReadOnlyList<GroupSummary> groups)
    {
        var methods = MethodOrder.Sort(groups.SelectMany(g => g.PrunedMethods));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var g in groups)
            foreach (var level in g.Levels.Where(l => l.Level > 0).Select(l => l.Level).Distinct().Order())
            {
                var at = g.Levels.Where(l => l.Level == level).ToList();
                // the ticket fixes the level's sparsity; the baselines match it
                var sparsity = (at.FirstOrDefault(l => l.Method == "ticket") ?? at[0]).Remaining;
                rows.Add([g.Label, level.ToString(CultureInfo.InvariantCulture), TableText.Percent(sparsity.Mean),
                    .. methods.Select(m => at.FirstOrDefault(l => l.Method == m)?.TestAccuracy.Format("F2", 100) ?? "—")]);
            }
        return new ReportTable(["Model", "Level", "Weights Left", .. methods.Select(m => $"{m} Test Acc.")], rows);
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

    /// <summary>Every level and method (dense included), one row each, raw fractions.</summary>
    public static ReportTable LevelsCsv(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "rewind", "level", "method", "seeds", .. Pairs("weights_left"), .. Pairs("sparsity_all_params"),
            .. Pairs("train_loss"), .. Pairs("train_acc"), .. Pairs("val_loss"), .. Pairs("val_acc"), .. Pairs("test_loss"), .. Pairs("test_acc")],
        groups.SelectMany(g => g.Levels.Select(l => (IReadOnlyList<string>)[
            g.Dataset, g.Model, g.Label, g.Group.Key, g.Rewind, l.Level.ToString(CultureInfo.InvariantCulture), l.Method,
            l.Seeds.ToString(CultureInfo.InvariantCulture), .. Raw(l.Remaining), .. Raw(l.SparsityOfAll), .. Raw(l.TrainLoss), .. Raw(l.TrainAccuracy),
            .. Raw(l.ValidationLoss), .. Raw(l.ValidationAccuracy), .. Raw(l.TestLoss), .. Raw(l.TestAccuracy)])).ToList());

    private static string[] Pairs(string name) => [name + "_mean", name + "_std"];

    private static string[] Raw(Stat s) => [TableText.Raw(s.Mean), TableText.Raw(s.Std)];
}
