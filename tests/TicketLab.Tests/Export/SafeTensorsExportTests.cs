using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TicketLab.Export;
using TicketLab.Inference;
using TicketLab.Models.Bert;
using TicketLab.Tests.Data;
using TicketLab.Tests.Inference;
using static TorchSharp.torch;

namespace TicketLab.Tests.Export;

[Collection("Bert")]
public sealed class SafeTensorsExportTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Fact]
    public void Dense_safetensors_load_back_into_the_model_and_predict_the_same()
    {
        using var m = TrainedModel.Load(TrainedRuns.Lstm, 1);
        var path = Path.Combine(_dirs.New(), "ticket.safetensors");
        Exporter.SafeTensors(m, path, compact: false);

        var read = SafeTensors.Read(path, out var metadata);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(string.Join("\n", m.Classes), metadata["classes"]);
        Assert.Equal(m.Model.Parameters().Select(p => p.Name), read.Keys);
        foreach (var (name, p) in m.Model.Parameters()) TensorAssert.Equal(p, read[name], name);
        AssertSamePredictions(m, read);
        foreach (var t in read.Values) t.Dispose();
    }

    [Fact]
    public void The_header_is_valid_safetensors_for_other_readers()
    {
        using var m = TrainedModel.Load(TrainedRuns.Cnn, 1);
        var dir = _dirs.New();
        foreach (var compact in new[] { false, true })
        {
            var path = Path.Combine(dir, $"{compact}.safetensors");
            Exporter.SafeTensors(m, path, compact);
            // the format, read with nothing of ours: u64 header length, a JSON object padded with spaces, offsets tiling the data
            var bytes = File.ReadAllBytes(path);
            long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            Assert.Equal(0, (8 + n) % 8);
            var text = Encoding.UTF8.GetString(bytes, 8, (int)n);
            Assert.Equal(text.TrimEnd(' ').Length, text.TrimEnd().Length);
            using var header = JsonDocument.Parse(text);
            long expectedStart = 0;
            var sizes = new Dictionary<string, int> { ["F32"] = 4, ["I32"] = 4, ["I64"] = 8 };
            foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__")
                         .OrderBy(e => e.Value.GetProperty("data_offsets")[0].GetInt64()))
            {
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
                long count = entry.Value.GetProperty("shape").EnumerateArray().Aggregate(1L, (a, d) => a * d.GetInt64());
                Assert.Equal(expectedStart, offsets[0]);
                Assert.Equal(count * sizes[entry.Value.GetProperty("dtype").GetString()!], offsets[1] - offsets[0]);
                expectedStart = offsets[1];
            }
            Assert.Equal(bytes.Length - 8 - n, expectedStart);
            Assert.All(header.RootElement.GetProperty("__metadata__").EnumerateObject(), e => Assert.Equal(JsonValueKind.String, e.Value.ValueKind));
        }
    }

    [Fact]
    public void Compact_safetensors_store_pruned_tensors_as_values_and_indices_and_expand_to_the_same_weights()
    {
        using var m = TrainedModel.Load(TrainedRuns.Cnn, 1);
        var dir = _dirs.New();
        var compactPath = Path.Combine(dir, "compact.safetensors");
        var densePath = Path.Combine(dir, "dense.safetensors");
        long compactBytes = Exporter.SafeTensors(m, compactPath, compact: true);
        long denseBytes = Exporter.SafeTensors(m, densePath, compact: false);

        var stored = SafeTensors.Read(compactPath, out var metadata);
        Assert.Equal(CompactTensors.Format, metadata["format"]);
        Assert.Contains(m.Mask.Names, name => !stored.ContainsKey(name));           // at 80% a pruned tensor is smaller sparse
        foreach (var (name, keep) in m.Mask.Tensors)
        {
            long kept = keep.count_nonzero().item<long>();
            bool sparse = kept * 8 + keep.dim() * 8 < keep.numel() * 4;              // values + indices beat 4 bytes a weight
            Assert.Equal(!sparse, stored.ContainsKey(name));
            if (!sparse) continue;
            Assert.Equal(kept, stored[name + ".values"].numel());
            Assert.Equal(ScalarType.Int32, stored[name + ".indices"].dtype);
            Assert.Equal(keep.shape, stored[name + ".shape"].data<long>().ToArray());
        }
        Assert.True(stored.ContainsKey("embedding.weight"));                   // not in the prunable set: dense
        foreach (var t in stored.Values) t.Dispose();

        var expanded = CompactTensors.Read(compactPath);
        foreach (var (name, p) in m.Model.Parameters()) TensorAssert.Equal(p, expanded[name], name);
        AssertSamePredictions(m, expanded);
        foreach (var t in expanded.Values) t.Dispose();

        var sizes = Exporter.Sizes(TrainedRuns.Cnn, Path.Combine(dir, "scratch"));
        Assert.Equal([(0, "dense"), (1, "ticket")], sizes.Select(s => (s.Level, s.Method)));
        Assert.Equal((denseBytes, compactBytes), (sizes[1].DenseBytes, sizes[1].CompactBytes));
        Assert.True(sizes[1].CompactBytes < sizes[1].DenseBytes);
        Assert.True(sizes[0].CompactBytes >= sizes[0].DenseBytes - 4096, "a dense level gains nothing from the compact layout");
    }

    private static void AssertSamePredictions(TrainedModel m, Dictionary<string, Tensor> weights)
    {
        var reviews = TrainedRuns.SomeReviews(20);
        var expected = Predictor.Dense(m).Predict(reviews);
        using (no_grad())
            foreach (var (name, p) in m.Model.Parameters()) p.copy_(weights[name]);
        var actual = Predictor.Dense(m).Predict(reviews);
        Assert.Equal(expected.Select(p => p.Probabilities), actual.Select(p => p.Probabilities));
    }
}
