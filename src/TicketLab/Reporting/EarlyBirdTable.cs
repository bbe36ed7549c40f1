using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Reporting;

/// <summary>Early-bird tickets beside IMP's at the same level: where the search stopped, its mask distances, the training time to each
/// ticket, and both tickets' test accuracy; per run, and over seeds in the report.</summary>
public static class EarlyBirdTable
{
    /// <summary>One row per early-bird level of a run; null when the run has none.</summary>
    /// <remarks>IMP's time to its level-L mask is the dense training and the tickets of levels 1..L−1 (<paramref name="iterative"/>; one-shot:
    /// the dense training alone); the early-bird's is its search. Both then train their ticket once more.</remarks>
    public static ReportTable? ForRun(IReadOnlyList<LevelResult> levels, bool iterative = true)
    {
        var birds = levels.Where(l => l.EarlyBird is not null).OrderBy(l => l.Level).ToList();
        if (birds.Count == 0) return null;
        var dense = levels.FirstOrDefault(l => l.Level == 0 && l.Method == Methods.Dense);
        var tickets = levels.Where(l => l.Method == Methods.Ticket).ToDictionary(l => l.Level);
        return new ReportTable(
            ["Level", TableText.AllRemaining, TableText.PrunableRemaining, "Stopped at epoch", "Mask distances (last checks)", "Search s",
             "Dense s", "IMP s to its mask", "Early-bird test acc.", "Ticket test acc."],
            birds.Select(b =>
            {
                var draw = b.EarlyBird!;
                var ticket = tickets.GetValueOrDefault(b.Level);
                double? imp = dense is null || ticket is null ? null
                    : dense.Training.Seconds + (iterative ? tickets.Values.Where(t => t.Level < b.Level).Sum(t => t.Training.Seconds) : 0);
                return (IReadOnlyList<string>)[
                    TableText.Invariant(b.Level), TableText.Share(1 - b.SparsityOfAll), TableText.Share(1 - b.Sparsity),
                    F(draw.Epochs, "0.##") + (draw.Drawn ? "" : " (rule never fired)"),
                    string.Join(" ", draw.Checks.Select(c => c.Distance).OfType<double>().TakeLast(5).Select(d => F(d, "0.000"))),
                    F(draw.SearchSeconds, "0.0"), F(draw.DenseSeconds, "0.0"), imp is { } s ? F(s, "0.0") : "n/a",
                    TableText.Percent(b.Training.Test.Accuracy), ticket is null ? "n/a" : TableText.Percent(ticket.Training.Test.Accuracy)];
            }).ToList());
    }

    /// <summary>Over seeds, per group and level (<see cref="EarlyBirdStats"/>): for reading.</summary>
    public static ReportTable Display(IEnumerable<EarlyBirdStats> rows) => new(
        ["Model", "Level", TableText.AllRemaining, "Seeds", "Rule fired", "Stopped at epoch", "Steps to mask: early-bird", "Steps to mask: IMP",
         "Early-bird ÷ IMP steps", "Early-bird test acc. (%)", "Ticket test acc. (%)", "Ticket − early-bird (pp)", "95% CI (pp)", "p (paired t)", "p (Wilcoxon)"],
        rows.Select(r => (IReadOnlyList<string>)[
            r.Group.Label, TableText.Invariant(r.Level), TableText.Share(r.RemainingOfAll), TableText.Invariant(r.Seeds), $"{r.Fired} of {r.Seeds}",
            r.StopEpoch.Format("0.00"), r.BirdSteps.Format("0"), r.ImpSteps.Format("0"), r.StepShare.Format("F2", 100).Replace(" ±", "% ±") + "%",
            r.BirdTest.Format("F2", 100), r.TicketTest.Format("F2", 100), ComparisonTable.Points(r.TicketMinusBird.Difference),
            StudyTables.Interval(r.TicketMinusBird.Interval, 100), TableText.PValue(r.TicketMinusBird.TTestP), TableText.PValue(r.TicketMinusBird.WilcoxonP)]).ToList());

    /// <summary>Over seeds, per group and level: raw figures (fractions, steps, seconds), every seed's ticket − early-bird difference listed.</summary>
    public static ReportTable Csv(IEnumerable<EarlyBirdStats> rows) => new(
        ["dataset", "model", "label", "group_key", "level", "all_params_remaining", "seeds", "fired", "stop_epoch_mean", "stop_epoch_std",
         "bird_steps_mean", "imp_steps_mean", "step_share_mean", "step_share_std", "bird_seconds_mean", "imp_seconds_mean",
         "bird_test_acc_mean", "bird_test_acc_std", "ticket_test_acc_mean", "ticket_test_acc_std", "diff_mean", "diff_ci95_low", "diff_ci95_high",
         "p_ttest", "p_wilcoxon", "diffs"],
        rows.Select(r => (IReadOnlyList<string>)[
            r.Group.Dataset, r.Group.Model, r.Group.Label, r.Group.Group.Key, TableText.Invariant(r.Level), TableText.Raw(r.RemainingOfAll),
            TableText.Invariant(r.Seeds), TableText.Invariant(r.Fired), TableText.Raw(r.StopEpoch.Mean), TableText.Raw(r.StopEpoch.Std),
            TableText.Raw(r.BirdSteps.Mean), TableText.Raw(r.ImpSteps.Mean), TableText.Raw(r.StepShare.Mean), TableText.Raw(r.StepShare.Std),
            TableText.Raw(r.BirdSeconds.Mean), TableText.Raw(r.ImpSeconds.Mean), TableText.Raw(r.BirdTest.Mean), TableText.Raw(r.BirdTest.Std),
            TableText.Raw(r.TicketTest.Mean), TableText.Raw(r.TicketTest.Std), TableText.Raw(r.TicketMinusBird.Difference.Mean),
            TableText.Raw(r.TicketMinusBird.Interval.Low), TableText.Raw(r.TicketMinusBird.Interval.High), TableText.Raw(r.TicketMinusBird.TTestP),
            TableText.Raw(r.TicketMinusBird.WilcoxonP), string.Join(' ', r.TicketMinusBird.Differences.Select(TableText.Raw))]).ToList());

    /// <summary>Every mask check of every search: the mask distance per step, to re-plot how the mask settles.</summary>
    public static ReportTable ChecksCsv(IEnumerable<EarlyBirdStats> rows) => new(
        ["dataset", "model", "label", "group_key", "level", "run", "seed", "step", "epoch", "distance", "seconds", "drawn_here"],
        [.. from r in rows
            from d in r.Draws
            from c in d.Draw.Checks
            select (IReadOnlyList<string>)[
                r.Group.Dataset, r.Group.Model, r.Group.Label, r.Group.Group.Key, TableText.Invariant(r.Level), d.Run, TableText.Invariant(d.Seed),
                TableText.Invariant(c.Step), TableText.Raw((double)c.Step / d.Draw.StepsPerEpoch), c.Distance is { } x ? TableText.Raw(x) : "",
                TableText.Raw(c.Seconds), c.Step == d.Draw.Step && d.Draw.Drawn ? "1" : "0"]]);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
