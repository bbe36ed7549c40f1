using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TicketLab.Data;

/// <summary>A user's own labelled texts from a CSV, TSV or JSONL file (<see cref="TableSource"/>): labels of any form become classes
/// in a stable order (<see cref="ClassLabels"/>, from the main file), and a test share is held out when there is no test file.</summary>
public static class TableDataset
{
    private sealed record RawRow(string Text, string Label, string Source, string Where, string LabelField);

    public static DatasetSplits Load(string name, TableSource source, DataHparams h)
    {
        var bad = new BadRows(h.SkipBadRows);
        var main = ReadRows(source.Path, source, bad);
        if (main.Count == 0) throw new DataException($"{source.Path} holds no usable rows; check the file and its columns.");
        var classes = ClassLabels.From(main.Select(r => r.Label));
        if (classes.Names.Count < 2)
            throw new DataException($"{source.Path} has only the label '{MessageText.Shorten(classes.Names[0])}'; a classifier needs at least two classes (is --label-column right?).");

        var corpus = ToExamples(main, classes, bad);
        DatasetSplits splits;
        if (source.TestFile is { } testFile)
        {
            var test = ToExamples(ReadRows(testFile, source, bad), classes, bad);
            splits = StratifiedSplit.FromTrainTest(name, corpus, test, classes.Names, h);
        }
        else splits = HeldOutTestSplit.FromCorpus(name, corpus, classes.Names, h with { TestFraction = source.TestFraction });
        return bad.AttachTo(splits);
    }

    public static EncodedDataset LoadEncoded(string name, TableSource source, DataHparams h, string cacheDir, BasicEnglishTokenizer tokenizer)
    {
        string[] paths = source.TestFile is null ? [source.Path] : [source.Path, source.TestFile];
        return EncodedDatasetCache.LoadOrBuild(name, DataOptionsKey.Identity(h, paths) + $";format={source.Format}", h, cacheDir, tokenizer,
            () => Load(name, source, h));
    }

    private static List<TextExample> ToExamples(List<RawRow> rows, ClassLabels classes, BadRows bad)
    {
        var examples = new List<TextExample>(rows.Count);
        foreach (var r in rows)
        {
            if (classes.IdOf(r.Label) is { } id) examples.Add(new TextExample(r.Text, id, r.Source));
            else bad.Report(r.Where, r.LabelField, $"unknown label '{MessageText.Shorten(r.Label)}' (the training file's labels: {MessageText.Shorten(string.Join(", ", classes.Names.Take(20)))})");
        }
        return examples;
    }

    private static List<RawRow> ReadRows(string path, TableSource source, BadRows bad)
    {
        if (!File.Exists(path)) throw new DataException($"{path} does not exist; check the path of the {source.Format.ToString().ToUpperInvariant()} file.");
        return source.Format == TableFormat.Jsonl ? ReadJsonl(path, source, bad) : ReadDelimited(path, source, bad);
    }

