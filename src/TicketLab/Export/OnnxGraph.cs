using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace TicketLab.Export;

/// <summary>Builds an ONNX graph (opset 17) node by node on OnnxSharp's protobuf types: weights become initialisers, each
/// operator returns the name of its output, so a model's forward pass reads as a sequence of calls.</summary>
internal sealed class OnnxGraph
{
    public const int Opset = 17;
    private const long IrVersion = 8;          // the IR version of opset 17
    private readonly GraphProto graph = new() { Name = "ticketlab" };
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    private string Fresh(string hint)
    {
        int n = counters.GetValueOrDefault(hint);
        counters[hint] = n + 1;
        return $"{hint}_{n}";
    }

    /// <summary>A graph input of element type int64 and the given dimensions (a string names a dynamic one).</summary>
    public string Input(string name, params object[] dims)
    {
        graph.Input.Add(ValueInfo(name, TensorProto.Types.DataType.Int64, dims));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> a float output named <paramref name="name"/>.</summary>
    public void Output(string value, string name, params object[] dims)
    {
        if (value != name) Node("Identity", [value], name: name);
        graph.Output.Add(ValueInfo(name, TensorProto.Types.DataType.Float, dims));
    }

    /// <summary>A float32 initialiser holding <paramref name="t"/>'s values (the tensor is not kept).</summary>
    public string Weight(string name, Tensor t)
    {
        using var data = t.detach().cpu().to(ScalarType.Float32).contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(data.shape);
        proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.data<float>().ToArray().AsSpan()));
        graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>An int64 constant (a 1-D tensor, or a scalar when <paramref name="scalar"/>).</summary>
    public string Ints(long[] values, bool scalar = false)
    {
        var proto = new TensorProto { Name = Fresh("const"), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar) proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Float(float value)
    {
        var proto = new TensorProto { Name = Fresh("const"), DataType = (int)TensorProto.Types.DataType.Float };
        proto.FloatData.Add(value);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds a node; returns its first output's name.</summary>
    public string Node(string op, string[] inputs, (string Name, object Value)[]? attributes = null, string? name = null, int outputs = 1)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(op) };
        node.Input.AddRange(inputs);
        var first = name ?? Fresh(op.ToLowerInvariant());
        node.Output.Add(first);
        for (int i = 1; i < outputs; i++) node.Output.Add(first + $"_out{i}");
        foreach (var (key, value) in attributes ?? []) node.Attribute.Add(Attribute(key, value));
        graph.Node.Add(node);
        return first;
    }

    /// <summary>The model: this graph with opset 17 and the producer's name, serialised.</summary>
    public byte[] ToBytes(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "TicketLab",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private static AttributeProto Attribute(string name, object value) => value switch
    {
        long i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
        int i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
        float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
        string s => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(s) },
        long[] ints => Ints(name, ints),
        _ => throw new ArgumentException($"attribute {name}: unsupported value {value}"),
    };

    private static AttributeProto Ints(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string param ? new TensorShapeProto.Types.Dimension { DimParam = param } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
