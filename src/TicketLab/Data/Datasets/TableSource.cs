using System.Globalization;

namespace TicketLab.Data;

/// <summary>Where a user's own labelled texts are and how to read them (the csv:/tsv:/jsonl: dataset names).</summary>
public sealed record TableSource(
    string Path,
    TableFormat Format,
    string? TextColumns = null,   // names or 1-based indexes, comma-separated, joined with a space; null = "text" (no header: every column but the label)
    string? LabelColumn = null,   // a name or 1-based index; null = "label" (no header: 1)
    bool HasHeader = true,        // CSV/TSV: false = the first row is data and columns are numbered from 1
    string? TestFile = null,      // same format and columns; null = hold out TestFraction
    double? TestFraction = null)  // null = HeldOutTestSplit.DefaultTestFraction
{
    /// <summary>The source a "csv:PATH" (or tsv:, jsonl:) dataset name and the user-data hparams describe.</summary>
    public static TableSource From(TableFormat format, string path, DataHparams h)
    {
        if (h.TestFile is not null && h.TestFraction is not null)
            throw new DataException($"Give either a test file ({h.TestFile}) or a test fraction ({h.TestFraction?.ToString(CultureInfo.InvariantCulture)}), not both.");
        return new TableSource(path, format, h.TextColumns, h.LabelColumn, !h.NoHeader, h.TestFile, h.TestFraction);
    }
}
