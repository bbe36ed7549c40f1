using TicketLab.Inference;
using TicketLab.Pruning;
using TicketLab.Tests.Cli;

namespace TicketLab.Tests.Inference;

/// <summary>`predict` on a structured run: auto takes the compact network, which predicts the masked network's labels and probabilities.</summary>
[Collection("Bert")]
public sealed class CompactInferenceTests
{
    [Theory]
    [MemberData(nameof(Export.OnnxExportTests.Families), MemberType = typeof(Export.OnnxExportTests))]
    public void Auto_takes_the_compact_path_on_a_structured_run_and_predicts_as_the_masked_network(string family)
    {
        using var m = TrainedModel.Load(TrainedRuns.Structured(family));
        Assert.Equal(1, m.Level);
        using var auto = ForwardPassChoice.For(m, InferencePath.Auto);
        var compact = Assert.IsType<CompactForwardPass>(auto.Pass);
        long full = StructuredCompaction.ParameterCount(m.Model);
        Assert.True(compact.Parameters < full, $"{compact.Parameters} parameters, not fewer than {full}");
        Assert.Equal($"compact path: pruned structures sliced away, {compact.Parameters:N0} of {full:N0} parameters left", auto.Description);

        var reviews = TrainedRuns.SomeReviews(60);
        var expected = Predictor.Dense(m).Predict(reviews);
        var actual = Predictor.For(m, auto.Pass).Predict(reviews);
        Assert.Equal(expected.Select(p => p.Label), actual.Select(p => p.Label));
        Assert.True(expected.Select(p => p.Probabilities[0]).Distinct().Count() > 30, "the predictions do not depend on the text: nothing was compared");
        double gap = expected.Zip(actual).Max(x => x.First.Probabilities.Zip(x.Second.Probabilities).Max(p => Math.Abs(p.First - p.Second)));
        Assert.True(gap <= 1e-5, $"{family}: probabilities differ by {gap}");
    }

    [Fact]
    public void The_dense_level_of_a_structured_run_has_nothing_to_slice_and_a_run_of_single_weights_cannot_be_forced_compact()
    {
        using (var dense = TrainedModel.Load(TrainedRuns.Structured("lstm"), 0))
        using (var auto = ForwardPassChoice.For(dense, InferencePath.Auto))
            Assert.IsNotType<CompactForwardPass>(auto.Pass);
        using var weights = TrainedModel.Load(TrainedRuns.Lstm);
        var e = Assert.Throws<UserException>(() => ForwardPassChoice.For(weights, InferencePath.Compact));
        Assert.StartsWith("--inference compact: ", e.Message);
        Assert.Contains("prunes single weights (--scope global)", e.Message);
        Assert.Equal(InferencePath.Compact, InferencePaths.Parse("Compact"));
    }

    [Fact]
    public void Predict_command_says_it_took_the_compact_path_and_writes_the_masked_networks_predictions()
    {
        var run = TrainedRuns.Structured("lstm");
        var texts = TrainedRuns.SomeReviews(8);
        string[] Args(string path) => ["predict", "--run", run, "--inference", path, .. texts.SelectMany(t => new[] { "--text", t })];
        var compact = CliProcess.Run(Args("auto"));
        var dense = CliProcess.Run(Args("dense"));
        Assert.True(compact.ExitCode == 0, compact.Stderr);
        Assert.True(dense.ExitCode == 0, dense.Stderr);
        Assert.StartsWith("compact path: pruned structures sliced away, ", compact.Stderr.Split('\n')[0]);
        Assert.StartsWith("dense path (forced)", dense.Stderr.Split('\n')[0]);
        // label and the two probabilities end each row (F6: equal within a unit of the last digit)
        static string[][] Rows(string csv) => [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(',')[^3..])];
        var (ours, theirs) = (Rows(compact.Stdout), Rows(dense.Stdout));
        Assert.Equal(texts.Count, ours.Length);
        Assert.Equal(theirs.Select(r => r[0]), ours.Select(r => r[0]));
        for (int i = 0; i < ours.Length; i++)
            for (int k = 1; k < 3; k++)
                Assert.Equal(double.Parse(theirs[i][k], System.Globalization.CultureInfo.InvariantCulture), double.Parse(ours[i][k], System.Globalization.CultureInfo.InvariantCulture), 2e-6);
    }
}
