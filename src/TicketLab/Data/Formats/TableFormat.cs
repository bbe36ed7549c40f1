namespace TicketLab.Data;

/// <summary>The file formats of a user's own labelled texts.</summary>
public enum TableFormat
{
    Csv,    // RFC 4180: comma-separated, quoted fields may hold commas, quotes ("") and newlines
    Tsv,    // tab-separated, no quoting: a field holds no tab or newline
    Jsonl,  // one JSON object a line; columns are keys
}
