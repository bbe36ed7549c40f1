using System.Globalization;
using TicketLab.Lottery;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>The study's table, one row per trained network: Model | Method | Level | % of all parameters remaining | % of prunable weights remaining | … | Test Acc.</summary>
public sealed class ResultsTable(string model, IReadOnlyList<LevelResult> rows)
{
    /// <summary>Percentages and rounded figures for reading.</summary>
    public ReportTable Display() => new(
        ["Model", "Method", "Level", AllRemaining, PrunableRemaining, "Best Epoch", "Train Loss (BEST)", "Train Acc. (BEST)", "Val Acc. (BEST)", "Test Loss", "Test Acc.", "Time (s)"],
        rows.Select(r => (IReadOnlyList<string>)[
            model,
            r.Method,
            Invariant(r.Level),
            Share(1 - r.SparsityOfAll),
            Share(1 - r.Sparsity),
            Invariant(r.Training.BestEpoch + 1),
            r.Training.Best.Train.Loss.ToString("F4", CultureInfo.InvariantCulture),
            Percent(r.Training.Best.Train.Accuracy),
            Percent(r.Training.Best.Validation.Accuracy),
            r.Training.Test.Loss.ToString("F4", CultureInfo.InvariantCulture),
            Percent(r.Training.Test.Accuracy),
            r.Training.Seconds.ToString("F1", CultureInfo.InvariantCulture),
        ]).ToList());

    /// <summary>Raw fractions (not percentages) so spreadsheets can compute with them.</summary>
    public ReportTable Raw() => new(
        ["model", "method", "level", "sparsity_prunable_weights", "sparsity_all_params", "best_epoch", "train_loss_best", "train_acc_best", "val_loss_best", "val_acc_best", "test_loss", "test_acc", "seconds"],
        rows.Select(r =>
        {
            var b = r.Training.Best;
            return (IReadOnlyList<string>)[
                model, r.Method, Invariant(r.Level), TableText.Raw(r.Sparsity), TableText.Raw(r.SparsityOfAll), Invariant(r.Training.BestEpoch + 1),
                TableText.Raw(b.Train.Loss), TableText.Raw(b.Train.Accuracy), TableText.Raw(b.Validation.Loss), TableText.Raw(b.Validation.Accuracy),
                TableText.Raw(r.Training.Test.Loss), TableText.Raw(r.Training.Test.Accuracy), TableText.Raw(r.Training.Seconds)];
        }).ToList());

    /// <summary>A GitHub-flavoured Markdown table.</summary>
    public string ToMarkdown() => Display().ToMarkdown();

    /// <summary>RFC 4180 CSV of <see cref="Raw"/>.</summary>
    public string ToCsv() => Raw().ToCsv();
}
