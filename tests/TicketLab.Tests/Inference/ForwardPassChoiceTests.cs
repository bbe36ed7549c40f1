using TicketLab.Inference;
using TicketLab.Models.Bert;
using TicketLab.Tests.Cli;

namespace TicketLab.Tests.Inference;

[Collection("Bert")]
public sealed class ForwardPassChoiceTests
{
    [Theory]
    [InlineData("LSTM", 9)]                                                              // 2 layers × 2 directions × (input, recurrent) + output
    [InlineData("BERT", 14)]                                                             // 2 layers × 6 linear layers + pooler + classifier
    public void The_sparse_path_predicts_the_labels_and_probabilities_of_the_dense_path_for_a_pruned_run(string family, int projections)
    {
        using var m = TrainedModel.Load(family == "LSTM" ? TrainedRuns.Lstm : TrainedRuns.Bert);
        Assert.InRange(m.Result.Sparsity, 0.79, 0.81);
        using var dense = ForwardPassChoice.For(m, InferencePath.Dense);
        using var sparse = ForwardPassChoice.For(m, InferencePath.Sparse);
        Assert.IsType<DenseForwardPass>(dense.Pass);
        Assert.IsType(family == "LSTM" ? typeof(SparseLstm) : typeof(SparseBert), sparse.Pass);
        Assert.Equal(projections, ((ISparseForwardPass)sparse.Pass).Projections().Count());
        Assert.Equal($"sparse {family} path (forced): {projections} of {projections} projections CSR", sparse.Description);

        var reviews = TrainedRuns.SomeReviews(60);
        var expected = Predictor.For(m, dense.Pass).Predict(reviews);
        var actual = Predictor.For(m, sparse.Pass).Predict(reviews);
        Assert.Equal(expected.Select(p => p.Label), actual.Select(p => p.Label));
        Assert.True(expected.Select(p => p.Label).Distinct().Count() > 1 || expected.Select(p => p.Probabilities[0]).Distinct().Count() > 30,
            "the predictions do not depend on the text: nothing was compared");
        double gap = expected.Zip(actual).Max(x => x.First.Probabilities.Zip(x.Second.Probabilities).Max(p => Math.Abs(p.First - p.Second)));
        Assert.True(gap <= 1e-5, $"probabilities differ by {gap}");
    }

    [Fact]
    public void Auto_follows_the_policy_per_projection_and_a_run_without_a_sparse_path_stays_dense()
    {
        using (var m = TrainedModel.Load(TrainedRuns.Lstm))
        using (var policy = new SparseLstm((TicketLab.Models.Lstm)m.Model))
            AssertAutoFollows(policy, m, "LSTM");
        using (var m = TrainedModel.Load(TrainedRuns.Bert))
        using (var policy = new SparseBert((BertClassifier)m.Model, m.Mask))
            AssertAutoFollows(policy, m, "BERT");

        using var cnn = TrainedModel.Load(TrainedRuns.Cnn);
        using var cnnAuto = ForwardPassChoice.For(cnn, InferencePath.Auto);
        Assert.IsType<DenseForwardPass>(cnnAuto.Pass);
        Assert.Contains("only", Assert.Throws<UserException>(() => ForwardPassChoice.For(cnn, InferencePath.Sparse)).Message);
        Assert.Contains("is not one of auto, dense, sparse", Assert.Throws<UserException>(() => InferencePaths.Parse("csr")).Message);
    }

    [Fact]
    public void Predict_command_prints_its_path_once_and_writes_the_same_predictions_on_both_paths()
    {
        AssertPredictCommandPaths(TrainedRuns.Lstm, "sparse LSTM path (forced): 9 of 9 projections CSR");
        var wrong = CliProcess.Run("predict", "--run", TrainedRuns.Cnn, "--inference", "sparse", "--text", TrainedRuns.SomeReviews(1)[0]);
        Assert.Equal(2, wrong.ExitCode);
        Assert.StartsWith("error: --inference sparse: only LSTM and BERT runs have a sparse path", wrong.Stderr);
    }

    [Fact]
    public void Predict_command_runs_a_bert_ticket_on_the_sparse_path_with_the_dense_paths_predictions() =>
        AssertPredictCommandPaths(TrainedRuns.Bert, "sparse BERT path (forced): 14 of 14 projections CSR");

    // auto takes the family's sparse pass exactly when the default policy puts one of its projections on CSR
    private static void AssertAutoFollows(ISparseForwardPass policy, TrainedModel m, string family)
    {
        using var auto = ForwardPassChoice.For(m, InferencePath.Auto);
        var projections = policy.Projections().ToList();
        int csr = projections.Count(p => p.Sparse);
        if (csr > 0)
        {
            Assert.IsType(policy.GetType(), auto.Pass);
            Assert.Equal($"sparse {family} path: {csr} of {projections.Count} projections CSR", auto.Description);
        }
        else
        {
            Assert.IsType<DenseForwardPass>(auto.Pass);
            Assert.StartsWith("dense path: no projection is sparse enough", auto.Description);
        }
    }

    private static void AssertPredictCommandPaths(string run, string sparseLine)
    {
        var reviews = TrainedRuns.SomeReviews(3);
        string[] Args(string path) => ["predict", "--run", run, "--inference", path, .. reviews.SelectMany(r => new[] { "--text", r })];
        var sparse = CliProcess.Run(Args("sparse"));
        var dense = CliProcess.Run(Args("dense"));
        Assert.True(sparse.ExitCode == 0, sparse.Stderr);
        Assert.True(dense.ExitCode == 0, dense.Stderr);
        Assert.Equal(sparseLine, sparse.Stderr.Trim());
        Assert.Equal("dense path (forced)", dense.Stderr.Trim());
        var a = sparse.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var b = dense.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, a.Length);
        for (int i = 1; i < a.Length; i++)
        {
            var (x, y) = (a[i].Split(','), b[i].Split(','));
            Assert.Equal(y[..2], x[..2]);                                                 // source and label
            for (int c = 2; c < x.Length; c++)
                Assert.Equal(double.Parse(y[c], System.Globalization.CultureInfo.InvariantCulture), double.Parse(x[c], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
        }
    }
}
