using TicketLab.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Multi-layer (bi)LSTM classifier over packed sequences, so padding never enters the recurrence; the last layer's final states feed the head.</summary>
public sealed class Lstm : TextClassifier
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear fc;
    private readonly bool bidirectional;

    public Lstm(int vocabSize, int classes, ModelHparams h, long seed) : base(nameof(Lstm))
    {
        int layers = h.Layers ?? 2;
        bidirectional = h.Bidirectional ?? true;
        embedding = nn.Embedding(vocabSize, h.EmbeddingDim, padding_idx: Vocabulary.PadId);
        lstm = nn.LSTM(h.EmbeddingDim, h.Hidden, layers, batchFirst: true, dropout: layers > 1 ? h.Dropout : 0, bidirectional: bidirectional);
        dropout = nn.Dropout(h.Dropout);
        fc = nn.Linear((bidirectional ? 2 : 1) * h.Hidden, classes);
        RegisterComponents();
        RecurrentInit.Apply(this, seed);
    }

    public override ParameterRole RoleOf(string name) => RecurrentInit.RoleOf(name);

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var embedded = dropout.forward(embedding.forward(ids));                        // [batch, length, emb]
        var packed = nn.utils.rnn.pack_padded_sequence(embedded, lengths, batch_first: true, enforce_sorted: false);
        var (_, hidden, _) = lstm.call(packed);                                         // [layers · directions, batch, hidden]
        var last = bidirectional ? cat(new[] { hidden[-2], hidden[-1] }, 1) : hidden[-1];
        return fc.forward(dropout.forward(last)).MoveToOuterDisposeScope();
    }
}
