namespace TicketLab.Data;

/// <summary>Which dataset to read and how to turn it into padded id sequences; defaults are the seed study's.</summary>
/// <remarks>The fields after MaxEvalExamples describe a user's own data (csv:/tsv:/jsonl:/folder:/parquet: names, see
/// <see cref="TableSource"/>) and bad-row handling; their defaults are neutral, so existing run names do not change.</remarks>
public sealed record DataHparams(
    string Dataset = "imdb",
    double ValidationFraction = 0.3,   // of the official train split, stratified
    int SplitSeed = 1234,              // fixed apart from the model seed, so replicates share a split
    int MaxVocab = 25_000,             // most frequent training tokens, plus <pad> and <unk>
    int MinFreq = 1,
    int MaxLength = 400,               // tokens kept per example
    int? MaxTrainExamples = null,      // smoke runs: a stratified, seeded subset of the train split
    int? MaxEvalExamples = null,       // smoke runs: same for validation and test
    string? TextColumns = null,        // user tables: names or 1-based indexes, comma-separated, joined with a space; null = "text" (no header: all but the label)
    string? LabelColumn = null,        // user tables: name or 1-based index; null = "label" (no header: 1)
    bool NoHeader = false,             // user CSV/TSV: the first row is data, columns are numbered from 1
    string? TestFile = null,           // user tables: a separate test file in the same format
    double? TestFraction = null,       // no official test split: stratified, seeded held-out test share; null = 0.2
    bool SkipBadRows = false);         // skip and count malformed rows instead of failing
