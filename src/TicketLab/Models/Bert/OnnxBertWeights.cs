using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace TicketLab.Models.Bert;

/// <summary>Recovers Hugging Face–named BERT weights from an ONNX export of a BertModel (as the sentence-transformers exports).</summary>
/// <remarks>The exporter keeps the names of embeddings, biases, LayerNorms and the pooler (a Gemm), but stores every encoder
/// linear weight as an anonymous initialiser, transposed to [in, out], feeding a MatMul. Each such MatMul's output goes to an
/// Add with the layer's named bias (<c>encoder.layer.0.attention.self.query.bias</c>), which names the weight.</remarks>
public static class OnnxBertWeights
{
    /// <summary>Reads an ONNX model and returns its weights by Hugging Face name, as float32 [out, in] linear weights.
    /// A MatMul weight that cannot be named, or a weight of an unsupported type, is a <see cref="BertImportException"/> naming it.</summary>
    public static Dictionary<string, Tensor> Read(Stream onnx, string origin)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(onnx); }
        catch (InvalidProtocolBufferException e)
        {
            throw new BertImportException($"{origin}: not an ONNX model: {e.Message}", e);
        }
        var graph = model.Graph;
        var initialisers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(n => n.Input.Select(input => (input, node: n)))
            .ToLookup(x => x.input, x => x.node, StringComparer.Ordinal);

        var named = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var init in graph.Initializer)
            {
                if (!IsHfName(init.Name) || init.Name == "embeddings.position_ids") continue;
                var t = ToTensor(init, origin);
                // The pooler is a Gemm: its weight is [out, in] when transB = 1 (PyTorch's layout), else [in, out].
                var gemm = consumers[init.Name].FirstOrDefault(n => n.OpType == "Gemm" && n.Input.Count > 1 && n.Input[1] == init.Name);
                if (gemm is not null && !(gemm.Attribute.FirstOrDefault(a => a.Name == "transB")?.I == 1)) t = Transposed(t);
                named[init.Name] = t;
            }

            foreach (var matmul in graph.Node.Where(n => n.OpType == "MatMul"))
            {
                var weightName = matmul.Input.Count == 2 ? matmul.Input[1] : "";
                if (!initialisers.TryGetValue(weightName, out var weight)) continue;       // activations × activations (attention scores)
                var bias = consumers[matmul.Output[0]]
                    .Where(n => n.OpType == "Add")
                    .SelectMany(n => n.Input)
                    .FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && initialisers.ContainsKey(i));
                if (bias is null)
                    throw new BertImportException($"{origin}: initialiser '{weightName}' (MatMul '{matmul.Name}') is not followed by an Add of a named bias; cannot tell which weight it is");
                var name = bias[..^".bias".Length] + ".weight";
                if (named.ContainsKey(name))
                    throw new BertImportException($"{origin}: two initialisers map to '{name}' (the second is '{weightName}', MatMul '{matmul.Name}')");
                named[name] = Transposed(ToTensor(weight, origin));                     // stored [in, out]; nn.Linear wants [out, in]
            }
        }
        catch
        {
            foreach (var t in named.Values) t.Dispose();
            throw;
        }
        return named;
    }

    // Exported PyTorch parameters keep dotted module paths; the exporter's own constants are bare numbers.
    private static bool IsHfName(string name) => name.Contains('.', StringComparison.Ordinal);

    private static Tensor Transposed(Tensor t)
    {
        using (t) return t.t().contiguous();
    }

    private static Tensor ToTensor(TensorProto proto, string origin)
    {
        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
            throw new BertImportException($"{origin}: initialiser '{proto.Name}' keeps its data in an external file, which is not supported");
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw new BertImportException($"{origin}: initialiser '{proto.Name}' has ONNX data type {(TensorProto.Types.DataType)proto.DataType}, expected Float");
        long[] shape = [.. proto.Dims];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        float[] data = proto.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()
            : [.. proto.FloatData];
        if (data.LongLength != count)
            throw new BertImportException($"{origin}: initialiser '{proto.Name}' holds {data.Length} floats, expected {count} for shape [{string.Join(", ", shape)}]");
        return tensor(data, shape);
    }
}
