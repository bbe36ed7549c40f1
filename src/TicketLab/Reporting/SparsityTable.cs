using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>What was prunable and how sparse each tensor is at each level: one row per tensor, one column per (level, method); the footer gives what remains of the prunable weights and of all parameters.</summary>
public static class SparsityTable
{
    public static ReportTable From(IReadOnlyList<LevelResult> levels)
    {
        var columns = levels.Where(l => l.Level > 0).ToList();
        var tensors = levels.First().PerTensor;
        return new ReportTable(
            ["Prunable tensor (% pruned)", "Weights", .. columns.Select(c => string.Create(CultureInfo.InvariantCulture, $"L{c.Level} {c.Method}"))],
            tensors.Select(t => (IReadOnlyList<string>)[t.Name, t.Total.ToString("N0", CultureInfo.InvariantCulture),
                .. columns.Select(c => Percent1(c.PerTensor.First(p => p.Name == t.Name).Sparsity))]).ToList(),
            Footer: [
                ["all prunable (% pruned)", tensors.Sum(t => t.Total).ToString("N0", CultureInfo.InvariantCulture), .. columns.Select(c => Percent1(c.Sparsity))],
                [TableText.AllRemaining, "", .. columns.Select(c => TableText.Share(1 - c.SparsityOfAll))],
                [TableText.PrunableRemaining, "", .. columns.Select(c => TableText.Share(1 - c.Sparsity))],
            ],
            Code: new HashSet<int> { 0 });
    }

    private static string Percent1(double f) => (100 * f).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
