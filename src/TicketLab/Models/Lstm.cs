using TicketLab.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Stacked (bi)LSTM classifier in which padding never enters a sequence's recurrence; the last layer's final states feed the head.</summary>
/// <remarks>Layers are separate modules so the dropout between them uses the model's own generator.</remarks>
public sealed class Lstm : TextClassifier
{
    private readonly Embedding embedding;
    private readonly ModuleList<PaddedLstmLayer> layers;
    private readonly SeededDropout dropout;
    private readonly Linear fc;

    public Lstm(int vocabSize, int classes, ModelHparams h, long seed) : base(nameof(Lstm))
    {
        int depth = h.Layers ?? 2;
        bool bidirectional = h.Bidirectional ?? true;
        int directions = bidirectional ? 2 : 1;
        embedding = nn.Embedding(vocabSize, h.EmbeddingDim, padding_idx: Vocabulary.PadId);
        layers = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(i => new PaddedLstmLayer(i == 0 ? h.EmbeddingDim : directions * h.Hidden, h.Hidden, bidirectional))
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
        Tensor final = null!;
        for (int i = 0; i < layers.Count; i++)
        {
            if (i > 0) x = dropout.forward(x);                                          // between layers, as nn.LSTM(dropout: p)
            (x, final) = layers[i].call(x, lengths);
        }
        return fc.forward(dropout.forward(final)).MoveToOuterDisposeScope();
    }
}
