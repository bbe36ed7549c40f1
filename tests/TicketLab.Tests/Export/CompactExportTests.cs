using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using TicketLab.Export;
using TicketLab.Inference;
using TicketLab.Pruning;
using TicketLab.Tests.Cli;
using TicketLab.Tests.Data;
using TicketLab.Tests.Inference;
using static TorchSharp.torch;

namespace TicketLab.Tests.Export;

/// <summary>A structured run exports compacted: the pruned filters, hidden units, heads and neurons are sliced out of the ONNX graph and
/// the safetensors, the files are smaller, and what they compute is the masked network's logits, on real reviews.</summary>
[Collection("Bert")]
public sealed class CompactExportTests : IDisposable
{
    private readonly TempDirs _dirs = new();

    public void Dispose() => _dirs.Dispose();

    [Theory]
    [MemberData(nameof(OnnxExportTests.Families), MemberType = typeof(OnnxExportTests))]
    public void The_compact_onnx_export_is_smaller_and_onnx_runtime_gives_the_masked_logits(string family)
    {
        using var m = TrainedModel.Load(TrainedRuns.Structured(family), 1);
        var dir = _dirs.New();
        string compact = Path.Combine(dir, "compact.onnx"), masked = Path.Combine(dir, "masked.onnx");
        Exporter.Onnx(m, compact);                                            // a structured run's default
        Exporter.Onnx(m, masked, StructureLayout.Masked);

        var kept = StructuredPruning.Kept(StructureMap.For(m.Model), m.Mask);
        var full = StructureMap.For(m.Model).Groups;
        Assert.True(kept[0].Count < full[0].Count, "the run removed no structure of its first group");
        var small = Initialisers(compact);
        var large = Initialisers(masked);
        // the first group's structures as the graph holds them: filters, LSTM units (in R [dirs, 4H, H]), BERT heads and neurons
        (string Name, int Dim, long Kept, long Full)[] sliced = m.Model switch
        {
            TicketLab.Models.TextCnn => [("convs.0.weight", 0, kept[0].Count, full[0].Count)],
            TicketLab.Models.Lstm => [("lstm.0.R", 2, kept[0].Count, full[0].Count)],
            TicketLab.Models.Bert.BertClassifier bert => [
                ("encoder.layer.0.attention.self.query.weight.T", 1, kept[0].Count * bert.Config.HeadSize, full[0].Count * bert.Config.HeadSize),
                ("encoder.layer.0.intermediate.dense.weight.T", 1, kept[1].Count, full[1].Count)],
            _ => throw new ArgumentException(family),
        };
        foreach (var (name, dim, k, f) in sliced)
            Assert.Equal((k, f), (small[name][dim], large[name][dim]));
        long Count(Dictionary<string, long[]> inits) => inits.Values.Sum(d => d.Aggregate(1L, (a, b) => a * b));
        Assert.True(Count(small) < Count(large), $"{Count(small)} weights in the compact graph, not fewer than {Count(large)}");
        Assert.True(new FileInfo(compact).Length < new FileInfo(masked).Length);

        AssertOnnxGivesTheMaskedLogits(m, compact);
        AssertOnnxGivesTheMaskedLogits(m, masked);

        using var sidecar = JsonDocument.Parse(File.ReadAllText(OnnxSidecar.PathFor(compact)));
        var root = sidecar.RootElement;
        Assert.Equal("compact", root.GetProperty("structures").GetString());
        var architecture = root.GetProperty("architecture");
        Assert.Equal(family, architecture.GetProperty("family").GetString());
        if (family == "bert")
            Assert.Equal(Enumerable.Range(0, full.Count / 2).Select(l => (kept[2 * l].Count, kept[2 * l + 1].Count)),
                architecture.GetProperty("layers").EnumerateArray().Select(l => (l.GetProperty("heads").GetInt32(), l.GetProperty("intermediateSize").GetInt32())));
        else Assert.Equal(kept[0].Count, architecture.GetProperty(family == "cnn" ? "filters" : "hiddenSize").GetInt32());
        using var maskedSidecar = JsonDocument.Parse(File.ReadAllText(OnnxSidecar.PathFor(masked)));
        Assert.Equal("masked", maskedSidecar.RootElement.GetProperty("structures").GetString());
    }

