using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>TextCNN as ONNX: embedding Gather, one Conv + Relu + ReduceMax over time per filter width, Concat, Gemm head.
/// Short inputs are padded with id 0 to the run's min length inside the graph, as the data pipeline pads a batch.</summary>
internal static class OnnxTextCnn
{
    public static string Logits(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, ModelHparams h, int minLength, string ids)
    {
        // pad to at least minLength (and the widest filter): need = max(0, minLength − T), appended at the end of the time axis
        var length = g.Node("Gather", [g.Node("Shape", [ids]), g.Ints([1])]);
        var need = g.Node("Max", [g.Node("Sub", [g.Ints([Math.Max(minLength, h.Widths().Max())]), length]), g.Ints([0])]);
        var pads = g.Node("Concat", [g.Ints([0, 0, 0]), need], [("axis", 0L)]);
        var padded = g.Node("Pad", [ids, pads, g.Ints([0], scalar: true)]);

        var embedded = g.Node("Gather", [g.Weight("embedding.weight", p["embedding.weight"]), padded]);    // [batch, length, emb]
        var channels = g.Node("Transpose", [embedded], [("perm", new long[] { 0, 2, 1 })]);                // [batch, emb, length]
        var pooled = h.Widths().Select((_, i) =>
        {
            var conv = g.Node("Conv", [channels, g.Weight($"convs.{i}.weight", p[$"convs.{i}.weight"]), g.Weight($"convs.{i}.bias", p[$"convs.{i}.bias"])]);
            return g.Node("ReduceMax", [g.Node("Relu", [conv])], [("axes", new long[] { 2 }), ("keepdims", 0L)]);   // [batch, filters]
        }).ToArray();
        var features = g.Node("Concat", pooled, [("axis", 1L)]);
        return g.Node("Gemm", [features, g.Weight("fc.weight", p["fc.weight"]), g.Weight("fc.bias", p["fc.bias"])], [("transB", 1L)]);
    }
}
