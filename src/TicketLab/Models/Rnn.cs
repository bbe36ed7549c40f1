using TicketLab.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Vanilla Elman RNN (tanh) classifier over packed sequences; the last layer's final state feeds the head.</summary>
/// <remarks>Layers are separate modules so the dropout between them uses the model's own generator, not libtorch's global one.</remarks>
public sealed class Rnn : TextClassifier
{
    private readonly Embedding embedding;
    private readonly ModuleList<RNN> layers;
    private readonly SeededDropout dropout;
    private readonly Linear fc;
    private readonly bool bidirectional;

    public Rnn(int vocabSize, int classes, ModelHparams h, long seed) : base(nameof(Rnn))
    {
        int depth = h.Layers ?? 1;
        bidirectional = h.Bidirectional ?? false;
        int directions = bidirectional ? 2 : 1;
        embedding = nn.Embedding(vocabSize, h.EmbeddingDim, padding_idx: Vocabulary.PadId);
        layers = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(i => nn.RNN(i == 0 ? h.EmbeddingDim : directions * h.Hidden, h.Hidden, 1, batchFirst: true, bidirectional: bidirectional))
            .ToArray());
        dropout = new SeededDropout(h.Dropout, Noise);
        fc = nn.Linear(directions * h.Hidden, classes);
        RegisterComponents();
        RecurrentInit.Apply(this, seed);
    }

    public override ParameterRole RoleOf(string name) => RecurrentInit.RoleOf(name);

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var x = dropout.forward(embedding.forward(ids));                                // [batch, length, emb]
        Tensor hidden = null!;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0) x = dropout.forward(x);                                          // between layers, as nn.RNN(dropout: p)
            var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
            var (output, h) = layers[i].call(packed, null);                             // h: [directions, batch, hidden]
            hidden = h;
            if (i + 1 < layers.Count) x = nn.utils.rnn.pad_packed_sequence(output, batch_first: true).Item1;
        }
        var last = bidirectional ? cat(new[] { hidden[-2], hidden[-1] }, 1) : hidden[-1];      // [batch, directions · hidden]
        return fc.forward(dropout.forward(last)).MoveToOuterDisposeScope();
    }
}
