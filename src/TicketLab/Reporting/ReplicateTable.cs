using System.Globalization;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The study's table over replicate seeds: one row per level and method with mean ± standard deviation.</summary>
public sealed class ReplicateTable(string model, IReadOnlyList<(int Seed, IReadOnlyList<LevelResult> Levels)> runs)
{
    /// <summary>One aggregated row.</summary>
    public sealed record Row(int Level, string Method, Stat Sparsity, Stat BestEpoch, Stat TrainLoss, Stat TrainAccuracy, Stat ValidationAccuracy, Stat TestLoss, Stat TestAccuracy, Stat EpochSeconds);

    public IReadOnlyList<Row> Rows() => runs
        .SelectMany(r => r.Levels)
        .GroupBy(l => (l.Level, l.Method))
        .OrderBy(g => g.Key.Level).ThenBy(g => MethodOrder.Rank(g.Key.Method))
        .Select(g => new Row(g.Key.Level, g.Key.Method,
            Stat.Of(g.Select(l => l.Sparsity)),
            Stat.Of(g.Select(l => (double)l.Training.BestEpoch + 1)),
            Stat.Of(g.Select(l => l.Training.Best.Train.Loss)),
            Stat.Of(g.Select(l => l.Training.Best.Train.Accuracy)),
            Stat.Of(g.Select(l => l.Training.Best.Validation.Accuracy)),
            Stat.Of(g.Select(l => l.Training.Test.Loss)),
            Stat.Of(g.Select(l => l.Training.Test.Accuracy)),
            Stat.Of(g.Select(l => l.Training.Epochs.Average(e => e.Seconds)))))
        .ToList();

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Seeds: {string.Join(", ", runs.Select(r => r.Seed))} (mean ± standard deviation)").AppendLine();
        sb.AppendLine("| Model | Method | Level | Sparsity | Best Epoch | Train Loss (BEST) | Train Acc. (BEST) | Val Acc. (BEST) | Test Loss | Test Acc. | s/epoch |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows())
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {r.Method} | {r.Level} | {100 * r.Sparsity.Mean:F2}% | {r.BestEpoch.Mean:F1} | {r.TrainLoss.Format("F4", 1)} | {r.TrainAccuracy.Format("F2", 100)}% | {r.ValidationAccuracy.Format("F2", 100)}% | {r.TestLoss.Format("F4", 1)} | {r.TestAccuracy.Format("F2", 100)}% | {r.EpochSeconds.Mean:F1} |"));
        return sb.ToString();
    }

    public string ToCsv()
    {
        var sb = new StringBuilder("model,method,level,seeds,sparsity,best_epoch_mean,train_loss_mean,train_loss_std,train_acc_mean,train_acc_std,val_acc_mean,val_acc_std,test_loss_mean,test_loss_std,test_acc_mean,test_acc_std,epoch_seconds_mean\n");
        foreach (var r in Rows())
            sb.AppendLine(string.Join(',', new object[] { model, r.Method, r.Level, r.TestAccuracy.N, r.Sparsity.Mean, r.BestEpoch.Mean,
                r.TrainLoss.Mean, r.TrainLoss.ErrorBar, r.TrainAccuracy.Mean, r.TrainAccuracy.ErrorBar, r.ValidationAccuracy.Mean, r.ValidationAccuracy.ErrorBar,
                r.TestLoss.Mean, r.TestLoss.ErrorBar, r.TestAccuracy.Mean, r.TestAccuracy.ErrorBar, r.EpochSeconds.Mean }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        return sb.ToString();
    }

}
