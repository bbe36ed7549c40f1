using System.Globalization;
using TicketLab.Lottery;
using TicketLab.Pruning;

namespace TicketLab.Reporting;

/// <summary>Jaccard overlap of kept weights: ticket vs previous level's ticket, ticket vs each baseline mask, and between seeds.</summary>
public static class MaskOverlapTable
{
    /// <summary>Rows for one run; <paramref name="load"/> returns a level's mask for a method, or null when it has none.</summary>
    public static ReportTable ForRun(IReadOnlyList<LevelResult> levels, Func<int, string, Mask?> load)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (int level in levels.Where(l => l.Level > 0).Select(l => l.Level).Distinct())
        {
            using var ticket = load(level, Methods.Ticket);
            if (ticket is null) continue;
            rows.Add([level.ToString(CultureInfo.InvariantCulture), Overlap(ticket, load(level - 1, level == 1 ? Methods.Dense : Methods.Ticket)),
                Overlap(ticket, load(level, Methods.RandomPrune)), Overlap(ticket, load(level, Methods.RandomReinit))]);
        }
        return new ReportTable(["Level", "Ticket vs previous ticket", "Ticket vs random-prune", "Ticket vs random-reinit"], rows);
    }

    /// <summary>Mean pairwise overlap of the tickets of different seeds, per level.</summary>
    public static ReportTable BetweenSeeds(IReadOnlyList<int> levels, IReadOnlyList<Func<int, string, Mask?>> seeds)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (int level in levels)
        {
            var masks = seeds.Select(s => s(level, Methods.Ticket)).Where(m => m is not null).Cast<Mask>().ToList();
            var pairs = new List<double>();
            for (int i = 0; i < masks.Count; i++)
                for (int j = i + 1; j < masks.Count; j++)
                    pairs.Add(MaskOverlap.Jaccard(masks[i], masks[j]));
            rows.Add([level.ToString(CultureInfo.InvariantCulture), pairs.Count == 0 ? "–" : pairs.Average().ToString("F4", CultureInfo.InvariantCulture),
                pairs.Count.ToString(CultureInfo.InvariantCulture)]);
            masks.ForEach(m => m.Dispose());
        }
        return new ReportTable(["Level", "Mean Jaccard between seeds' tickets", "Pairs"], rows);
    }

    private static string Overlap(Mask a, Mask? b)
    {
        if (b is null) return "–";
        using (b) return MaskOverlap.Jaccard(a, b).ToString("F4", CultureInfo.InvariantCulture);
    }
}
