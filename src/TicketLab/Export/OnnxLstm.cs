using TicketLab.Models;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>The (bi)LSTM classifier as ONNX: one LSTM operator per layer with the sequence lengths (so padding never enters a
/// sequence's recurrence, and the reverse direction starts at each sequence's own last token), the last layer's final states to
/// a Gemm head.</summary>
/// <remarks>libtorch stacks gate rows as (input, forget, cell, output); ONNX as (input, output, forget, cell): rows are reordered.</remarks>
internal static class OnnxLstm
{
    private static readonly long[] OnnxGateOrder = [0, 3, 1, 2];     // ONNX gate k is libtorch's gate OnnxGateOrder[k]

    public static string Logits(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, ModelHparams h, string ids, string lengths)
    {
        using var scope = NewDisposeScope();       // the reordered copies; initialisers hold their own bytes
        int layers = h.Layers ?? 2;
        int hidden = (int)p["layers.0.fwd.weight_hh_l0"].shape[1];                                            // fewer when compacted
        bool bidirectional = h.Bidirectional ?? true;
        string[] directions = bidirectional ? ["fwd", "bwd"] : ["fwd"];
        var embedded = g.Node("Gather", [g.Weight("embedding.weight", p["embedding.weight"]), ids]);          // [batch, time, emb]
        var x = g.Node("Transpose", [embedded], [("perm", new long[] { 1, 0, 2 })]);                          // [time, batch, emb]
        var lens = g.Node("Cast", [lengths], [("to", 6L)]);                                                   // int32, as LSTM wants
        string final = "";
        for (int layer = 0; layer < layers; layer++)
        {
            Tensor Stack(string kind) => stack(directions.Select(d => Gates(p[$"layers.{layer}.{d}.{kind}_l0"], hidden)).ToArray());
            using var w = Stack("weight_ih");                                                                // [dirs, 4H, in]
            using var r = Stack("weight_hh");                                                                // [dirs, 4H, H]
            using var b = cat([Stack("bias_ih"), Stack("bias_hh")], 1);                                      // [dirs, 8H]
            var y = g.Node("LSTM", [x, g.Weight($"lstm.{layer}.W", w), g.Weight($"lstm.{layer}.R", r), g.Weight($"lstm.{layer}.B", b), lens],
                [("hidden_size", (long)hidden), ("direction", bidirectional ? "bidirectional" : "forward")], outputs: 2);
            var states = y + "_out1";                                                                        // Y_h [dirs, batch, H]
            var perStep = g.Node("Transpose", [y], [("perm", new long[] { 0, 2, 1, 3 })]);                 // [time, batch, dirs, H]
            x = g.Node("Reshape", [perStep, g.Ints([0, 0, -1])]);                                           // [time, batch, dirs·H]
            final = g.Node("Reshape", [g.Node("Transpose", [states], [("perm", new long[] { 1, 0, 2 })]), g.Ints([0, -1])]);   // [batch, dirs·H]
        }
        return g.Node("Gemm", [final, g.Weight("fc.weight", p["fc.weight"]), g.Weight("fc.bias", p["fc.bias"])], [("transB", 1L)]);
    }

    private static Tensor Gates(Tensor t, int hidden)
    {
        using var blocks = t.detach().view(4, hidden, -1);
        using var order = tensor(OnnxGateOrder);
        return blocks.index_select(0, order).reshape(t.shape);
    }
}
