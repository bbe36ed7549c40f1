using TicketLab.Bench;
using Xunit.Abstractions;

namespace TicketLab.Tests.Bench;

/// <summary>Keeps the benchmark harness working (tiny sizes); its figures are measured by hand, never asserted as speeds here.</summary>
public class HarnessTests(ITestOutputHelper output)
{
    /// <summary>The harness times reading the full IMDb archive, so it needs it.</summary>
    [SkippableFact]
    public void TinyRunProducesEveryFigure()
    {
        var report = BenchHarness();
        foreach (var id in new[] { "P1", "P2", "P3-cnn", "P3-lstm", "bucketing", "eval-cnn", "eval-rnn", "eval-lstm" })
            Assert.True(double.IsFinite(report[id].Value) && report[id].Value > 0, $"{id} = {report[id].Value}");
        Assert.Contains("| P1 |", report.ToMarkdown());

        // the side-by-side with PyTorch runs where python3 with torch is installed; elsewhere it says why it did not
        if (report.ReferenceSkipped is { } why)
        {
            output.WriteLine(why);
            Assert.DoesNotContain(report.Figures, f => f.Id.StartsWith("P7", StringComparison.Ordinal));
            return;
        }
        // same weights and batch on both sides: the losses before and after one Adam step agree (epoch timing is full mode only)
        foreach (var id in new[] { "P7-cnn-parity", "P7-lstm-parity" })
            Assert.True(report[id].Value <= 1e-4, $"{id}: {report[id].Detail}");
    }

    private static BenchReport BenchHarness() => Harness.Run(BenchOptions.Tiny(TestData.RequireImdb()), _ => { });
}
