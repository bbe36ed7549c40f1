namespace TicketLab.Data;

/// <summary>A dataset ready for batching: the vocabulary (from train only) and the three splits as ids.</summary>
public sealed record EncodedDataset(
    string Name,
    Vocabulary Vocab,
    EncodedSplit Train,
    EncodedSplit Validation,
    EncodedSplit Test,
    IReadOnlyList<string> ClassNames);
