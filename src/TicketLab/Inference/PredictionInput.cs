using TicketLab.Data;

namespace TicketLab.Inference;

/// <summary>One text to classify and where it came from ("file:line", or "text N" for texts given directly).</summary>
public sealed record PredictionRow(string Text, string Where);

/// <summary>Reads the texts to classify from a CSV (with a header), TSV (with a header) or JSONL file, chosen by extension, with the
/// readers and column rules of the data pipeline; a bad row is reported as "file:line: field F: problem", as in training data.</summary>
public static class PredictionInput
{
    /// <summary>The format a file's extension names (.csv, .tsv, .jsonl/.json).</summary>
    /// <exception cref="DataException">Any other extension.</exception>
    public static TableFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TableFormat.Csv,
        ".tsv" or ".tab" => TableFormat.Tsv,
        ".jsonl" or ".json" or ".ndjson" => TableFormat.Jsonl,
        var other => throw new DataException($"{path}: cannot tell the format from '{other}'; use a .csv, .tsv or .jsonl file"),
    };

    /// <summary>The rows of <paramref name="path"/>: the text of <paramref name="textColumn"/> (a name or 1-based index, comma-separated to
    /// join several; default "text"). Malformed rows go to <paramref name="bad"/> (fail, or skip and count).</summary>
    public static IReadOnlyList<PredictionRow> Read(string path, string? textColumn, BadRows bad)
    {
        if (!File.Exists(path)) throw new DataException($"{path} does not exist; check the path given to --input.");
        var format = FormatOf(path);
        return format == TableFormat.Jsonl ? ReadJsonl(path, textColumn ?? "text", bad) : ReadDelimited(path, format, textColumn ?? "text", bad);
    }

    private static List<PredictionRow> ReadDelimited(string path, TableFormat format, string textColumn, BadRows bad)
    {
        var rows = new List<PredictionRow>();
        using var records = DelimitedReader.ReadFile(path, format == TableFormat.Tsv ? (byte)'\t' : (byte)',', quoted: format == TableFormat.Csv).GetEnumerator();
        if (!records.MoveNext()) return rows;
        var header = records.Current.Fields;
        if (records.Current.Problem is { } p)
            throw new DataException($"{path}:{records.Current.Line}: header field {records.Current.ProblemField}: {p}; fix the header line.");
        int[] text = TableDataset.Resolve(textColumn, header, header.Count, path, "text");
        while (records.MoveNext())
        {
            var r = records.Current;
            var where = $"{path}:{r.Line}";
            if (r.Problem is not null) { bad.Report(where, r.ProblemField.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Problem); continue; }
            if (r.Fields.Count != header.Count) { bad.Report(where, null, $"{r.Fields.Count} fields, expected {header.Count} (as the header)"); continue; }
            var joined = string.Join(" ", text.Select(c => r.Fields[c]));
            if (string.IsNullOrWhiteSpace(joined)) { bad.Report(where, string.Join(",", text.Select(c => $"{c + 1} ('{MessageText.Shorten(header[c])}')")), "empty text"); continue; }
            rows.Add(new PredictionRow(joined, where));
        }
        return rows;
    }

    private static List<PredictionRow> ReadJsonl(string path, string textColumn, BadRows bad)
    {
        var keys = textColumn.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (keys.Length == 0) throw new DataException($"{path}: empty --text-column; give the key(s) of the text.");
        var bytes = DelimitedReader.ReadAllBytes(path);
        var rows = new List<PredictionRow>();
        foreach (var (lineNo, obj, problem) in JsonlReader.Read(bytes))
        {
            var where = $"{path}:{lineNo}";
            if (problem is not null) { bad.Report(where, null, problem); continue; }
            var parts = keys.Select(k => TableDataset.Scalar(obj, k)).ToList();
            if (parts.IndexOf(null) is var missing and >= 0) { bad.Report(where, $"'{keys[missing]}'", "missing or not text"); continue; }
            var joined = string.Join(" ", parts);
            if (string.IsNullOrWhiteSpace(joined)) { bad.Report(where, $"'{textColumn}'", "empty text"); continue; }
            rows.Add(new PredictionRow(joined, where));
        }
        return rows;
    }
}
