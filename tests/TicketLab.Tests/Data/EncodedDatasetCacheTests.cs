using TicketLab.Data;

namespace TicketLab.Tests.Data;

public sealed class EncodedDatasetCacheTests
{
    private static readonly BasicEnglishTokenizer Tokenizer = new();

    private static DatasetSplits Fixture()
    {
        using var dir = new TempDir();
        ImdbFixture.WriteFolder(dir.Path, ImdbFixture.Files());
        return ImdbDataset.Load(dir.Path, new DataHparams(), null, ImdbFixture.PerFolder);
    }

    internal static void AssertSame(EncodedDataset expected, EncodedDataset actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Vocab.Tokens, actual.Vocab.Tokens);
        foreach (var (e, a) in new[] { (expected.Train, actual.Train), (expected.Validation, actual.Validation), (expected.Test, actual.Test) })
        {
            Assert.Equal(e.Labels, a.Labels);
            Assert.Equal(e.Ids, a.Ids);
        }
    }

    [Fact]
    public void Encode_builds_the_vocabulary_from_train_and_truncates()
    {
        var splits = Fixture();
        var encoded = EncodedDatasetCache.Encode(splits, new DataHparams(MaxLength: 50), Tokenizer);
        Assert.Equal(Vocabulary.UnkId, encoded.Vocab.IdOf("onlyintest"));   // appears in test texts only
        Assert.Contains(Vocabulary.UnkId, encoded.Test.Ids.SelectMany(x => x));
        Assert.All(encoded.Train.Ids.Concat(encoded.Test.Ids), ids => Assert.Equal(50, ids.Length));
        Assert.Equal(splits.Test.Select(e => e.Label), encoded.Test.Labels);
        Assert.Equal(splits.Validation.Count, encoded.Validation.Count);
        var first = Tokenizer.Tokenize(splits.Train[0].Text).Take(50).Select(encoded.Vocab.IdOf);
        Assert.Equal(first, encoded.Train.Ids[0]);
    }

    [Fact]
    public void Second_load_comes_from_the_cache_and_a_corrupt_file_is_rebuilt()
    {
        using var cache = new TempDir();
        var splits = Fixture();
        var h = new DataHparams(MaxLength: 64);
        var built = EncodedDatasetCache.LoadOrBuild(splits, h, cache.Path, Tokenizer);
        var file = Assert.Single(Directory.GetFiles(cache.Combine("encoded")));
        Assert.DoesNotContain(Directory.GetFiles(cache.Path, "*.tmp", SearchOption.AllDirectories), _ => true);

        // Hit: the loader is never called.
        var sourceId = "test-source";
        var fromSource = EncodedDatasetCache.LoadOrBuild("imdb", sourceId, h, cache.Path, Tokenizer, () => splits);
        var hit = EncodedDatasetCache.LoadOrBuild("imdb", sourceId, h, cache.Path, Tokenizer, () => throw new InvalidOperationException("should not load"));
        AssertSame(built, fromSource);
        AssertSame(built, hit);
        AssertSame(built, EncodedDatasetCache.LoadOrBuild(splits, h, cache.Path, Tokenizer));

        // Another hparam is another entry, not a stale hit.
        var longer = EncodedDatasetCache.LoadOrBuild("imdb", sourceId, h with { MaxLength = 65 }, cache.Path, Tokenizer, () => splits);
        Assert.Equal(65, longer.Train.Ids[0].Length);

        // Corrupt one byte in the middle, then truncate: both are ignored and rebuilt in place.
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(file, bytes);
        AssertSame(built, EncodedDatasetCache.LoadOrBuild(splits, h, cache.Path, Tokenizer));
        Assert.Equal(bytes.Length, new FileInfo(file).Length);
        Assert.NotEqual(bytes, File.ReadAllBytes(file));

        File.WriteAllBytes(file, bytes[..(bytes.Length / 3)]);
        AssertSame(built, EncodedDatasetCache.LoadOrBuild(splits, h, cache.Path, Tokenizer));
        Assert.Equal(bytes.Length, new FileInfo(file).Length);
    }

    [Fact]
    public void Content_change_misses_the_cache()
    {
        using var cache = new TempDir();
        var splits = Fixture();
        var h = new DataHparams(MaxLength: 64);
        EncodedDatasetCache.LoadOrBuild(splits, h, cache.Path, Tokenizer);
        var changed = splits with { Train = [splits.Train[0] with { Text = "A brand new review" }, .. splits.Train.Skip(1)] };
        var encoded = EncodedDatasetCache.LoadOrBuild(changed, h, cache.Path, Tokenizer);
        Assert.Equal(["a", "brand", "new", "review"], encoded.Train.Ids[0].Select(encoded.Vocab.TokenOf));
        Assert.Equal(2, Directory.GetFiles(cache.Combine("encoded")).Length);
    }
}
