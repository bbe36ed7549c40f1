using TicketLab.Store;


namespace TicketLab.Reporting;

/// <summary>Reads the results store into replicate-group summaries: the query behind every table and plot.</summary>
public static class StudySummary
{
    public static IReadOnlyList<GroupSummary> From(ResultsStore store)
    {
        var groups = store.Groups();
        var summaries = new List<GroupSummary>();
        foreach (var sameModel in groups.GroupBy(g => (g.Dataset, g.Model)))
        {
            // lines every group of this dataset and model shares say nothing; the rest tell the groups apart
            var lines = sameModel.Select(g => g.SharedHparams.Where(l => !IsIdentityLine(l)).ToHashSet()).ToList();
            var common = lines.Aggregate((a, b) => a.Intersect(b).ToHashSet());
            foreach (var (group, own) in sameModel.Zip(lines))
            {
                var variant = own.Except(common).Where(l => !l.StartsWith("Pruning.Rewind=", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                summaries.Add(new GroupSummary(group, ModelLabels.Of(group.Model), variant, Levels(store, group)));
            }
        }
        return summaries.OrderBy(s => s.Dataset, StringComparer.Ordinal).ThenBy(s => s.ModelLabel, StringComparer.Ordinal)
            .ThenBy(s => s.LateRewind).ThenBy(s => s.Label, StringComparer.Ordinal).ToList();
    }

    private static bool IsIdentityLine(string line) =>
        line.StartsWith("Data.Dataset=", StringComparison.Ordinal) || line.StartsWith("Model.Name=", StringComparison.Ordinal);

    private static IReadOnlyList<LevelStats> Levels(ResultsStore store, RunGroup group)
    {
        var rows = group.Runs.SelectMany(r => store.Levels(r.Name)).ToList();
        return rows.GroupBy(l => (l.Level, l.Method))
            .OrderBy(g => g.Key.Level).ThenBy(g => MethodOrder.Rank(g.Key.Method)).ThenBy(g => g.Key.Method, StringComparer.Ordinal)
            .Select(g =>
            {
                var l = g.ToList();
                var epochs = l.SelectMany(x => store.Epochs(x.Run, x.Level, x.Method)).GroupBy(e => e.Epoch).OrderBy(e => e.Key)
                    .Select(e => new EpochStats(e.Key,
                        Stat.Of(e.Select(x => x.Train.Loss)), Stat.Of(e.Select(x => x.Train.Accuracy)),
                        Stat.Of(e.Select(x => x.Validation.Loss)), Stat.Of(e.Select(x => x.Validation.Accuracy))))
                    .ToList();
                return new LevelStats(g.Key.Level, g.Key.Method, l.Count,
                    Stat.Of(l.Select(x => x.Remaining)), Stat.Of(l.Select(x => x.SparsityOfAll)),
                    Stat.Of(l.Select(x => x.Train.Loss)), Stat.Of(l.Select(x => x.Train.Accuracy)),
                    Stat.Of(l.Select(x => x.Validation.Loss)), Stat.Of(l.Select(x => x.Validation.Accuracy)),
                    Stat.Of(l.Select(x => x.Test.Loss)), Stat.Of(l.Select(x => x.Test.Accuracy)), epochs);
            })
            .ToList();
    }
}
