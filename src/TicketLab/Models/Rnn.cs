using TicketLab.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Vanilla Elman RNN (tanh) classifier over packed sequences; the final hidden state feeds the head.</summary>
public sealed class Rnn : TextClassifier
{
    private readonly Embedding embedding;
    private readonly RNN rnn;
    private readonly SeededDropout dropout;
    private readonly Linear fc;
    private readonly bool bidirectional;

    public Rnn(int vocabSize, int classes, ModelHparams h, long seed) : base(nameof(Rnn))
    {
        int layers = h.Layers ?? 1;
        bidirectional = h.Bidirectional ?? false;
        embedding = nn.Embedding(vocabSize, h.EmbeddingDim, padding_idx: Vocabulary.PadId);
        rnn = nn.RNN(h.EmbeddingDim, h.Hidden, layers, batchFirst: true, dropout: layers > 1 ? h.Dropout : 0, bidirectional: bidirectional);
        dropout = new SeededDropout(h.Dropout, Noise);
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
        var (_, hidden) = rnn.call(packed, null);                                       // [layers · directions, batch, hidden]
        var last = bidirectional ? cat(new[] { hidden[-2], hidden[-1] }, 1) : hidden[-1];      // the last layer's state per direction
        return fc.forward(dropout.forward(last)).MoveToOuterDisposeScope();
    }
}
