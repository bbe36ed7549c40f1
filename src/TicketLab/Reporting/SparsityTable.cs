using System.Globalization;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>What was prunable and how sparse each tensor is at each level: one row per tensor, one column per (level, method).</summary>
public static class SparsityTable
{
    public static string ToMarkdown(IReadOnlyList<LevelResult> levels)
    {
        var columns = levels.Where(l => l.Level > 0).ToList();
        var tensors = levels.First().PerTensor;
        var sb = new StringBuilder();
        sb.Append("| Prunable tensor | Weights |");
        foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $" L{c.Level} {c.Method} |");
        sb.AppendLine().Append("|---|---|").AppendLine(string.Concat(columns.Select(_ => "---|")));
        foreach (var t in tensors)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{t.Name}` | {t.Total:N0} |");
            foreach (var c in columns)
                sb.Append(CultureInfo.InvariantCulture, $" {100 * c.PerTensor.First(p => p.Name == t.Name).Sparsity:F1}% |");
            sb.AppendLine();
        }
        sb.Append("| **all prunable** | ").Append(tensors.Sum(t => t.Total).ToString("N0", CultureInfo.InvariantCulture)).Append(" |");
        foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $" {100 * c.Sparsity:F1}% |");
        sb.AppendLine().Append("| **all parameters** | |");
        foreach (var c in columns) sb.Append(CultureInfo.InvariantCulture, $" {100 * c.SparsityOfAll:F1}% |");
        return sb.AppendLine().ToString();
    }
}
