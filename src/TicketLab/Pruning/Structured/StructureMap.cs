using TicketLab.Models;
using TicketLab.Models.Bert;

namespace TicketLab.Pruning;

/// <summary>What a structure is in each model family, as slices of its named parameters: TextCNN filters, LSTM hidden units,
/// BERT attention heads and feed-forward neurons.</summary>
/// <remarks>A structure owns everything that exists only for it: its incoming weights and biases and the columns that read its
/// output. With its weights and biases zero a structure outputs exactly 0 (relu(0), an LSTM cell whose state stays 0, a head
/// whose values are 0, gelu(0)), so its outgoing columns are dead too and slicing it away changes no prediction.</remarks>
public sealed record StructureMap(IReadOnlyList<StructureGroup> Groups)
{
    /// <summary>The structures of <paramref name="model"/>'s family.</summary>
    /// <exception cref="UserException">A family without a structure map (RNN).</exception>
    public static StructureMap For(TextClassifier model) => model switch
    {
        TextCnn => Cnn(model),
        Lstm => Recurrent(model),
        BertClassifier bert => Bert(bert),
        _ => throw new UserException($"--scope structured: no structures are defined for {model.GetType().Name}; use cnn, lstm or bert"),
    };

    /// <summary>Every tensor some structure owns a slice of.</summary>
    public IReadOnlySet<string> Tensors => Groups.SelectMany(g => g.Slices.Select(s => s.Tensor)).ToHashSet();

    private static Dictionary<string, long[]> Shapes(TextClassifier model) =>
        model.Parameters().ToDictionary(p => p.Name, p => p.Parameter.shape);

    // convs.i.weight [filters, embedding, width], convs.i.bias; fc.weight reads the convolutions' pooled outputs in order
    private static StructureMap Cnn(TextClassifier model)
    {
        var shapes = Shapes(model);
        var convs = shapes.Keys.Where(n => n.StartsWith("convs.", StringComparison.Ordinal) && n.EndsWith(".weight", StringComparison.Ordinal)).ToList();
        var groups = new List<StructureGroup>();
        long column = 0;
        foreach (var weight in convs)
        {
            var prefix = weight[..^".weight".Length];
            int filters = (int)shapes[weight][0];
            groups.Add(new StructureGroup(prefix + " filters", filters,
                [new(weight, 0, [0]), new(prefix + ".bias", 0, [0]), new("fc.weight", 1, [column])]));
            column += filters;
        }
        return new StructureMap(groups);
    }

    // layers.l.{fwd,bwd}.{weight_ih,weight_hh,bias_ih,bias_hh}_l0; gates i, f, g, o are row blocks of H; a layer's output is
    // [forward H, backward H], read by the next layer's weight_ih columns or by fc.weight
    private static StructureMap Recurrent(TextClassifier model)
    {
        var shapes = Shapes(model);
        int depth = shapes.Keys.Count(n => n.EndsWith(".fwd.weight_ih_l0", StringComparison.Ordinal));
        bool bidirectional = shapes.ContainsKey("layers.0.bwd.weight_ih_l0");
        string[] directions = bidirectional ? ["fwd", "bwd"] : ["fwd"];
        long hidden = shapes["layers.0.fwd.weight_hh_l0"][1];
        long[] gates = [0, hidden, 2 * hidden, 3 * hidden];
        long[] outputs = bidirectional ? [0, hidden] : [0];
        var groups = new List<StructureGroup>();
        for (int l = 0; l < depth; l++)
        {
            var slices = new List<StructureSlice>();
            foreach (var d in directions)
            {
                var p = $"layers.{l}.{d}.";
                slices.AddRange([new(p + "weight_ih_l0", 0, gates), new(p + "weight_hh_l0", 0, gates), new(p + "weight_hh_l0", 1, [0]),
                    new(p + "bias_ih_l0", 0, gates), new(p + "bias_hh_l0", 0, gates)]);
            }
            if (l + 1 < depth) slices.AddRange(directions.Select(d => new StructureSlice($"layers.{l + 1}.{d}.weight_ih_l0", 1, outputs)));
            else slices.Add(new("fc.weight", 1, outputs));
            groups.Add(new StructureGroup($"layers.{l} hidden units", (int)hidden, slices));
        }
        return new StructureMap(groups);
    }

    // per layer: heads (query/key/value rows and biases of headSize each, attention.output.dense columns) and feed-forward neurons
    // (intermediate.dense rows and bias, output.dense columns)
    private static StructureMap Bert(BertClassifier model)
    {
        var c = model.Config;
        var groups = new List<StructureGroup>();
        for (int l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"encoder.layer.{l}.";
            var heads = new List<StructureSlice>();
            foreach (var projection in new[] { "query", "key", "value" })
                heads.AddRange([new($"{p}attention.self.{projection}.weight", 0, [0], c.HeadSize), new($"{p}attention.self.{projection}.bias", 0, [0], c.HeadSize)]);
            heads.Add(new($"{p}attention.output.dense.weight", 1, [0], c.HeadSize));
            groups.Add(new StructureGroup($"encoder.layer.{l} attention heads", c.HeadsIn(l), heads));
            groups.Add(new StructureGroup($"encoder.layer.{l} feed-forward neurons", c.IntermediateSizeIn(l),
                [new($"{p}intermediate.dense.weight", 0, [0]), new($"{p}intermediate.dense.bias", 0, [0]), new($"{p}output.dense.weight", 1, [0])]));
        }
        return new StructureMap(groups);
    }
}
