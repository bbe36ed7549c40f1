using TicketLab.Data;
using TicketLab.Inference;
using TicketLab.Lottery;
using TicketLab.Store;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Training;

namespace TicketLab.Tests.Inference;

[Collection("Bert")]
public sealed class PredictorTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Theory]
    [InlineData("cnn")]
    [InlineData("lstm")]
    public void Predictions_from_raw_test_texts_reproduce_the_evaluators_stored_test_loss_and_accuracy(string family)
    {
        using var m = TrainedModel.Load(family == "cnn" ? TrainedRuns.Cnn : TrainedRuns.Lstm);
        Assert.Equal((1, Methods.Ticket), (m.Level, m.Method));                         // the default: the last ticket
        var splits = TrainedRuns.Splits(m.Hparams);
        Assert.Equal(splits.ClassNames, m.Classes);

        var predictions = Predictor.Dense(m).Predict([.. splits.Test.Select(e => e.Text)]);
        double accuracy = splits.Test.Zip(predictions).Average(x => x.Second.Label == x.First.Label ? 1.0 : 0.0);
        double loss = splits.Test.Zip(predictions).Average(x => -Math.Log(x.Second.Probabilities[x.First.Label]));
        // the evaluator's figures at the level's best epoch, recorded when the run trained: the same network on the same batches
        Assert.Equal(m.Result.Training.Test.Accuracy, accuracy, 1e-12);
        Assert.Equal(m.Result.Training.Test.Loss, loss, 1e-4);
        var evaluated = Evaluator.Evaluate(m.Model, EncodedDatasetCache.Encode(splits, m.Hparams.Data, new BasicEnglishTokenizer()).Test, m.Hparams.Training);
        Assert.Equal(evaluated.Accuracy, accuracy, 1e-12);
        Assert.Equal(evaluated.Loss, loss, 1e-5);
        foreach (var p in predictions)
        {
            Assert.Equal(1.0, p.Probabilities.Sum(), 1e-5);
            Assert.Equal(p.Probabilities.Max(), p.Probabilities[p.Label]);
        }
        Assert.True(predictions.Select(p => p.Probabilities[0]).Distinct().Count() > predictions.Count / 2, "probabilities do not depend on the text");
    }

    [Fact]
    public void The_loaded_ticket_has_its_pruned_weights_at_zero_and_the_recorded_sparsity()
    {
        using var m = TrainedModel.Load(TrainedRuns.Cnn, 1);
        long pruned = 0, prunable = 0;
        foreach (var (name, keep) in m.Mask.Tensors)
        {
            var w = m.Model.Parameters().Single(p => p.Name == name).Parameter;
            Assert.Equal(0, w.mul(keep.logical_not()).count_nonzero().item<long>());
            pruned += keep.numel() - keep.count_nonzero().item<long>();
            prunable += keep.numel();
        }
        Assert.Equal(m.Result.Sparsity, (double)pruned / prunable, 1e-9);
        Assert.InRange(m.Result.Sparsity, 0.79, 0.81);
        using var dense = TrainedModel.Load(TrainedRuns.Cnn, 0);
        Assert.Equal(Methods.Dense, dense.Method);
        Assert.Equal(0.0, dense.Result.Sparsity);
    }

    [Fact]
    public void A_run_without_classes_txt_names_classes_by_index_and_a_missing_level_is_a_user_error()
    {
        var copy = _dirs.CopyOf(TrainedRuns.Cnn);
        File.Delete(Path.Combine(copy, RunClasses.FileName));
        using (var m = TrainedModel.Load(copy))
            Assert.Equal(["0", "1"], m.Classes);
        var e = Assert.Throws<UserException>(() => TrainedModel.Load(copy, 3));
        Assert.Contains("has no finished level 3 ticket", e.Message);
        Assert.Contains("finished: 0 dense, 1 ticket", e.Message);
        var bytes = File.ReadAllBytes(Path.Combine(copy, "levels", "01", "ticket.weights"));
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(Path.Combine(copy, "levels", "01", "ticket.weights"), bytes);
        Assert.Contains("level 1 ticket cannot be used", Assert.Throws<UserException>(() => TrainedModel.Load(copy, 1)).Message);
    }

    [Fact]
    public void Predict_command_reads_a_jsonl_file_and_writes_the_librarys_predictions_as_csv()
    {
        var dir = _dirs.New();
        var reviews = TrainedRuns.SomeReviews(30);
        var input = Path.Combine(dir, "reviews.jsonl");
        File.WriteAllLines(input, reviews.Select(r => System.Text.Json.JsonSerializer.Serialize(new { id = 1, review = r })));
        var output = Path.Combine(dir, "out.csv");

        var r = CliProcess.Run("predict", "--run", TrainedRuns.Cnn, "--input", input, "--text-column", "review", "--output", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("source,label,neg,pos", lines[0]);
        using var m = TrainedModel.Load(TrainedRuns.Cnn);
        var expected = Predictor.Dense(m).Predict(reviews);
        Assert.Equal(reviews.Count, lines.Length - 1);
        for (int i = 0; i < reviews.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal($"{input}:{i + 1}", fields[0]);
            Assert.Equal(m.Classes[expected[i].Label], fields[1]);
            Assert.Equal(expected[i].Probabilities[1], float.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
        }

        var direct = CliProcess.Run("predict", "--run", TrainedRuns.Cnn, "--text", reviews[0], "--text", reviews[1]);
        Assert.True(direct.ExitCode == 0, direct.Stderr);
        var printed = direct.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, printed.Length);
        Assert.StartsWith($"text 2,{m.Classes[expected[1].Label]},", printed[2]);
    }

    [Fact]
    public void A_bad_row_is_named_by_file_line_and_field()
    {
        var dir = _dirs.New();
        var input = Path.Combine(dir, "texts.csv");
        File.WriteAllText(input, "id,text\n1,a fine film\n2,\"never closed\n");
        var e = Assert.Throws<DataException>(() => PredictionInput.Read(input, null, new BadRows(skip: false)));
        Assert.Contains($"{input}:3: field 2: quoted field starting on line 3 is never closed", e.Message);
        var bad = new BadRows(skip: true);
        var rows = PredictionInput.Read(input, "text", bad);
        Assert.Equal([new PredictionRow("a fine film", $"{input}:2")], rows);
        Assert.Equal(1, bad.Count);
        Assert.Contains("no text column 'body'", Assert.Throws<DataException>(() => PredictionInput.Read(input, "body", new BadRows(false))).Message);
    }
}
