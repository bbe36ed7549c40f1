using System.Globalization;
using TicketLab.Store;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>Every run in a store with its state (a running run whose process is gone shows as partial) and its ticket figures, each level chosen on validation accuracy.</summary>
/// <remarks>Choosing the "best" level by test accuracy would report the maximum of noisy test figures; the level is picked on
/// validation accuracy and its test accuracy shown. The sparsest matching ticket uses <see cref="MatchingCriterion.Default"/>
/// against the run's own dense validation accuracy, with the deviation of the dense validation accuracy over its group's seeds.</remarks>
public static class RunsTable
{
    public static ReportTable From(ResultsStore store, DateTimeOffset now)
    {
        var runs = store.Runs();
        var levels = runs.ToDictionary(r => r.Name, r => store.Levels(r.Name));
        var denseDeviation = runs.GroupBy(r => r.GroupKey).ToDictionary(g => g.Key, g => Stat.Of(g.SelectMany(r => levels[r.Name])
            .Where(l => l.Level == 0 && l.Method == Lottery.Methods.Dense).Select(l => l.Validation.Accuracy)).ErrorBar);
        return new ReportTable(
            ["Run", "State", "Dataset", "Model", "Seed", "Rewind", "Levels", "Dense Test Acc.", "Ticket Test Acc. (level chosen by val. acc.)",
                $"Its {AllRemaining} ({PrunableRemaining})", "Sparsest Matching Ticket (val. acc.)", "Started (UTC)", "Error"],
            runs.Select(run =>
            {
                var own = levels[run.Name];
                var dense = own.FirstOrDefault(l => l.Level == 0 && l.Method == Lottery.Methods.Dense);
                var tickets = own.Where(l => l.Method == Lottery.Methods.Ticket).ToList();
                var best = tickets.OrderByDescending(l => l.Validation.Accuracy).ThenBy(l => l.Level).FirstOrDefault();
                var threshold = dense is null ? double.NaN : MatchingCriterion.Default.Threshold(dense.Validation.Accuracy, denseDeviation[run.GroupKey]);
                var matching = tickets.Where(l => l.Validation.Accuracy >= threshold).OrderBy(l => l.RemainingOfAll).ThenByDescending(l => l.Level).FirstOrDefault();
                return (IReadOnlyList<string>)[
                    run.Name, RunStates.Name(RunLiveness.Effective(run, now)), run.Dataset, ModelLabels.Of(run.Model),
                    run.Seed.ToString(CultureInfo.InvariantCulture), run.Rewind,
                    own.Count == 0 ? "0" : $"{own.Max(l => l.Level)} ({own.Count} trained)",
                    dense is null ? "—" : Percent(dense.Test.Accuracy),
                    best is null ? "—" : $"{Percent(best.Test.Accuracy)} (level {best.Level})",
                    best is null ? "—" : $"{Share(best.RemainingOfAll)} ({Share(best.Remaining)})",
                    matching is not null ? $"level {matching.Level}: {Share(matching.RemainingOfAll)} of all parameters, test {Percent(matching.Test.Accuracy)}"
                        : dense is null || tickets.Count == 0 ? "—" : "none",
                    run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    run.Error ?? ""];
            }).ToList());
    }
}
