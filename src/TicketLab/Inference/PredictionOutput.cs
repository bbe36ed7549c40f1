using System.Globalization;
using System.Text;
using System.Text.Json;
using TicketLab.Data;
using TicketLab.Reporting;

namespace TicketLab.Inference;

/// <summary>Writes predictions, one row per text in input order: where the text came from, the predicted class name and every class's
/// probability; CSV (columns source, label, then one per class) or JSONL (source, label, probabilities by class), by extension.</summary>
public static class PredictionOutput
{
    /// <summary>Writes the file atomically, so an interrupted run leaves no partial output under its name.</summary>
    /// <exception cref="UserException">An extension other than .csv or .jsonl/.json.</exception>
    public static void Write(string path, IReadOnlyList<PredictionRow> rows, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes) =>
        AtomicFile.WriteAllText(path, FormatOf(path) == TableFormat.Csv ? Csv(rows, predictions, classes) : Jsonl(rows, predictions, classes));

    /// <summary>The format an output file's extension names: .csv, or .jsonl/.json.</summary>
    /// <exception cref="UserException">Any other extension (checked before any work, so nothing is computed for nothing).</exception>
    public static TableFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TableFormat.Csv,
        ".jsonl" or ".json" => TableFormat.Jsonl,
        var other => throw new UserException($"--output {path}: cannot tell the format from '{other}'; use .csv or .jsonl"),
    };

    /// <summary>The predictions as CSV text (probabilities with 6 decimals).</summary>
    public static string Csv(IReadOnlyList<PredictionRow> rows, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', new[] { "source", "label" }.Concat(classes).Select(ReportTable.Quote)).Append('\n');
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(ReportTable.Quote(rows[i].Where)).Append(',').Append(ReportTable.Quote(classes[predictions[i].Label]));
            foreach (var p in predictions[i].Probabilities) sb.Append(',').Append(p.ToString("F6", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The predictions as JSON lines.</summary>
    public static string Jsonl(IReadOnlyList<PredictionRow> rows, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < rows.Count; i++)
        {
            var line = new Dictionary<string, object>
            {
                ["source"] = rows[i].Where,
                ["label"] = classes[predictions[i].Label],
                ["probabilities"] = classes.Select((c, k) => (c, k)).ToDictionary(x => x.c, x => predictions[i].Probabilities[x.k]),
            };
            sb.Append(JsonSerializer.Serialize(line)).Append('\n');
        }
        return sb.ToString();
    }
}
