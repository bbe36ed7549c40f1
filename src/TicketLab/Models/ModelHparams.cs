using System.Globalization;

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

    /// <summary>Why no run can use these settings, as (property, text following the setting's name); none when usable.</summary>
    public IEnumerable<(string Property, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return (nameof(Name), "must name a model");
        if (EmbeddingDim < 1) yield return (nameof(EmbeddingDim), $"must be at least 1 (got {EmbeddingDim})");
        if (Filters < 1) yield return (nameof(Filters), $"must be at least 1 (got {Filters})");
        var widths = FilterWidths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (widths.Length == 0 || !widths.All(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1))
            yield return (nameof(FilterWidths), $"must be a comma list of widths of at least 1, e.g. 3,4,5 (got '{FilterWidths}')");
        if (!(Dropout >= 0 && Dropout < 1)) yield return (nameof(Dropout), $"must be at least 0 and below 1 (got {Dropout.ToString(CultureInfo.InvariantCulture)})");
        if (Hidden < 1) yield return (nameof(Hidden), $"must be at least 1 (got {Hidden})");
        if (Layers < 1) yield return (nameof(Layers), $"must be at least 1 (got {Layers})");
    }
}
