using System.Globalization;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>The study's table over replicate seeds: one row per level and method with mean ± standard deviation.</summary>
public sealed class ReplicateTable(string model, IReadOnlyList<(int Seed, IReadOnlyList<LevelResult> Levels)> runs)
{
    /// <summary>One aggregated row.</summary>
    public sealed record Row(int Level, string Method, Stats Sparsity, Stats BestEpoch, Stats TrainLoss, Stats TrainAccuracy, Stats ValidationAccuracy, Stats TestLoss, Stats TestAccuracy, Stats EpochSeconds);

    public IReadOnlyList<Row> Rows() => runs
        .SelectMany(r => r.Levels)
        .GroupBy(l => (l.Level, l.Method))
        .OrderBy(g => g.Key.Level).ThenBy(g => MethodOrder(g.Key.Method))
        .Select(g => new Row(g.Key.Level, g.Key.Method,
            Stats.Of(g.Select(l => l.Sparsity)),
            Stats.Of(g.Select(l => (double)l.Training.BestEpoch + 1)),
            Stats.Of(g.Select(l => l.Training.Best.Train.Loss)),
            Stats.Of(g.Select(l => l.Training.Best.Train.Accuracy)),
            Stats.Of(g.Select(l => l.Training.Best.Validation.Accuracy)),
            Stats.Of(g.Select(l => l.Training.Test.Loss)),
            Stats.Of(g.Select(l => l.Training.Test.Accuracy)),
            Stats.Of(g.Select(l => l.Training.Epochs.Average(e => e.Seconds)))))
        .ToList();

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Seeds: {string.Join(", ", runs.Select(r => r.Seed))} (mean ± standard deviation)").AppendLine();
        sb.AppendLine("| Model | Method | Level | Sparsity | Best Epoch | Train Loss (BEST) | Train Acc. (BEST) | Val Acc. (BEST) | Test Loss | Test Acc. | s/epoch |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows())
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {r.Method} | {r.Level} | {100 * r.Sparsity.Mean:F2}% | {r.BestEpoch.Mean:F1} | {Pm(r.TrainLoss, 1, "F4")} | {Pm(r.TrainAccuracy, 100, "F2")}% | {Pm(r.ValidationAccuracy, 100, "F2")}% | {Pm(r.TestLoss, 1, "F4")} | {Pm(r.TestAccuracy, 100, "F2")}% | {r.EpochSeconds.Mean:F1} |"));
        return sb.ToString();
    }

    public string ToCsv()
    {
        var sb = new StringBuilder("model,method,level,seeds,sparsity,best_epoch_mean,train_loss_mean,train_loss_std,train_acc_mean,train_acc_std,val_acc_mean,val_acc_std,test_loss_mean,test_loss_std,test_acc_mean,test_acc_std,epoch_seconds_mean\n");
        foreach (var r in Rows())
            sb.AppendLine(string.Join(',', new object[] { model, r.Method, r.Level, r.TestAccuracy.Count, r.Sparsity.Mean, r.BestEpoch.Mean,
                r.TrainLoss.Mean, r.TrainLoss.StdDev, r.TrainAccuracy.Mean, r.TrainAccuracy.StdDev, r.ValidationAccuracy.Mean, r.ValidationAccuracy.StdDev,
                r.TestLoss.Mean, r.TestLoss.StdDev, r.TestAccuracy.Mean, r.TestAccuracy.StdDev, r.EpochSeconds.Mean }
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        return sb.ToString();
    }

    private static string Pm(Stats s, double scale, string format) =>
        (s.Mean * scale).ToString(format, CultureInfo.InvariantCulture) + " ± " + (s.StdDev * scale).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Tickets first, then baselines, in a fixed order.</summary>
    public static int MethodOrder(string method) => method switch
    {
        Methods.Dense => 0,
        Methods.Ticket => 1,
        Methods.RandomPrune => 2,
        Methods.RandomReinit => 3,
        Methods.FineTune => 4,
        _ => 5,
    };
}
