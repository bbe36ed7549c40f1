using System.Globalization;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The study's table, one row per trained network: Model | Method | Level | Sparsity | Train Loss (BEST) | Train Acc. (BEST) | Test Loss | Test Acc.</summary>
public sealed class ResultsTable(string model, IReadOnlyList<LevelResult> rows)
{
    private static readonly string[] Header =
        ["Model", "Method", "Level", "Sparsity", "Weights Left", "Best Epoch", "Train Loss (BEST)", "Train Acc. (BEST)", "Val Acc. (BEST)", "Test Loss", "Test Acc.", "Time (s)"];

    private IEnumerable<string[]> Cells() => rows.Select(r => new[]
    {
        model,
        r.Method,
        r.Level.ToString(CultureInfo.InvariantCulture),
        Percent(r.Sparsity),
        Percent(1 - r.Sparsity),
        (r.Training.BestEpoch + 1).ToString(CultureInfo.InvariantCulture),
        r.Training.Best.Train.Loss.ToString("F4", CultureInfo.InvariantCulture),
        Percent(r.Training.Best.Train.Accuracy),
        Percent(r.Training.Best.Validation.Accuracy),
        r.Training.Test.Loss.ToString("F4", CultureInfo.InvariantCulture),
        Percent(r.Training.Test.Accuracy),
        r.Training.Seconds.ToString("F1", CultureInfo.InvariantCulture),
    });

    /// <summary>A GitHub-flavoured Markdown table.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Header).AppendLine(" |");
        sb.Append('|').AppendJoin('|', Header.Select(_ => "---")).AppendLine("|");
        foreach (var row in Cells()) sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        return sb.ToString();
    }

    /// <summary>RFC 4180 CSV with raw fractions (not percentages) so spreadsheets can compute with them.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine("model,method,level,sparsity,sparsity_all_params,best_epoch,train_loss_best,train_acc_best,val_loss_best,val_acc_best,test_loss,test_acc,seconds");
        foreach (var r in rows)
        {
            var b = r.Training.Best;
            sb.AppendJoin(',', new object[]
            {
                Quote(model), r.Method, r.Level, r.Sparsity, r.SparsityOfAll, r.Training.BestEpoch + 1,
                b.Train.Loss, b.Train.Accuracy, b.Validation.Loss, b.Validation.Accuracy,
                r.Training.Test.Loss, r.Training.Test.Accuracy, r.Training.Seconds,
            }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))).AppendLine();
        }
        return sb.ToString();
    }

    private static string Percent(double f) => (100 * f).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
