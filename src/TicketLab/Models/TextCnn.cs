using TicketLab.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TicketLab.Models;

/// <summary>Kim (2014) convolutional sentence classifier: parallel 1-D convolutions, ReLU, max over time, dropout, linear head.</summary>
public sealed class TextCnn : TextClassifier
{
    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convs;
    private readonly SeededDropout dropout;
    private readonly Linear fc;

    public TextCnn(int vocabSize, int classes, ModelHparams h, long seed) : base(nameof(TextCnn))
    {
        var widths = h.Widths();
        embedding = nn.Embedding(vocabSize, h.EmbeddingDim, padding_idx: Vocabulary.PadId);
        convs = nn.ModuleList(widths.Select(w => nn.Conv1d(h.EmbeddingDim, h.Filters, w)).ToArray());
        dropout = new SeededDropout(h.Dropout, Noise);
        fc = nn.Linear(widths.Count * h.Filters, classes);
        RegisterComponents();

        using var generator = new Generator((ulong)seed);
        SeededInit.XavierNormal(embedding.weight!, generator);   // N(0, 1) rows drown the signal that Adam's small steps add
        using (no_grad()) embedding.weight![Vocabulary.PadId].zero_();
        foreach (var conv in convs)
        {
            SeededInit.XavierNormal(conv.weight!, generator);
            SeededInit.Zeros(conv.bias!);
        }
        SeededInit.XavierNormal(fc.weight!, generator);
        SeededInit.Zeros(fc.bias!);
    }

    public override ParameterRole RoleOf(string name) => name switch
    {
        "embedding.weight" => ParameterRole.Embedding,
        "fc.weight" => ParameterRole.Output,
        _ when name.EndsWith(".bias", StringComparison.Ordinal) => ParameterRole.Bias,
        _ => ParameterRole.Weight,
    };

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var embedded = embedding.forward(ids).permute(0, 2, 1);           // [batch, emb, length]
        var pooled = convs.Select(conv =>
            nn.functional.relu(conv.forward(embedded)).amax(new long[] { 2 })) // [batch, filters, length - k + 1] → [batch, filters]
            .ToArray();
        var features = dropout.forward(cat(pooled, 1));                    // [batch, filters · widths]
        return fc.forward(features).MoveToOuterDisposeScope();
    }
}
