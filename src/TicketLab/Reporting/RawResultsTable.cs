using static TicketLab.Reporting.TableText;

namespace TicketLab.Reporting;

/// <summary>The raw results behind every figure: one row per run × level × method, each seed on its own, so a reader can re-plot and re-test them.</summary>
public static class RawResultsTable
{
    public static ReportTable From(IEnumerable<GroupSummary> groups) => new(
        ["dataset", "model", "label", "group_key", "run", "seed", "rewind", "level", "method", "all_params_remaining", "prunable_weights_remaining",
            "val_acc", "test_acc", "best_epoch", "epochs", "seconds"],
        groups.SelectMany(g => g.Observations
            .OrderBy(o => g.Group.Runs.First(r => r.Name == o.Level.Run).Seed).ThenBy(o => o.Level.Level).ThenBy(o => MethodOrder.Rank(o.Level.Method))
            .Select(o =>
            {
                var l = o.Level;
                return (IReadOnlyList<string>)[g.Dataset, g.Model, g.Label, g.Group.Key, l.Run, Invariant(g.Group.Runs.First(r => r.Name == l.Run).Seed),
                    g.Rewind, Invariant(l.Level), l.Method, Raw(l.RemainingOfAll), Raw(l.Remaining), Raw(l.Validation.Accuracy), Raw(l.Test.Accuracy),
                    Invariant(l.BestEpoch + 1), Invariant(o.Epochs.Count), Raw(l.Seconds)];
            })).ToList());
}
