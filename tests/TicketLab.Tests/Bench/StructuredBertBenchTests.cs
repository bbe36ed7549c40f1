using TicketLab.Bench;

namespace TicketLab.Tests.Bench;

/// <summary>Keeps the P5 MiniLM structured benchmark working at a tiny size; its speed-ups are measured by hand (docs/performance.md).</summary>
[Collection("Bert")]
public class StructuredBertBenchTests
{
    [SkippableFact]
    public void TinyRunMeasuresEveryShareWithItsPredictionsChecked()
    {
        var report = StructuredBertBench.Run(BenchOptions.Tiny(TestData.RequireImdb()) with { BatchSize = 4 }, _ => { }, reviews: 4, threadCounts: [1]);
        foreach (var id in SparseBench.StructuredShares.Select(s => $"P5-minilm-structured-{s * 100:0}%-t1"))
        {
            var figure = report[id];
            Assert.True(double.IsFinite(figure.Value) && figure.Value > 0, $"{id} = {figure.Value}");
            Assert.Contains("labels equal: True", figure.Detail);   // the run throws before this when predictions differ
        }
    }
}