    [Fact]
    public void A_bert_layer_left_without_heads_or_without_neurons_exports_and_gives_the_masked_logits()
    {
        using var m = TrainedModel.Load(TrainedRuns.Structured("bert"), 1);
        var map = StructureMap.For(m.Model);
        // layer 0 loses every head, layer 1 every feed-forward neuron (groups: per layer, heads then neurons)
        foreach (int g in new[] { 0, 3 })
            foreach (var slice in map.Groups[g].Slices.Where(s => m.Mask.Names.Contains(s.Tensor)))
                m.Mask[slice.Tensor].index_fill_(slice.Dim, tensor(Enumerable.Range(0, map.Groups[g].Count).SelectMany(j => slice.Indices(j)).ToArray()), 0);
        m.Mask.ApplyTo(m.Model);
        var path = Path.Combine(_dirs.New(), "model.onnx");
        Exporter.Onnx(m, path);

        var inits = Initialisers(path);
        Assert.DoesNotContain("encoder.layer.0.attention.self.query.weight.T", inits.Keys);
        Assert.DoesNotContain("encoder.layer.1.intermediate.dense.weight.T", inits.Keys);
        Assert.Contains("encoder.layer.1.attention.self.query.weight.T", inits.Keys);
        using var sidecar = JsonDocument.Parse(File.ReadAllText(OnnxSidecar.PathFor(path)));
        var layers = sidecar.RootElement.GetProperty("architecture").GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(0, layers[0].GetProperty("heads").GetInt32());
        Assert.Equal(0, layers[1].GetProperty("intermediateSize").GetInt32());
        AssertOnnxGivesTheMaskedLogits(m, path);
    }

    [Theory]
    [MemberData(nameof(OnnxExportTests.Families), MemberType = typeof(OnnxExportTests))]
    public void Compact_safetensors_hold_the_sliced_tensors_and_load_back_into_a_network_that_predicts_as_the_masked_one(string family)
    {
        using var m = TrainedModel.Load(TrainedRuns.Structured(family), 1);
        var dir = _dirs.New();
        string compact = Path.Combine(dir, "compact.safetensors"), masked = Path.Combine(dir, "masked.safetensors"), sparse = Path.Combine(dir, "sparse.safetensors");
        long compactBytes = Exporter.SafeTensors(m, compact, compact: false);
        long maskedBytes = Exporter.SafeTensors(m, masked, compact: false, StructureLayout.Masked);
        Exporter.SafeTensors(m, sparse, compact: true);                      // both: sliced structures, and what is left sparse where it gains
        Assert.True(compactBytes < maskedBytes, $"{compactBytes} bytes compact, not fewer than {maskedBytes} masked");

        var small = TicketLab.Models.Bert.SafeTensors.Read(compact, out var metadata);
        var large = TicketLab.Models.Bert.SafeTensors.Read(masked);
        Assert.Equal("compact", metadata["structures"]);
        Assert.Equal(large.Keys.Order(), small.Keys.Order());                 // the same names, some of them sliced
        Assert.Contains(small.Keys, name => small[name].numel() < large[name].numel());
        Assert.All(small.Keys, name => Assert.Equal(large[name].dim(), small[name].dim()));
        foreach (var t in small.Values.Concat(large.Values)) t.Dispose();

        var reviews = TrainedRuns.SomeReviews(40);
        var expected = Predictor.Dense(m).Predict(reviews);
        foreach (var path in new[] { compact, sparse, masked })
        {
            using var loaded = Exporter.LoadSafeTensors(path);
            using var pass = new DenseForwardPass(loaded);
            var actual = Predictor.For(m, pass).Predict(reviews);
            Assert.Equal(expected.Select(p => p.Label), actual.Select(p => p.Label));
            double gap = expected.Zip(actual).Max(x => x.First.Probabilities.Zip(x.Second.Probabilities).Max(p => Math.Abs(p.First - p.Second)));
            Assert.True(gap <= 1e-5, $"{Path.GetFileName(path)}: probabilities differ by {gap}");
        }
        Assert.True(expected.Select(p => p.Probabilities[0]).Distinct().Count() > 10, "the predictions do not depend on the text: nothing was compared");
    }

