namespace TicketLab.Data;

/// <summary>The three splits of a classification dataset and its class names, in label order.</summary>
public sealed record DatasetSplits(
    string Name,
    IReadOnlyList<TextExample> Train,
    IReadOnlyList<TextExample> Validation,
    IReadOnlyList<TextExample> Test,
    IReadOnlyList<string> ClassNames);