    private static List<RawRow> ReadDelimited(string path, TableSource source, BadRows bad)
    {
        var file = Path.GetFileName(path);
        var rows = new List<RawRow>();
        using var records = DelimitedReader.ReadFile(path, source.Format == TableFormat.Tsv ? (byte)'\t' : (byte)',', quoted: source.Format == TableFormat.Csv).GetEnumerator();
        if (!records.MoveNext()) return rows;

        IReadOnlyList<string>? header = null;
        if (source.HasHeader)
        {
            header = records.Current.Fields;
            if (records.Current.Problem is { } p)
                throw new DataException($"{path}:{records.Current.Line}: header field {records.Current.ProblemField}: {p}; fix the header line.");
        }
        int width = header?.Count ?? records.Current.Fields.Count;
        int label = Resolve(source.LabelColumn ?? (header is null ? "1" : "label"), header, width, path, "label")[0];
        int[] text = source.TextColumns is null && header is null
            ? [.. Enumerable.Range(0, width).Where(c => c != label)]
            : Resolve(source.TextColumns ?? "text", header, width, path, "text");
        if (text.Contains(label)) throw new DataException($"{path}: the label column {label + 1} is also a text column; choose different columns.");
        string Name(int c) => header is null ? (c + 1).ToString(CultureInfo.InvariantCulture) : $"{c + 1} ('{MessageText.Shorten(header[c])}')";

        bool first = header is null;
        while (first || records.MoveNext())
        {
            first = false;
            var r = records.Current;
            var where = $"{path}:{r.Line}";
            if (r.Problem is not null) { bad.Report(where, Name(r.ProblemField - 1 < width ? r.ProblemField - 1 : width - 1), r.Problem); continue; }
            if (r.Fields.Count != width) { bad.Report(where, null, $"{r.Fields.Count} fields, expected {width}{(header is null ? " (as the first row)" : " (as the header)")}"); continue; }
            var joined = string.Join(" ", text.Select(c => r.Fields[c]));
            if (string.IsNullOrWhiteSpace(r.Fields[label])) { bad.Report(where, Name(label), "empty label"); continue; }
            if (string.IsNullOrWhiteSpace(joined)) { bad.Report(where, string.Join(",", text.Select(Name)), "empty text"); continue; }
            rows.Add(new RawRow(joined, r.Fields[label], $"{file}:{r.Line}", where, Name(label)));
        }
        return rows;
    }

    // Names first (exact, then ignoring case), then 1-based indexes; an unknown column is an error whatever SkipBadRows says.
    internal static int[] Resolve(string spec, IReadOnlyList<string>? header, int width, string path, string role)
    {
        var result = new List<int>();
        foreach (var item in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int c = header is null ? -1 : IndexOf(header, item);
            if (c < 0 && int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= width) c = k - 1;
            if (c < 0)
            {
                var have = header is null ? $"columns 1 to {width} (no header)" : $"columns: {MessageText.Shorten(string.Join(", ", header.Select(h => $"'{h}'")))}";
                throw new DataException($"{path}: no {role} column '{MessageText.Shorten(item)}' ({have}); set --{role}-column to a name or a 1-based index.");
            }
            result.Add(c);
        }
        if (result.Count == 0) throw new DataException($"{path}: empty --{role}-column; give a name or a 1-based index.");
        return [.. result];
    }

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (int i = 0; i < header.Count; i++) if (header[i] == name) return i;
        for (int i = 0; i < header.Count; i++) if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static List<RawRow> ReadJsonl(string path, TableSource source, BadRows bad)
    {
        var bytes = DelimitedReader.ReadAllBytes(path);
        var textKeys = (source.TextColumns ?? "text").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var labelKey = source.LabelColumn ?? "label";
        if (textKeys.Length == 0) throw new DataException($"{path}: empty --text-column; give the key(s) of the text.");
        var file = Path.GetFileName(path);
        var rows = new List<RawRow>();
        foreach (var (lineNo, obj, problem) in JsonlReader.Read(bytes))
        {
            var where = $"{path}:{lineNo}";
            if (problem is not null) { bad.Report(where, null, problem); continue; }
            var parts = new List<string>();
            string? missing = null;
            foreach (var key in textKeys)
                if (Scalar(obj, key) is { } v) parts.Add(v);
                else { missing = key; break; }
            if (missing is not null) { bad.Report(where, $"'{missing}'", "missing or not text"); continue; }
            var label = Scalar(obj, labelKey);
            if (string.IsNullOrWhiteSpace(label)) { bad.Report(where, $"'{labelKey}'", "missing or empty label"); continue; }
            var joined = string.Join(" ", parts);
            if (string.IsNullOrWhiteSpace(joined)) { bad.Report(where, $"'{string.Join(",", textKeys)}'", "empty text"); continue; }
            rows.Add(new RawRow(joined, label, $"{file}:{lineNo}", where, $"'{labelKey}'"));
        }
        return rows;
    }

    internal static string? Scalar(JsonElement obj, string key) =>
        !obj.TryGetProperty(key, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
}
