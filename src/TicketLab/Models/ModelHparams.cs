namespace TicketLab.Models;

/// <summary>Which architecture to build and its sizes; defaults are the seed study's TextCNN (Kim 2014).</summary>
public sealed record ModelHparams(
    string Name = "cnn",
    int EmbeddingDim = 100,
    int Filters = 100,                 // per filter width
    string FilterWidths = "3,4,5",
    double Dropout = 0.5)
{
    /// <summary>The filter widths as numbers.</summary>
    public IReadOnlyList<int> Widths() => FilterWidths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(int.Parse).ToList();
}
