using System.Globalization;

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
    bool SkipBadRows = false)          // skip and count malformed rows instead of failing
{
    /// <summary>Why no run can use these settings, as (property, text following the setting's name); none when usable.</summary>
    /// <remarks>Text only, no files: the front ends name the option or study key (see Hparams/SettingsVocabulary).</remarks>
    public IEnumerable<(string Property, string Problem)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Dataset)) yield return (nameof(Dataset), "must name a dataset");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) yield return (nameof(ValidationFraction), Invariant($"must be between 0 and 1 exclusive (got {ValidationFraction})"));
        if (MaxVocab < 1) yield return (nameof(MaxVocab), $"must be at least 1 (got {MaxVocab})");
        if (MinFreq < 1) yield return (nameof(MinFreq), $"must be at least 1 (got {MinFreq})");
        if (MaxLength < 1) yield return (nameof(MaxLength), $"must be at least 1 token (got {MaxLength})");
        if (MaxTrainExamples < 1) yield return (nameof(MaxTrainExamples), $"must be at least 1 (got {MaxTrainExamples})");
        if (MaxEvalExamples < 1) yield return (nameof(MaxEvalExamples), $"must be at least 1 (got {MaxEvalExamples})");
        if (TestFraction is { } t && !(t > 0 && t < 1)) yield return (nameof(TestFraction), Invariant($"must be between 0 and 1 exclusive (got {t})"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
