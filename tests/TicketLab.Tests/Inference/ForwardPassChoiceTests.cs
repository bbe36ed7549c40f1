using TicketLab.Inference;
using TicketLab.Tests.Cli;

namespace TicketLab.Tests.Inference;

[Collection("Bert")]
public sealed class ForwardPassChoiceTests
{
    [Fact]
    public void The_sparse_path_predicts_the_labels_and_probabilities_of_the_dense_path_for_a_pruned_lstm_run()
    {
        using var m = TrainedModel.Load(TrainedRuns.Lstm);
        Assert.InRange(m.Result.Sparsity, 0.79, 0.81);
        var reviews = TrainedRuns.SomeReviews(60);
        using var dense = ForwardPassChoice.For(m, InferencePath.Dense);
        using var sparse = ForwardPassChoice.For(m, InferencePath.Sparse);
        Assert.IsType<DenseForwardPass>(dense.Pass);
        var lstm = Assert.IsType<SparseLstm>(sparse.Pass);
        int projections = lstm.Projections().Count();
        Assert.Equal(9, projections);                                                     // 2 layers × 2 directions × (input, recurrent) + output
        Assert.Equal($"sparse LSTM path (forced): {projections} of {projections} projections CSR", sparse.Description);

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
        using var m = TrainedModel.Load(TrainedRuns.Lstm);
        using var auto = ForwardPassChoice.For(m, InferencePath.Auto);
        using var policy = new SparseLstm((TicketLab.Models.Lstm)m.Model);
        int csr = policy.Projections().Count(p => p.Sparse);
        if (csr > 0)
        {
            Assert.IsType<SparseLstm>(auto.Pass);
            Assert.Equal($"sparse LSTM path: {csr} of 9 projections CSR", auto.Description);
        }
        else
        {
            Assert.IsType<DenseForwardPass>(auto.Pass);
            Assert.StartsWith("dense path: no projection is sparse enough", auto.Description);
        }

        using var cnn = TrainedModel.Load(TrainedRuns.Cnn);
        using var cnnAuto = ForwardPassChoice.For(cnn, InferencePath.Auto);
        Assert.IsType<DenseForwardPass>(cnnAuto.Pass);
        Assert.Contains("only", Assert.Throws<UserException>(() => ForwardPassChoice.For(cnn, InferencePath.Sparse)).Message);
        Assert.Contains("is not one of auto, dense, sparse", Assert.Throws<UserException>(() => InferencePaths.Parse("csr")).Message);
    }

    [Fact]
    public void Predict_command_prints_its_path_once_and_writes_the_same_predictions_on_both_paths()
    {
        var reviews = TrainedRuns.SomeReviews(3);
        string[] Args(string path) => ["predict", "--run", TrainedRuns.Lstm, "--inference", path, .. reviews.SelectMany(r => new[] { "--text", r })];
        var sparse = CliProcess.Run(Args("sparse"));
        var dense = CliProcess.Run(Args("dense"));
        Assert.True(sparse.ExitCode == 0, sparse.Stderr);
        Assert.True(dense.ExitCode == 0, dense.Stderr);
        Assert.Equal("sparse LSTM path (forced): 9 of 9 projections CSR", sparse.Stderr.Trim());
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
        var wrong = CliProcess.Run("predict", "--run", TrainedRuns.Cnn, "--inference", "sparse", "--text", reviews[0]);
        Assert.Equal(2, wrong.ExitCode);
        Assert.StartsWith("error: --inference sparse: only LSTM runs have a sparse path", wrong.Stderr);
    }
}
