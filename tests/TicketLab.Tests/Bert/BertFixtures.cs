using TicketLab.Data;
using TicketLab.Models.Bert;
using static TorchSharp.torch;

namespace TicketLab.Tests.Bert;

/// <summary>Shared pieces for the BERT tests: the MiniLM vocabulary, real sentences, a tiny random config and padded batches.</summary>
internal static class BertFixtures
{
    public static readonly string[] Sentences =
    [
        "This movie was absolutely wonderful, I loved every minute of it.",
        "A dull, predictable plot.",
        "The quizzical hobbit unbelievably flummoxed everyone at the Café.",
        "Terrible acting; I want my two hours back!",
    ];

    private static readonly Lazy<WordPieceVocab> MiniLmVocab = new(() => BertModels.Vocab(BertModels.DefaultName));

    public static WordPieceVocab Vocab => MiniLmVocab.Value;

    /// <summary>2 layers, hidden 32, 4 heads: small enough to build in milliseconds, all code paths of the real thing.</summary>
    public static BertConfig Tiny(int vocabSize) => new(VocabSize: vocabSize, HiddenSize: 32, NumHiddenLayers: 2, NumAttentionHeads: 4,
        IntermediateSize: 64, MaxPositionEmbeddings: 64);

    /// <summary>Rows padded with 0 to <paramref name="width"/> (at least the longest), and their lengths.</summary>
    public static (Tensor Ids, Tensor Lengths) Batch(IReadOnlyList<int[]> rows, int width = 0)
    {
        width = Math.Max(width, rows.Max(r => r.Length));
        var ids = new long[rows.Count * width];
        for (int b = 0; b < rows.Count; b++)
            for (int t = 0; t < rows[b].Length; t++) ids[b * width + t] = rows[b][t];
        return (tensor(ids, [rows.Count, width]), tensor(rows.Select(r => (long)r.Length).ToArray()));
    }
}
