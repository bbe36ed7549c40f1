using System.Globalization;
using System.Text;
using TicketLab.Store;
using TicketLab.Training;

namespace TicketLab.Bench;

/// <summary>
/// What early stopping would have saved and changed in runs recorded without it: per level and method, the epochs a patience
/// would have run (<see cref="EarlyStopping.EpochsRun"/>), the training seconds it skips, and whether the kept epoch moves.
/// </summary>
/// <remarks>Exact for the first level whose kept epoch moves and every level before it; after such a level the masks differ, so its
/// successors are not predicted (the table marks them).</remarks>
public static class PatienceReplay
{
    public static string Run(string runsDir, IReadOnlyList<int> patiences)
    {
        using var store = ResultsStore.OpenSnapshot(runsDir);
        var sb = new StringBuilder();
        foreach (int p in patiences)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n### patience {p}\n\n| run | level | method | epochs run / recorded | kept epoch, 1-based as in the log (recorded → with patience) | training s skipped / recorded |\n|---|---|---|---|---|---|\n");
            double skippedAll = 0, recordedAll = 0;
            int moved = 0, units = 0;
            foreach (var run in store.Runs())
                foreach (var level in store.Levels(run.Name).OrderBy(l => l.Level))
                {
                    var epochs = store.Epochs(run.Name, level.Level, level.Method);
                    if (epochs.Count == 0) continue;
                    int ran = EarlyStopping.EpochsRun(epochs, p);
                    int kept = epochs.Take(ran).MinBy(e => e.Validation.Loss)!.Epoch;
                    double skipped = epochs.Skip(ran).Sum(e => e.Seconds), recorded = epochs.Sum(e => e.Seconds);
                    skippedAll += skipped; recordedAll += recorded; units++;
                    if (kept != level.BestEpoch) moved++;
                    sb.Append(CultureInfo.InvariantCulture,
                        $"| {run.Name} | {level.Level} | {level.Method} | {ran} / {epochs.Count} | {level.BestEpoch + 1} → {kept + 1}{(kept != level.BestEpoch ? " (moved)" : "")} | {skipped:F0} / {recorded:F0} |\n");
                }
            sb.Append(CultureInfo.InvariantCulture,
                $"\npatience {p}: {units} trainings, kept epoch moved in {moved}; epoch time skipped {skippedAll:F0} s of {recordedAll:F0} s ({(recordedAll > 0 ? skippedAll / recordedAll : 0):P1})\n");
        }
        return sb.ToString();
    }
}
