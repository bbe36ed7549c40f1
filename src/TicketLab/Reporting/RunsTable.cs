using System.Globalization;
using TicketLab.Store;
using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>Every run in a store with its state (a running run whose process is gone shows as partial) and its best figures.</summary>
public static class RunsTable
{
    public static ReportTable From(ResultsStore store, DateTimeOffset now) => new(
        ["Run", "State", "Dataset", "Model", "Seed", "Rewind", "Levels", "Dense Test Acc.", "Best Ticket Test Acc.", "Ticket Weights Left", "Started (UTC)", "Error"],
        store.Runs().Select(run =>
        {
            var levels = store.Levels(run.Name);
            var dense = levels.FirstOrDefault(l => l.Level == 0 && l.Method == "dense");
            var best = levels.Where(l => l.Method == "ticket").OrderByDescending(l => l.Test.Accuracy).ThenBy(l => l.Level).FirstOrDefault();
            return (IReadOnlyList<string>)[
                run.Name, RunStates.Name(RunLiveness.Effective(run, now)), run.Dataset, ModelLabels.Of(run.Model),
                run.Seed.ToString(CultureInfo.InvariantCulture), run.Rewind,
                levels.Count == 0 ? "0" : $"{levels.Max(l => l.Level)} ({levels.Count} trained)",
                dense is null ? "—" : Percent(dense.Test.Accuracy),
                best is null ? "—" : $"{Percent(best.Test.Accuracy)} (level {best.Level})",
                best is null ? "—" : Percent(best.Remaining),
                run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                run.Error ?? ""];
        }).ToList());
}
