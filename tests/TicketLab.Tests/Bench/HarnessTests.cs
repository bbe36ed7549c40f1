using TicketLab.Bench;

namespace TicketLab.Tests.Bench;

/// <summary>Keeps the benchmark harness working (tiny sizes); its figures are measured by hand, never asserted as speeds here.</summary>
public class HarnessTests
{
    /// <summary>The harness times reading the full IMDb archive, so it needs it.</summary>
    [SkippableFact]
    public void TinyRunProducesEveryFigure()
    {
        var report = BenchHarness();
        foreach (var id in new[] { "P1", "P2", "P3-cnn", "P3-lstm", "bucketing", "eval-cnn", "eval-rnn", "eval-lstm" })
            Assert.True(double.IsFinite(report[id].Value) && report[id].Value > 0, $"{id} = {report[id].Value}");
        Assert.Contains("| P1 |", report.ToMarkdown());
    }

    private static BenchReport BenchHarness() => Harness.Run(BenchOptions.Tiny(TestData.RequireImdb()), _ => { });
}
