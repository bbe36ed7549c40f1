using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TicketLab.Export;
using TicketLab.Inference;
using TicketLab.Tests.Data;
using TicketLab.Tests.Inference;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace TicketLab.Tests.Export;

/// <summary>The exported ONNX graph computes what TicketLab's own forward pass computes, under ONNX Runtime, on real reviews.</summary>
[Collection("Bert")]
public sealed class OnnxExportTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    public static TheoryData<string> Families() => ["cnn", "lstm", "bert"];

    private static string RunOf(string family) => family switch { "cnn" => TrainedRuns.Cnn, "lstm" => TrainedRuns.Lstm, _ => TrainedRuns.Bert };

    [Theory]
    [MemberData(nameof(Families))]
    public void Onnx_runtime_reproduces_the_tickets_logits_on_a_padded_batch_of_real_reviews(string family)
    {
        using var m = TrainedModel.Load(RunOf(family), 1);
        var path = Path.Combine(_dirs.New(), "model.onnx");
        Exporter.Onnx(m, path);

        var (rows, width, ours) = OwnLogits(m);
        Assert.True(rows.Select(r => r.Length).Distinct().Count() > 3, "the batch should mix lengths");

        using var session = new InferenceSession(path);
        Assert.Equal(["input_ids", "lengths"], session.InputMetadata.Keys.ToArray());
        var (theirs, probabilities) = Run(session, rows, width);
        double worst = ours.Zip(theirs, (a, b) => (double)Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4, $"{family}: ONNX Runtime's logits differ from TicketLab's by {worst:E2}");
        Assert.True(ours.Max(Math.Abs) > 1e-3, "degenerate logits");
        for (int b = 0; b < rows.Length; b++)
            Assert.Equal(1.0, probabilities.Skip(2 * b).Take(2).Sum(), 1e-5);

        if (family != "cnn")
        {
            // variable length: each review alone, without padding, gives the logits it had in the padded batch
            for (int b = 0; b < rows.Length; b += 5)
            {
                var (alone, _) = Run(session, [rows[b]], rows[b].Length);
                for (int k = 0; k < 2; k++)
                    Assert.True(Math.Abs(alone[k] - theirs[2 * b + k]) <= 1e-4, $"{family}: row {b} alone differs from the padded batch");
            }
        }

        using var sidecar = JsonDocument.Parse(File.ReadAllText(OnnxSidecar.PathFor(path)));
        var root = sidecar.RootElement;
        Assert.Equal(m.Classes, root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(m.Encoder.Tokens.Count, root.GetProperty("vocabulary").GetArrayLength());
        Assert.Equal(m.Encoder.Kind, root.GetProperty("tokenizer").GetProperty("kind").GetString());
        Assert.Equal(m.Hparams.Data.MaxLength, root.GetProperty("tokenizer").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public void A_cnn_graph_pads_a_text_shorter_than_the_widest_filter_as_the_pipeline_does()
    {
        using var m = TrainedModel.Load(TrainedRuns.Cnn, 1);
        var path = Path.Combine(_dirs.New(), "model.onnx");
        Exporter.Onnx(m, path);
        var prediction = Predictor.Dense(m).Predict(["great"]).Single();     // one token; the pipeline pads it to the min length
        using var session = new InferenceSession(path);
        var ids = m.Encoder.Encode("great");
        Assert.Single(ids);
        var (_, probabilities) = Run(session, [ids], 1);
        for (int k = 0; k < 2; k++) Assert.Equal(prediction.Probabilities[k], probabilities[k], 1e-4);
    }

    /// <summary>A padded batch of real reviews cut to 4, 13, 22 … words (lengths that differ under every model's max length), and the
    /// logits of <paramref name="m"/>'s own network on it.</summary>
    internal static (int[][] Rows, int Width, float[] Logits) OwnLogits(TrainedModel m)
    {
        var rows = TrainedRuns.SomeReviews(12).Select((r, i) => m.Encoder.Encode(string.Join(' ', r.Split(' ').Take(4 + 9 * i)))).ToArray();
        int width = Math.Max(rows.Max(r => r.Length), m.Hparams.Training.MinLength);
        using var pass = new DenseForwardPass(m.Model);
        using var ids = Padded(rows, width);
        using var lengths = tensor(rows.Select(r => (long)r.Length).ToArray());
        using var logits = pass.Logits(ids, lengths);
        return (rows, width, logits.data<float>().ToArray());
    }

    private static Tensor Padded(int[][] rows, int width)
    {
        var ids = new long[rows.Length * width];
        for (int b = 0; b < rows.Length; b++)
            for (int t = 0; t < rows[b].Length; t++) ids[b * width + t] = rows[b][t];
        return tensor(ids, [rows.Length, width]);
    }

    internal static (float[] Logits, float[] Probabilities) Run(InferenceSession session, int[][] rows, int width)
    {
        var ids = new DenseTensor<long>([rows.Length, width]);
        var lengths = new DenseTensor<long>([rows.Length]);
        for (int b = 0; b < rows.Length; b++)
        {
            lengths[b] = rows[b].Length;
            for (int t = 0; t < rows[b].Length; t++) ids[b, t] = rows[b][t];
        }
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input_ids", ids), NamedOnnxValue.CreateFromTensor("lengths", lengths)]);
        return (results.Single(r => r.Name == "logits").AsTensor<float>().ToArray(),
                results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray());
    }
}
