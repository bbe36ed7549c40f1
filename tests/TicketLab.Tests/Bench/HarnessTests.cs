using TicketLab.Bench;
using TicketLab.Tests.Data;
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

    /// <summary>P9's study mode: the same study with and without shared dense levels, and the bound the dense share sets.</summary>
    [Fact]
    public void StudyModeTimesTheStudyWithAndWithoutSharedDenseLevels()
    {
        using var dir = new TempDir();
        var study = Path.Combine(dir.Path, "p9.yaml");
        File.WriteAllText(study, """
            name: p9-tiny
            defaults:
              data: { dataset: ag_news, maxLength: 40, maxVocab: 1000 }
              model: { embeddingDim: 16, filters: 8 }
              training: { epochs: 1, batchSize: 32 }
              pruning: { rate: 0.5, levels: 1, baselines: none }
            grid:
              pruning: [{ rewind: 0 }, { rewind: 1it }]
            """);
        var p9 = StudyBench.Run(study, new BenchOptions(TestData.Fixtures, TrainExamples: 64), output.WriteLine)["P9"];
        output.WriteLine(p9.Detail);
        Assert.True(double.IsFinite(p9.Value) && p9.Value > 0, p9.Detail);
        Assert.Contains("2 runs share 1 dense levels", p9.Detail);
        Assert.Contains("best possible ratio is 0.800", p9.Detail); // dense + ticket, and dense + dense-rewind + ticket: one epoch each; sharing saves 1 of 5
    }

    private static BenchReport BenchHarness() => Harness.Run(BenchOptions.Tiny(TestData.RequireImdb()), _ => { });
}
