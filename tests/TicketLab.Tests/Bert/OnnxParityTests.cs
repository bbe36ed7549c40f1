using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

[Collection("Bert")]
public class OnnxParityTests
{
    [Fact]
    public void Imported_MiniLm_matches_onnx_runtime_on_real_sentences()
    {
        var rows = BertFixtures.Sentences.Select(s => BertFixtures.Vocab.Encode(s, 128)).ToArray();
        int batch = rows.Length, width = rows.Max(r => r.Length);
        var (ids, lengths) = BertFixtures.Batch(rows);

        using var model = MiniLm.Create(classes: 2, seed: 1);
        model.eval();
        float[] ours, oursPooled;
        using (no_grad())
        using (var hidden = model.Encode(ids, lengths))
        using (var pooled = model.Pool(ids, lengths))
        {
            Assert.Equal(new long[] { batch, width, 384 }, hidden.shape);
            ours = hidden.data<float>().ToArray();
            oursPooled = pooled.data<float>().ToArray();
        }

        byte[] onnx;
        using (var stream = MiniLm.OpenOnnx())
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            onnx = copy.ToArray();
        }
        using var session = new InferenceSession(onnx);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], session.InputMetadata.Keys.ToArray());
        Assert.Equal("last_hidden_state", session.OutputMetadata.Keys.First());
        var inputIds = new DenseTensor<long>([batch, width]);
        var attention = new DenseTensor<long>([batch, width]);
        var tokenTypes = new DenseTensor<long>([batch, width]);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < rows[b].Length; t++) { inputIds[b, t] = rows[b][t]; attention[b, t] = 1; }
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", attention),
            NamedOnnxValue.CreateFromTensor("token_type_ids", tokenTypes),
        ]);
        var reference = results.First(r => r.Name == "last_hidden_state").AsTensor<float>().ToArray();
        var referencePooled = results.Single(r => r.Name != "last_hidden_state").AsTensor<float>().ToArray();

        // Real tokens only: at padding both compute values that nothing reads, under different mask constants.
        double worst = 0;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < rows[b].Length; t++)
                for (int h = 0; h < 384; h++)
                {
                    int i = (b * width + t) * 384 + h;
                    worst = Math.Max(worst, Math.Abs(ours[i] - reference[i]));
                }
        Assert.True(worst <= 1e-4, $"last hidden state differs from ONNX Runtime by {worst:E2}");
        double worstPooled = oursPooled.Zip(referencePooled, (a, r) => (double)Math.Abs(a - r)).Max();
        Assert.True(worstPooled <= 1e-4, $"pooler output differs from ONNX Runtime by {worstPooled:E2}");
        Assert.True(reference.Max(Math.Abs) > 0.1f, "reference output is degenerate");
    }
}