    [Fact]
    public void Compact_structures_of_a_run_that_prunes_single_weights_are_refused_and_nothing_is_written()
    {
        using var m = TrainedModel.Load(TrainedRuns.Lstm, 1);
        var path = Path.Combine(_dirs.New(), "model.onnx");
        var e = Assert.Throws<UserException>(() => Exporter.Onnx(m, path, StructureLayout.Compact));
        Assert.StartsWith("--structures compact: ", e.Message);
        Assert.Contains("prunes single weights", e.Message);
        Assert.Throws<UserException>(() => Exporter.SafeTensors(m, path, compact: false, StructureLayout.Compact));
        Assert.False(File.Exists(path));
        Assert.Equal(StructureLayout.Masked, StructureLayouts.For(m));
    }

    [Fact]
    public void A_safetensors_file_whose_architecture_is_missing_or_does_not_fit_its_tensors_is_refused_by_name()
    {
        using var m = TrainedModel.Load(TrainedRuns.Structured("lstm"), 1);
        var dir = _dirs.New();
        string plain = Path.Combine(dir, "plain.safetensors"), lying = Path.Combine(dir, "lying.safetensors");
        using (var w = zeros(3, 4)) TicketLab.Models.Bert.SafeTensors.Write(plain, [("fc.weight", w)]);
        Assert.Contains("no \"architecture\"", Assert.Throws<UserException>(() => Exporter.LoadSafeTensors(plain)).Message);

        // the compact tensors under the masked network's architecture: the first sliced tensor is named with both shapes
        Exporter.SafeTensors(m, lying, compact: false);
        var tensors = TicketLab.Models.Bert.SafeTensors.Read(lying, out var metadata);
        var masked = new Dictionary<string, string>(metadata) { ["architecture"] = ModelArchitecture.Json(m.Model)!.ToJsonString() };
        TicketLab.Models.Bert.SafeTensors.Write(lying, tensors.Select(t => (t.Key, t.Value)), masked);
        const string first = "layers.0.fwd.weight_ih_l0";                    // the first parameter after the embedding
        string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
        var (sliced, full) = (Shape(tensors[first].shape), Shape(m.Model.Parameters().Single(p => p.Name == first).Parameter.shape));
        foreach (var t in tensors.Values) t.Dispose();
        Assert.NotEqual(full, sliced);
        var e = Assert.Throws<UserException>(() => Exporter.LoadSafeTensors(lying));
        Assert.StartsWith($"{lying}: '{first}' is {sliced}; the architecture has {full}", e.Message);
    }

    [Fact]
    public void Export_command_compacts_a_structured_run_by_default_and_keeps_the_full_shapes_when_asked()
    {
        var dir = _dirs.New();
        string compact = Path.Combine(dir, "compact.onnx"), masked = Path.Combine(dir, "masked.onnx");
        var run = TrainedRuns.Structured("cnn");
        var r = CliProcess.Run("export", "--run", run, "--level", "1", "--format", "onnx", "--out", compact);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("pruned structures sliced away", r.Stdout);
        r = CliProcess.Run("export", "--run", run, "--level", "1", "--format", "onnx", "--structures", "masked", "--out", masked);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("sliced away", r.Stdout);
        static string Structures(string path)
        {
            using var sidecar = JsonDocument.Parse(File.ReadAllText(OnnxSidecar.PathFor(path)));
            return sidecar.RootElement.GetProperty("structures").GetString()!;
        }
        Assert.Equal(("compact", "masked"), (Structures(compact), Structures(masked)));
        Assert.True(Initialisers(compact)["convs.0.weight"][0] < Initialisers(masked)["convs.0.weight"][0]);
    }

    // ONNX Runtime's logits of a padded batch of reviews of several lengths are TicketLab's masked network's within 1e-4
    private static void AssertOnnxGivesTheMaskedLogits(TrainedModel m, string path)
    {
        var (rows, width, ours) = OnnxExportTests.OwnLogits(m);
        using var session = new InferenceSession(path);
        var (theirs, _) = OnnxExportTests.Run(session, rows, width);
        double worst = ours.Zip(theirs, (a, b) => (double)Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4, $"{Path.GetFileName(path)}: ONNX Runtime's logits differ from the masked network's by {worst:E2}");
        Assert.True(ours.Max(Math.Abs) > 1e-3, "degenerate logits");
    }

    private static Dictionary<string, long[]> Initialisers(string path) =>
        Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.ToArray());
}
