using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace TicketLab.Data;

/// <summary>Reads Hugging Face hub parquet exports: <c>train-*.parquet</c> / <c>test-*.parquet</c> with a <c>text</c> and a <c>label</c> column
/// (as stanfordnlp/imdb, fancyzhx/ag_news and fancyzhx/yelp_polarity ship them), directly in a folder or under <c>plain_text/</c> or <c>data/</c>.</summary>
public static class HuggingFaceParquet
{
    /// <summary>The shards of one dataset, sorted by name; <see cref="Test"/> may be empty.</summary>
    public sealed record Files(string Folder, IReadOnlyList<string> Train, IReadOnlyList<string> Test);

    /// <summary>One row: its text, its label as written (integer or string), and "file.parquet:row" (1-based).</summary>
    public sealed record Row(string? Text, string? Label, string Source);

    /// <summary>The first of <paramref name="dir"/>, dir/plain_text, dir/data holding a train-*.parquet file; null when none does.</summary>
    public static Files? Find(string dir)
    {
        foreach (var folder in new[] { dir, Path.Combine(dir, "plain_text"), Path.Combine(dir, "data") })
        {
            if (!Directory.Exists(folder)) continue;
            var train = Shards(folder, "train");
            if (train.Count > 0) return new Files(folder, train, Shards(folder, "test"));
        }
        return null;
    }

    private static List<string> Shards(string folder, string split) =>
        [.. Directory.EnumerateFiles(folder, $"{split}-*.parquet").Concat(Directory.EnumerateFiles(folder, $"{split}.parquet")).Order(StringComparer.Ordinal)];

    /// <summary>Every row of the shards in order; a missing <c>text</c> or <c>label</c> column or an unreadable file is a <see cref="DataException"/>.</summary>
    public static IReadOnlyList<Row> Read(IReadOnlyList<string> shards, string textColumn = "text", string labelColumn = "label") =>
        [.. shards.SelectMany(s => Run(() => ReadShard(s, textColumn, labelColumn), s))];

    /// <summary>The class names Hugging Face stores in the file's "huggingface" metadata for a ClassLabel column, or null.</summary>
    public static IReadOnlyList<string>? ClassNames(string shard, string labelColumn = "label") =>
        Run(async () =>
        {
            await using var reader = await ParquetReader.CreateAsync(shard);
            if (!reader.CustomMetadata.TryGetValue("huggingface", out var json)) return null;
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("info", out var info) && info.TryGetProperty("features", out var features)
                    && features.TryGetProperty(labelColumn, out var label) && label.TryGetProperty("names", out var names)
                    && names.ValueKind == JsonValueKind.Array)
                    return (IReadOnlyList<string>?)[.. names.EnumerateArray().Select(n => n.GetString() ?? "")];
            }
            catch (JsonException) { }
            return null;
        }, shard);

    private static async Task<List<Row>> ReadShard(string shard, string textColumn, string labelColumn)
    {
        await using var reader = await ParquetReader.CreateAsync(shard);
        var fields = reader.Schema.GetDataFields();
        DataField Field(string name) => fields.FirstOrDefault(f => f.Name == name)
            ?? throw new DataException($"{shard} has no column '{name}' (columns: {string.Join(", ", fields.Select(f => f.Name))}); a Hugging Face text-classification export has 'text' and 'label'.");
        var text = Field(textColumn);
        var label = Field(labelColumn);
        if (!IsText(text))
            throw new DataException($"{shard}: column '{textColumn}' holds {text.ClrType.Name}, not text; name the text column of this file.");

        var rows = new List<Row>();
        string file = Path.GetFileName(shard);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int count = checked((int)group.RowCount);
            var texts = new string?[count];
            await group.ReadAsync(text, texts.AsMemory());
            var labels = await ReadAsStrings(group, label, count, shard);
            for (int i = 0; i < count; i++) rows.Add(new Row(texts[i], labels[i], $"{file}:{rows.Count + 1}"));
        }
        return rows;
    }

    private static async Task<string?[]> ReadAsStrings(ParquetRowGroupReader group, DataField field, int count, string shard)
    {
        if (IsText(field))
        {
            var s = new string?[count];
            await group.ReadAsync(field, s.AsMemory());
            return s;
        }
        if (field.ClrType == typeof(long)) return await Ints<long>(group, field, count);
        if (field.ClrType == typeof(int)) return await Ints<int>(group, field, count);
        if (field.ClrType == typeof(short)) return await Ints<short>(group, field, count);
        if (field.ClrType == typeof(sbyte)) return await Ints<sbyte>(group, field, count);
        if (field.ClrType == typeof(byte)) return await Ints<byte>(group, field, count);
        if (field.ClrType == typeof(bool)) return await Ints<bool>(group, field, count);
        throw new DataException($"{shard}: label column '{field.Name}' holds {field.ClrType.Name}; expected integers or strings.");
    }

    private static async Task<string?[]> Ints<T>(ParquetRowGroupReader group, DataField field, int count) where T : struct, IConvertible
    {
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync(field, values.AsMemory());
            return [.. values.Select(v => v?.ToString(CultureInfo.InvariantCulture))];
        }
        var plain = new T[count];
        await group.ReadAsync(field, plain.AsMemory());
        return [.. plain.Select(v => (string?)v.ToString(CultureInfo.InvariantCulture))];
    }

    // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; both read as strings.
    private static bool IsText(DataField f) => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>);

    // Parquet.Net is async only; loading is synchronous and off any UI thread, so blocking here is safe.
    private static T Run<T>(Func<Task<T>> work, string shard)
    {
        try { return Task.Run(work).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is not DataException and not OutOfMemoryException)
        {
            throw new DataException($"Cannot read {shard} as parquet: {e.Message.ReplaceLineEndings(" ")}; download the file again.", e);
        }
    }
}
