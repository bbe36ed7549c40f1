using System.Text.Json;
using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Models;
using TicketLab.Store;

namespace TicketLab.Reporting;

/// <summary>Reads the results store into replicate-group summaries: the query behind every table and plot.</summary>
public static class StudySummary
{
    public static IReadOnlyList<GroupSummary> From(ResultsStore store)
    {
        var groups = store.Groups().Select(g => (Group: g, Hparams: HparamsOf(g))).ToList();
        var summaries = new List<GroupSummary>();
        foreach (var sameModel in groups.GroupBy(g => (g.Hparams.Data.Dataset, g.Hparams.Model.Name)))
        {
            foreach (var ((group, hparams), variant) in sameModel.Zip(Variants([.. sameModel.Select(g => g.Hparams)])))
            {
                var observations = ReplicateStats.Observations(store, group);
                summaries.Add(new GroupSummary(group, hparams, ModelLabels.Of(hparams.Model.Name), variant, ReplicateStats.Levels(observations))
                    { Observations = observations });
            }
        }
        return summaries.OrderBy(s => s.Dataset, StringComparer.Ordinal).ThenBy(s => s.ModelLabel, StringComparer.Ordinal)
            .ThenBy(s => s.LateRewind).ThenBy(s => s.Label, StringComparer.Ordinal).ToList();
    }

    /// <summary>For runs of one dataset and model, each one's settings that tell it from the others (rewind point and seed left out,
    /// as the labels show them apart): what every one shares says nothing.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Variants(IReadOnlyList<RunHparams> sameModel)
    {
        var settings = sameModel.Select(Settings).ToList();
        if (settings.Count == 0) return [];
        var common = settings.Aggregate((a, b) => a.Intersect(b).ToHashSet());
        return [.. settings.Select(own => (IReadOnlyList<string>)own.Except(common).Order(StringComparer.Ordinal).ToList())];
    }

    /// <summary>The group's settings as recorded (typed): replicates differ only in seed, so the first run speaks for all.</summary>
    private static RunHparams HparamsOf(RunGroup group) =>
        RecordedHparams.Read(group.Runs[0].HparamsJson)
        ?? throw new InvalidDataException($"run {group.Runs[0].Name} has no recorded hparams");

    // The non-default settings other than what the table already shows: dataset and model (its section and row) and the
    // rewind point (its own label); cleared on the typed record, so a renamed property cannot leak them into labels.
    private static HashSet<string> Settings(RunHparams h)
    {
        var shown = h with
        {
            Seed = new RunHparams(h.Data, h.Model, h.Training, h.Pruning).Seed,
            Data = h.Data with { Dataset = new DataHparams().Dataset },
            Model = h.Model with { Name = new ModelHparams().Name },
            Pruning = h.Pruning with { Rewind = default },
        };
        return RunIdentity.Canonical(shown).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }
}
