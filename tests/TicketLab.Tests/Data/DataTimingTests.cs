using System.Diagnostics;
using TicketLab.Data;
using Xunit.Abstractions;

namespace TicketLab.Tests.Data;

/// <summary>Runs alone, after the parallel tests, so the timings measure the code and not the neighbours.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataTimingCollection
{
    public const string Name = "Data timings";
}

/// <summary>Speed targets on the real IMDb: tokenising all of it, and the second (cached) encoded load.</summary>
[Collection(DataTimingCollection.Name)]
public sealed class DataTimingTests(ITestOutputHelper output)
{
    private readonly BasicEnglishTokenizer _tokenizer = new();

    [Fact]
    public void Tokenizes_all_50000_imdb_reviews_in_under_3_seconds()
    {
        var imdb = SharedImdb.Raw;
        var texts = imdb.Train.Concat(imdb.Validation).Concat(imdb.Test).Select(e => e.Text).ToArray();
        Assert.Equal(50_000, texts.Length);

        var clock = Stopwatch.StartNew();
        var tokens = _tokenizer.TokenizeAll(texts);
        clock.Stop();
        long total = tokens.Sum(t => (long)t.Count);
        output.WriteLine($"tokenized {texts.Length:N0} reviews, {total:N0} tokens in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(_tokenizer.Tokenize(texts[123]), tokens[123]);   // order kept
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Imdb_second_run_loads_all_50000_reviews_from_the_cache_quickly()
    {
        using var cache = new TempDir();
        var h = new DataHparams();
        var clock = Stopwatch.StartNew();
        var first = ImdbDataset.LoadEncoded(TestData.SharedDatasets, h, cache.Path, _tokenizer);
        var firstTime = clock.Elapsed;
        clock.Restart();
        var second = ImdbDataset.LoadEncoded(TestData.SharedDatasets, h, cache.Path, _tokenizer);
        var secondTime = clock.Elapsed;
        var size = new FileInfo(Assert.Single(Directory.GetFiles(cache.Combine("encoded")))).Length;
        output.WriteLine($"first run (read + tokenise + encode + write) {firstTime.TotalSeconds:F2} s, from cache {secondTime.TotalSeconds:F2} s, cache file {size / 1e6:F1} MB");

        Assert.Equal(25_002, first.Vocab.Count);
        Assert.Equal(17_500, second.Train.Count);
        Assert.Equal(7_500, second.Validation.Count);
        Assert.Equal(25_000, second.Test.Count);
        Assert.All(second.Test.Ids, ids => Assert.InRange(ids.Length, 1, 400));
        EncodedDatasetCacheTests.AssertSame(first, second);
        Assert.True(secondTime < TimeSpan.FromSeconds(1.5), $"cache load took {secondTime.TotalSeconds:F2} s");
    }
}
