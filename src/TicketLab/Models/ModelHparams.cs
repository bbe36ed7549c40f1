namespace TicketLab.Models;

/// <summary>Which architecture to build and its sizes; defaults are the seed study's (null: the architecture's own default).</summary>
public sealed record ModelHparams(
    string Name = "cnn",
    int EmbeddingDim = 100,
    int Filters = 100,                 // TextCNN: filters per width
    string FilterWidths = "3,4,5",     // TextCNN
    double Dropout = 0.5,
    int Hidden = 256,                  // RNN / LSTM hidden size
    int? Layers = null,                // RNN 1, LSTM 2
    bool? Bidirectional = null,        // RNN no, LSTM yes
    string? Vectors = null,            // pre-trained word vectors in GloVe's text format
    bool FreezeEmbedding = false)      // keep those vectors fixed while training
{
    /// <summary>The filter widths as numbers.</summary>
    public IReadOnlyList<int> Widths() => FilterWidths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(int.Parse).ToList();
}
