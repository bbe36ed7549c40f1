namespace TicketLab.Data;

/// <summary>The three splits of a classification dataset and its class names, in label order.</summary>
/// <remarks><see cref="Skipped"/> counts malformed rows left out because <see cref="DataHparams.SkipBadRows"/> was set;
/// <see cref="SkipNotes"/> holds the first few of them ("file:line: field N: problem").</remarks>
public sealed record DatasetSplits(
    string Name,
    IReadOnlyList<TextExample> Train,
    IReadOnlyList<TextExample> Validation,
    IReadOnlyList<TextExample> Test,
    IReadOnlyList<string> ClassNames,
    int Skipped = 0,
    IReadOnlyList<string>? SkipNotes = null);
