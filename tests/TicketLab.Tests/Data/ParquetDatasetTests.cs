using Parquet;
using Parquet.Schema;
using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>Hugging Face style parquet shards written here with Parquet.Net: parquet:PATH, and the automatic fallback for named datasets.</summary>
public sealed class ParquetDatasetTests
{
    /// <summary>Writes a shard with a nullable string "text" and an int64 "label" column (as the hub's exports have), optionally with HF ClassLabel metadata.</summary>
    private static void Shard(string path, IReadOnlyList<(string? Text, long Label)> rows, IReadOnlyList<string>? names = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new DataField<string>("text", nullable: true);
        var label = new DataField<long>("label");
        Task.Run(async () =>
        {
            await using var file = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(text, label), file);
            if (names is not null)
                writer.CustomMetadata = new Dictionary<string, string>
                {
                    ["huggingface"] = $"{{\"info\":{{\"features\":{{\"text\":{{\"dtype\":\"string\",\"_type\":\"Value\"}},\"label\":{{\"names\":[{string.Join(",", names.Select(n => $"\"{n}\""))}],\"_type\":\"ClassLabel\"}}}}}}}}",
                };
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(text, rows.Select(r => r.Text).ToArray());
            await group.WriteAsync<long>(label, new ReadOnlyMemory<long>([.. rows.Select(r => r.Label)]));
        }).GetAwaiter().GetResult();
    }

    private static List<(string? Text, long Label)> Rows(string prefix, int n, int classes) =>
        [.. Enumerable.Range(0, n).Select(i => ((string?)$"{prefix} text {i}", (long)(i % classes)))];

    [Fact]
    public void Reads_train_and_test_shards_with_class_names_from_the_metadata()
    {
        using var dir = new TempDir();
        Shard(dir.Combine("plain_text", "train-00000-of-00002.parquet"), Rows("a", 20, 2), ["neg", "pos"]);
        Shard(dir.Combine("plain_text", "train-00001-of-00002.parquet"), Rows("b", 20, 2), ["neg", "pos"]);
        Shard(dir.Combine("plain_text", "test-00000-of-00001.parquet"), Rows("t", 10, 2), ["neg", "pos"]);

        var splits = DatasetRegistry.Load(new DataHparams(Dataset: $"parquet:{dir.Path}", ValidationFraction: 0.25), dir.Path);
        Assert.Equal(["neg", "pos"], splits.ClassNames);
        Assert.Equal(10, splits.Test.Count);
        Assert.Equal(30, splits.Train.Count);
        Assert.Equal(10, splits.Validation.Count);
        Assert.Contains(splits.Train.Concat(splits.Validation), e => e.Text == "b text 19" && e.Label == 1 && e.Source == "train-00001-of-00002.parquet:20");
        Assert.Equal(Rows("t", 10, 2).Select(r => (r.Text, (int)r.Label)), splits.Test.Select(e => ((string?)e.Text, e.Label)));
    }

    [Fact]
    public void Without_metadata_or_test_shards_labels_are_ordered_and_a_test_share_is_held_out()
    {
        using var dir = new TempDir();
        Shard(dir.Combine("train-00000-of-00001.parquet"), [.. Rows("x", 30, 3).Select(r => (r.Text, r.Label * 10 + 1))]);
        var splits = DatasetRegistry.Load(new DataHparams(Dataset: $"parquet:{dir.Path}"), dir.Path);
        Assert.Equal(["1", "11", "21"], splits.ClassNames);
        Assert.Equal(6, splits.Test.Count);   // 20 % of 10 per class
    }

    [Fact]
    public void Null_text_is_a_bad_row()
    {
        using var dir = new TempDir();
        Shard(dir.Combine("train-0.parquet"), [.. Rows("x", 10, 2), (null, 1)]);
        var error = Assert.Throws<DataException>(() => DatasetRegistry.Load(new DataHparams(Dataset: $"parquet:{dir.Path}"), dir.Path));
        Assert.StartsWith("train-0.parquet:11: field 'text': empty text", error.Message);
        Assert.Equal(1, DatasetRegistry.Load(new DataHparams(Dataset: $"parquet:{dir.Path}", SkipBadRows: true), dir.Path).Skipped);
    }

    [Fact]
    public void Named_datasets_fall_back_to_parquet_when_their_canonical_files_are_absent()
    {
        using var dir = new TempDir();
        Shard(dir.Combine("imdb", "plain_text", "train-00000-of-00001.parquet"), Rows("review", 20, 2));
        Shard(dir.Combine("imdb", "plain_text", "test-00000-of-00001.parquet"), Rows("test review", 8, 2));
        var imdb = DatasetRegistry.Load(new DataHparams(Dataset: "imdb"), dir.Path);
        Assert.Equal(ImdbDataset.ClassNames, imdb.ClassNames);
        Assert.Equal(8, imdb.Test.Count);

        // AG News via parquet gets the same text clean-up as its CSV (a lone backslash is a line break).
        Shard(dir.Combine("ag_news", "train-00000-of-00001.parquet"), [.. Rows("news", 16, 4), ("Title A\\B \\$5", 3)]);
        Shard(dir.Combine("ag_news", "test-00000-of-00001.parquet"), Rows("news test", 8, 4));
        var ag = DatasetRegistry.Load(new DataHparams(Dataset: "ag_news"), dir.Path);
        Assert.Equal(AgNewsDataset.Instance.ClassNames, ag.ClassNames);
        Assert.Contains(ag.Train.Concat(ag.Validation), e => e.Text == "Title A\nB $5" && e.Label == 3);
        Assert.Contains("Hugging Face parquet", Assert.Single(DatasetRegistry.Describe(dir.Path), i => i.Name == "ag_news").Checks.Single());
    }
}
