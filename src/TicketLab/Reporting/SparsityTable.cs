using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>What was prunable and how sparse each tensor is at each level: one row per tensor, one column per (level, method).</summary>
public static class SparsityTable
{
    public static ReportTable From(IReadOnlyList<LevelResult> levels)
    {
        var columns = levels.Where(l => l.Level > 0).ToList();
        var tensors = levels.First().PerTensor;
        return new ReportTable(
            ["Prunable tensor", "Weights", .. columns.Select(c => string.Create(CultureInfo.InvariantCulture, $"L{c.Level} {c.Method}"))],
            tensors.Select(t => (IReadOnlyList<string>)[t.Name, t.Total.ToString("N0", CultureInfo.InvariantCulture),
                .. columns.Select(c => Percent1(c.PerTensor.First(p => p.Name == t.Name).Sparsity))]).ToList(),
            Footer: [
                ["all prunable", tensors.Sum(t => t.Total).ToString("N0", CultureInfo.InvariantCulture), .. columns.Select(c => Percent1(c.Sparsity))],
                ["all parameters", "", .. columns.Select(c => Percent1(c.SparsityOfAll))],
            ],
            Code: new HashSet<int> { 0 });
    }

    private static string Percent1(double f) => (100 * f).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
