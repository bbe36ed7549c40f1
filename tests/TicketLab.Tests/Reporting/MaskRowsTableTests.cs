using System.Globalization;
using TicketLab.Pruning;
using TicketLab.Reporting;
using TicketLab.Runs;
using TicketLab.Store;
using TicketLab.Tests.Data;
using static TorchSharp.torch;

using static TicketLab.Tests.Runs.TinyLottery;

namespace TicketLab.Tests.Reporting;

/// <summary>The rows a mask removes whole: counted on a hand-made mask, and reported over seeds from each run's stored masks.</summary>
public sealed class MaskRowsTableTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Fact]
    public void ARowCountsAsRemovedOnlyWhenNoneOfItsWeightsIsKept()
    {
        // embedding 4 words × 3: words 1 and 3 gone, word 2 keeps one weight; conv 2 filters × 1 × 2 × 3: filter 0 gone; a bias has no rows
        using var mask = new Mask([
            ("embedding.weight", tensor(new float[] { 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 }).reshape(4, 3)),
            ("convs.0.weight", cat([zeros(1, 1, 2, 3), ones(1, 1, 2, 3)], 0)),
            ("convs.0.bias", zeros(2)),
        ]);
        Assert.Equal([new TensorRows("embedding.weight", 4, 2), new TensorRows("convs.0.weight", 2, 1)], mask.RowsPruned());
        Assert.Equal(0.5, mask.RowsPruned()[0].Share);
    }

    [Fact]
    public void TheReportGivesEachMasksRemovedRowsOverSeedsAsItsStoredMasksHoldThem()
    {
        var runs = _dirs.New();
        foreach (var seed in new[] { "1", "2" })
            new Experiment(Settings(S("levels", "1"), S("seed", seed), S("prunable", "weights,output,embeddings"),
                S("baselines", "random-prune,snip")), Options(runs)).Run();

        using var store = ResultsStore.Open(runs);
        var outDir = _dirs.New();
        new ReportBuilder(store).Build(outDir);
        var csv = File.ReadAllLines(Path.Combine(outDir, "ag_news", "mask-rows.csv"));
        var header = csv[0].Split(',');
        string Field(string[] row, string name) => row[Array.IndexOf(header, name)];
        var rows = csv[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(3 * 5, rows.Count); // ticket, random-prune, snip × embedding, three convolutions, output layer

        foreach (var row in rows)
        {
            // each seed's mask, its rows counted element by element
            var shares = store.Runs().Select(r =>
            {
                using var mask = new FolderLevelStore(Path.Combine(runs, r.Name)).TryLoadMask(1, Field(row, "method"))!;
                var keep = mask[Field(row, "tensor")];
                long n = keep.shape[0];
                var values = keep.reshape(n, -1).data<float>().ToArray();
                int width = values.Length / (int)n;
                return (double)Enumerable.Range(0, (int)n).Count(i => values.Skip(i * width).Take(width).All(v => v == 0)) / n;
            }).ToList();
            Assert.Equal("2", Field(row, "seeds"));
            Assert.Equal(shares.Average(), double.Parse(Field(row, "rows_removed_mean"), CultureInfo.InvariantCulture), 12);
        }
        double Removed(string method) => double.Parse(Field(rows.Single(r => Field(r, "method") == method && Field(r, "tensor") == "embedding.weight"),
            "rows_removed_mean"), CultureInfo.InvariantCulture);
        // SNIP scores a word by its gradient on the scoring batches: a word they do not hold scores 0 and goes first, row and all
        Assert.True(Removed("snip") > Removed("ticket"), $"snip {Removed("snip")} vs ticket {Removed("ticket")}");
        Assert.Contains("Rows each mask removes whole", File.ReadAllText(Path.Combine(outDir, "report.md")));

        // a mask altered on disk is left out of its cell, and the report names it instead of failing
        var tampered = store.Runs().First().Name;
        var maskFile = Directory.GetFiles(Path.Combine(runs, tampered), "snip.mask", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(maskFile);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(maskFile, bytes);
        var again = new ReportBuilder(store).Build(_dirs.New());
        Assert.Contains(again.Warnings, w => w.StartsWith($"{tampered}: level 1 snip: its mask is missing or does not verify"));
        var snipRows = File.ReadAllLines(Path.Combine(again.OutDir, "ag_news", "mask-rows.csv"))[1..].Select(l => l.Split(','))
            .Where(r => Field(r, "method") == "snip").ToList();
        Assert.Equal(5, snipRows.Count);
        Assert.All(snipRows, r => Assert.Equal("1", Field(r, "seeds")));
    }
}
