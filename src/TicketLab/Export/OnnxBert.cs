using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>BERT for sequence classification as ONNX (opset 17: LayerNormalization; GELU spelled out with Erf or Tanh): embeddings,
/// post-LayerNorm transformer layers with an additive padding mask built from the lengths, pooler on [CLS], Gemm head. Each layer has
/// its own head count and feed-forward size (<see cref="BertConfig.HeadsIn"/>, <see cref="BertConfig.IntermediateSizeIn"/>), so a
/// compacted BERT exports with its sliced tensors; a layer left without heads or neurons adds its output dense's bias alone.</summary>
/// <remarks>Linear weights of the encoder are stored transposed ([in, out]) for MatMul, under their name with ".T".</remarks>
internal static class OnnxBert
{
    public static string Logits(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, BertConfig c, string ids, string lengths)
    {
        using var scope = NewDisposeScope();
        string W(string name) => g.Weight(name, p[name]);
        var length = g.Node("Gather", [g.Node("Shape", [ids]), g.Ints([1], scalar: true)]);                  // scalar T
        var positions = g.Node("Range", [g.Ints([0], scalar: true), length, g.Ints([1], scalar: true)]);     // [T]

        // additive mask [batch, 1, 1, T]: 0 for tokens, float.MinValue for padding, as BertClassifier.Encode
        var keep = g.Node("Less", [g.Node("Unsqueeze", [positions, g.Ints([0])]), g.Node("Unsqueeze", [lengths, g.Ints([1])])]);
        var mask = g.Node("Unsqueeze", [g.Node("Where", [keep, g.Float(0f), g.Float(float.MinValue)]), g.Ints([1, 2])]);

        var words = g.Node("Gather", [W("embeddings.word_embeddings.weight"), ids]);
        var places = g.Node("Gather", [W("embeddings.position_embeddings.weight"), positions]);
        var segment = g.Weight("embeddings.token_type_embeddings.weight.0", p["embeddings.token_type_embeddings.weight"][0]);
        var x = LayerNorm(g, p, "embeddings.LayerNorm", g.Node("Add", [g.Node("Add", [words, places]), segment]), c);

        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            var prefix = $"encoder.layer.{i}";
            int heads = c.HeadsIn(i), neurons = c.IntermediateSizeIn(i);
            // a compacted layer without heads (or neurons) adds its output dense's bias alone, as BertResidualOutput does
            var attended = heads == 0 ? g.Weight($"{prefix}.attention.output.dense.bias", p[$"{prefix}.attention.output.dense.bias"])
                : Linear(g, p, $"{prefix}.attention.output.dense", SelfAttention(g, p, $"{prefix}.attention.self", x, mask, heads, c.HeadSize));
            var attention = LayerNorm(g, p, $"{prefix}.attention.output.LayerNorm", g.Node("Add", [attended, x]), c);
            var fed = neurons == 0 ? g.Weight($"{prefix}.output.dense.bias", p[$"{prefix}.output.dense.bias"])
                : Linear(g, p, $"{prefix}.output.dense", Activation(g, Linear(g, p, $"{prefix}.intermediate.dense", attention), c.HiddenAct));
            x = LayerNorm(g, p, $"{prefix}.output.LayerNorm", g.Node("Add", [fed, attention]), c);
        }

        var first = g.Node("Gather", [x, g.Ints([0], scalar: true)], [("axis", 1L)]);                       // [batch, hidden] at [CLS]
        var pooled = g.Node("Tanh", [g.Node("Gemm", [first, W("pooler.dense.weight"), W("pooler.dense.bias")], [("transB", 1L)])]);
        return g.Node("Gemm", [pooled, W("classifier.weight"), W("classifier.bias")], [("transB", 1L)]);
    }

    // [batch, T, heads · size]: the heads' attended values side by side (a compacted layer has fewer heads of the same size)
    private static string SelfAttention(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, string prefix, string x, string mask, int heads, int size)
    {
        string Heads(string name, long[] perm) =>
            g.Node("Transpose", [g.Node("Reshape", [Linear(g, p, $"{prefix}.{name}", x), g.Ints([0, 0, heads, size])])], [("perm", perm)]);
        var q = Heads("query", [0, 2, 1, 3]);                                                                 // [batch, heads, T, size]
        var k = Heads("key", [0, 2, 3, 1]);                                                                   // [batch, heads, size, T]
        var v = Heads("value", [0, 2, 1, 3]);
        var scores = g.Node("Add", [g.Node("Div", [g.Node("MatMul", [q, k]), g.Float(MathF.Sqrt(size))]), mask]);
        var attended = g.Node("MatMul", [g.Node("Softmax", [scores], [("axis", -1L)]), v]);
        return g.Node("Reshape", [g.Node("Transpose", [attended], [("perm", new long[] { 0, 2, 1, 3 })]), g.Ints([0, 0, heads * size])]);
    }

    private static string Linear(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, string name, string x) =>
        g.Node("Add", [g.Node("MatMul", [x, g.Weight(name + ".weight.T", p[name + ".weight"].t())]), g.Weight(name + ".bias", p[name + ".bias"])]);

    private static string LayerNorm(OnnxGraph g, IReadOnlyDictionary<string, Tensor> p, string name, string x, BertConfig c) =>
        g.Node("LayerNormalization", [x, g.Weight(name + ".weight", p[name + ".weight"]), g.Weight(name + ".bias", p[name + ".bias"])],
            [("axis", -1L), ("epsilon", (float)c.LayerNormEps)]);

    private static string Activation(OnnxGraph g, string x, string kind) => kind switch
    {
        // 0.5 · x · (1 + erf(x / √2)), exact GELU (opset 17 has no Gelu operator)
        "gelu" => g.Node("Mul", [g.Node("Mul", [x, g.Float(0.5f)]),
            g.Node("Add", [g.Float(1f), g.Node("Erf", [g.Node("Div", [x, g.Float(MathF.Sqrt(2f))])])])]),
        // 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
        "gelu_new" or "gelu_pytorch_tanh" => g.Node("Mul", [g.Node("Mul", [x, g.Float(0.5f)]),
            g.Node("Add", [g.Float(1f), g.Node("Tanh", [g.Node("Mul", [g.Float(MathF.Sqrt(2f / MathF.PI)),
                g.Node("Add", [x, g.Node("Mul", [g.Float(0.044715f), g.Node("Pow", [x, g.Float(3f)])])])])])])]),
        "relu" => g.Node("Relu", [x]),
        _ => throw new InvalidOperationException($"hidden_act '{kind}'"),
    };
}
