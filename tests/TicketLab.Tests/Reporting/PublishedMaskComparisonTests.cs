using System.Globalization;
using System.Text.RegularExpressions;
using TicketLab.Reporting;

namespace TicketLab.Tests.Reporting;

/// <summary>The published mask comparison (docs/results/mask-comparison-ag-news-cnn.md) says what its committed per-seed CSV holds:
/// every cell of its method × level tables is recomputed here from the raw results, so the page cannot drift from its data.</summary>
public partial class PublishedMaskComparisonTests
{
    private const string Page = "mask-comparison-ag-news-cnn.md", Raw = "mask-comparison-ag_news_test_as_corpus-cnn.csv",
        MaskRows = "mask-comparison-ag_news_test_as_corpus-cnn-mask-rows.csv";

    [GeneratedRegex(@"^L(\d+): ")]
    private static partial Regex LevelColumn();

    private static (int[] Levels, List<string[]> Rows) Table(string[] page, string headerStart)
    {
        int at = Array.FindIndex(page, l => l.StartsWith(headerStart));
        Assert.True(at >= 0, $"the page has no table headed '{headerStart}'");
        string[] Cells(string line) => line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
        var levels = Cells(page[at])[1..].Select(h => int.Parse(LevelColumn().Match(h).Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        return (levels, page.Skip(at + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList());
    }

    [Fact]
    public void EveryCellOfTheMethodByLevelTablesIsTheRawResultsOverSeeds()
    {
        var page = PublishedData.Page(Page).Split('\n');
        // the runs folder may also hold follow-up studies (mask-comparison-scoring.yaml): the page reads the mask comparison's group
        var all = PublishedData.Csv(Raw);
        var group = all.First(r => r["method"] == "random-erk")["group_key"];
        var raw = all.Where(r => r["group_key"] == group).ToList();
        var runs = raw.Select(r => r["run"]).Distinct().ToList();
        Assert.Equal(5, runs.Count);
        var acc = raw.ToDictionary(r => (r["run"], int.Parse(r["level"], CultureInfo.InvariantCulture), r["method"]), r => PublishedData.Number(r["test_acc"]));
        string WithCount(string cell, int n) => n < runs.Count ? $"{cell} (n = {n})" : cell;

        var (levels, rows) = Table(page, "| Method | L0:");
        Assert.Equal(20, rows.Count); // dense and the 19 methods and ablations
        Assert.Equal(Enumerable.Range(0, levels.Length), levels);
        foreach (var row in rows)
            for (int i = 0; i < levels.Length; i++)
            {
                var values = runs.Where(r => acc.ContainsKey((r, levels[i], row[0]))).Select(r => acc[(r, levels[i], row[0])]).ToList();
                Assert.Equal(values.Count == 0 ? "—" : WithCount(Stat.Of(values).Format("F2", 100), values.Count), row[1 + i]);
            }

        (levels, rows) = Table(page, "| Ticket − |");
        Assert.Equal(19, rows.Count); // dense and the 18 methods beside the ticket
        foreach (var row in rows)
            for (int i = 0; i < levels.Length; i++)
            {
                int level = levels[i], against = row[0] == "dense" ? 0 : level;
                var pairs = runs.Where(r => acc.ContainsKey((r, level, "ticket")) && acc.ContainsKey((r, against, row[0])))
                    .Select(r => (acc[(r, level, "ticket")], acc[(r, against, row[0])])).ToList();
                var c = PairedComparison.Of("ticket", row[0], level, pairs);
                string expected = pairs.Count == 0 ? "—"
                    : WithCount($"{(100 * c.Difference.Mean).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} ({Markdown.Escape(TableText.PValue(c.TTestP))})", pairs.Count);
                Assert.Equal(expected, row[1 + i]);
            }

        // each mask against its shuffle and re-init: "snip − its shuffle (snip-shuffle)"
        (levels, rows) = Table(page, "| Mask − |");
        Assert.Equal(10, rows.Count);
        foreach (var row in rows)
        {
            var names = AblationRow().Match(row[0]);
            Assert.True(names.Success, row[0]);
            string mask = names.Groups[1].Value, ablation = names.Groups[2].Value;
            for (int i = 0; i < levels.Length; i++)
            {
                var pairs = runs.Where(r => acc.ContainsKey((r, levels[i], mask)) && acc.ContainsKey((r, levels[i], ablation)))
                    .Select(r => (acc[(r, levels[i], mask)], acc[(r, levels[i], ablation)])).ToList();
                var c = PairedComparison.Of(mask, ablation, levels[i], pairs);
                string expected = pairs.Count == 0 ? "—"
                    : WithCount($"{(100 * c.Difference.Mean).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} ({Markdown.Escape(TableText.PValue(c.TTestP))})", pairs.Count);
                Assert.Equal(expected, row[1 + i]);
            }
        }

        // the embedding rows each mask removes whole, as the report's mask-rows.csv gives them
        var removed = PublishedData.Csv(MaskRows).Where(r => r["group_key"] == group && r["tensor"] == "embedding.weight")
            .ToDictionary(r => (int.Parse(r["level"], CultureInfo.InvariantCulture), r["method"]), r => r);
        (levels, rows) = Table(page, "| Words removed |");
        Assert.Contains(rows, r => r[0] == "snip");
        foreach (var row in rows)
            for (int i = 0; i < levels.Length; i++)
                Assert.Equal(removed.TryGetValue((levels[i], row[0]), out var r)
                    ? WithCount((100 * PublishedData.Number(r["rows_removed_mean"])).ToString("F1", CultureInfo.InvariantCulture), int.Parse(r["seeds"], CultureInfo.InvariantCulture))
                    : "—", row[1 + i]);
    }

    [GeneratedRegex(@"^([a-z-]+) − its (?:shuffle|reinit) \(([a-z-]+)\)$")]
    private static partial Regex AblationRow();
}
