using TicketLab.Bench;

namespace TicketLab.Tests.Bench;

/// <summary>Keeps the P5 benchmark working at tiny sizes; its speed-ups are measured by hand (docs/performance.md), never asserted here.</summary>
public class SparseBenchTests
{
    [SkippableFact]
    public void TinyRunMeasuresEveryTicketWithItsPredictionsChecked()
    {
        var report = SparseBench.Run(BenchOptions.Tiny(TestData.RequireImdb()) with { TrainExamples = 128, BatchSize = 8 }, _ => { }, threadCounts: [1]);
        foreach (var s in SparseBench.Sparsities.Select(s => $"P5-lstm-{s * 100:0}%-t1").Concat(SparseBench.StructuredShares.Select(s => $"P5-lstm-structured-{s * 100:0}%-t1")))
        {
            var figure = report[s];
            Assert.True(double.IsFinite(figure.Value) && figure.Value > 0, $"{s} = {figure.Value}");
            Assert.Contains("labels equal: True", figure.Detail);   // the run throws before this when predictions differ
        }
        Assert.Contains(report.Figures, f => f.Id.StartsWith("P5-kernel-recurrent", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void TinyMiniLmRunMeasuresEveryTicketWithItsPredictionsChecked()
    {
        // 8 reviews at up to 64 tokens: the real MiniLM, small enough for a test
        var report = SparseBench.RunBert(BenchOptions.Tiny(TestData.RequireImdb()) with { TrainExamples = 64, BatchSize = 8 }, _ => { }, threadCounts: [1]);
        foreach (var s in SparseBench.Sparsities.Select(s => $"P5-bert-{s * 100:0}%-t1"))
        {
            var figure = report[s];
            Assert.True(double.IsFinite(figure.Value) && figure.Value > 0, $"{s} = {figure.Value}");
            Assert.Contains("labels equal: True", figure.Detail);   // the run throws before this when predictions differ
        }
        Assert.Contains("37 of 38 projections CSR", report["P5-bert-95%-t1"].Detail);   // every pruned matrix (density 0.05); the head is not pruned
    }
}
