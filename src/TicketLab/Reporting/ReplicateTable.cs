using System.Globalization;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>A replicate group's summary table over its seeds: one row per level and method with mean ± standard deviation.</summary>
public sealed class ReplicateTable(string model, IReadOnlyList<int> seeds, IReadOnlyList<LevelStats> levels)
{
    public ReportTable Display() => new(
        ["Model", "Method", "Level", AllRemaining, PrunableRemaining, "Best Epoch", "Train Loss (BEST)", "Train Acc. (BEST)", "Val Acc. (BEST)", "Test Loss", "Test Acc.", "s/epoch"],
        levels.Select(r => (IReadOnlyList<string>)[
            model, r.Method, Invariant(r.Level), Share(r.RemainingOfAll.Mean), Share(r.Remaining.Mean), r.BestEpoch.Mean.ToString("F1", CultureInfo.InvariantCulture),
            r.TrainLoss.Format("F4"), r.TrainAccuracy.Format("F2", 100) + "%", r.ValidationAccuracy.Format("F2", 100) + "%",
            r.TestLoss.Format("F4"), r.TestAccuracy.Format("F2", 100) + "%", r.EpochSeconds.Mean.ToString("F1", CultureInfo.InvariantCulture)]).ToList());

    /// <summary>Raw fractions; a deviation over one seed is written as 0. New columns go last: readers index the older ones.</summary>
    public ReportTable Raw() => new(
        ["model", "method", "level", "seeds", "sparsity_prunable_weights", "best_epoch_mean", "train_loss_mean", "train_loss_std", "train_acc_mean", "train_acc_std",
            "val_acc_mean", "val_acc_std", "test_loss_mean", "test_loss_std", "test_acc_mean", "test_acc_std", "epoch_seconds_mean",
            "all_params_remaining", "test_acc_ci95_low", "test_acc_ci95_high"],
        levels.Select(r => (IReadOnlyList<string>)[
            model, r.Method, Invariant(r.Level), Invariant(r.Seeds), TableText.Raw(r.Sparsity.Mean), TableText.Raw(r.BestEpoch.Mean),
            .. Pair(r.TrainLoss), .. Pair(r.TrainAccuracy), .. Pair(r.ValidationAccuracy), .. Pair(r.TestLoss), .. Pair(r.TestAccuracy),
            TableText.Raw(r.EpochSeconds.Mean), TableText.Raw(r.RemainingOfAll.Mean),
            TableText.Raw(r.TestAccuracy.Interval.Low), TableText.Raw(r.TestAccuracy.Interval.High)]).ToList());

    public string ToMarkdown() => $"Seeds: {string.Join(", ", seeds)} (mean ± standard deviation)\n\n{Display().ToMarkdown()}";

    public string ToCsv() => Raw().ToCsv();

    private static string[] Pair(Stat s) => [TableText.Raw(s.Mean), TableText.Raw(s.ErrorBar)];
}
