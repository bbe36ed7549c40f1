using TicketLab.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Tests.Pruning;

/// <summary>Networks small enough to score by hand: token ids are read as the input features themselves.</summary>
internal static class TinyNetworks
{
    /// <summary>logits = W x, x the ids of a row read as numbers.</summary>
    public static TextClassifier Linear(float[,] w) => new Layers([("w", w)]);

    /// <summary>logits = W2 (W1 x), no nonlinearity.</summary>
    public static TextClassifier TwoLayers(float[,] w1, float[,] w2) => new Layers([("w1", w1), ("w2", w2)]);

    /// <summary>logits = W Σₜ E[idₜ]: an embedding table (role Embedding) summed over positions, then one weight matrix.</summary>
    public static TextClassifier Embedded(float[,] table, float[,] w) => new EmbeddedLinear(table, w);

    /// <summary>One batch of one example: <paramref name="features"/> as its ids, <paramref name="label"/> its class.</summary>
    public static TicketLab.Data.Batch Example(long[] features, long label) =>
        new(tensor(features, [1, features.Length]), tensor(new[] { label }), tensor(new long[] { features.Length }));

    private sealed class Layers : TextClassifier
    {
        private readonly List<Parameter> layers = [];

        public Layers(IReadOnlyList<(string Name, float[,] Weights)> weights) : base("tiny")
        {
            foreach (var (name, w) in weights)
            {
                var p = new Parameter(tensor(w));
                register_parameter(name, p);
                layers.Add(p);
            }
        }

        public override ParameterRole RoleOf(string parameterName) => ParameterRole.Weight;

        public override Tensor forward(Tensor ids, Tensor lengths) =>
            layers.Aggregate(ids.to_type(ScalarType.Float32), (x, w) => x.matmul(w.t()));
    }

    private sealed class EmbeddedLinear : TextClassifier
    {
        private readonly Parameter table, w;

        public EmbeddedLinear(float[,] table, float[,] w) : base("tiny-embedded")
        {
            this.table = new Parameter(tensor(table));
            this.w = new Parameter(tensor(w));
            register_parameter("embedding", this.table);
            register_parameter("w", this.w);
        }

        public override ParameterRole RoleOf(string parameterName) => parameterName == "embedding" ? ParameterRole.Embedding : ParameterRole.Weight;

        public override Tensor forward(Tensor ids, Tensor lengths) =>
            table.index_select(0, ids.flatten()).view(ids.shape[0], ids.shape[1], -1).sum(1).matmul(w.t());
    }
}
