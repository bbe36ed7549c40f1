namespace TicketLab.Data;

/// <summary>Which dataset to read and how to turn it into padded id sequences; defaults are the seed study's.</summary>
public sealed record DataHparams(
    string Dataset = "imdb",
    double ValidationFraction = 0.3,   // of the official train split, stratified
    int SplitSeed = 1234,              // fixed apart from the model seed, so replicates share a split
    int MaxVocab = 25_000,             // most frequent training tokens, plus <pad> and <unk>
    int MinFreq = 1,
    int MaxLength = 400,               // tokens kept per example
    int? MaxTrainExamples = null,      // smoke runs: a stratified, seeded subset of the train split
    int? MaxEvalExamples = null);      // smoke runs: same for validation and test
