using TicketLab.Data;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Bert;

/// <summary>BERT encoding is cached under a cheap identity of the raw data, as the basic pipeline's is: a warm cache reads nothing raw.</summary>
public sealed class BertSplitIdentityTests
{
    private static string Csv(string word) =>
        "label,text\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{(i % 2 == 0 ? "pos" : "neg")},\"a {word} review number {i}\"\n"));

    [Fact]
    public void AWarmCacheIsUsedWithoutReadingTheRawDataAndAChangedFileIsEncodedAgain()
    {
        using var dir = new TempDir();
        var path = DataFiles.Write(dir.Combine("d.csv"), Csv("wonderful"));
        var cache = dir.Combine("cache");
        var h = new DataHparams(Dataset: $"csv:{path}", MaxLength: 16, TestFraction: 0.25);
        var built = BertEncoding.LoadOrBuild(h, dir.Path, null, BertFixtures.Vocab, cache);
        var wonderful = BertFixtures.Vocab.Encode("wonderful", 16)[1];
        Assert.Contains(wonderful, built.Train.Ids[0]);

        // same size and modification time, other words: only a re-read would see them
        var stamp = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, Csv("dreadfuls"));
        Assert.Equal(Csv("wonderful").Length, new FileInfo(path).Length);
        File.SetLastWriteTimeUtc(path, stamp);
        var warm = BertEncoding.LoadOrBuild(h, dir.Path, null, BertFixtures.Vocab, cache);
        Assert.Equal(built.Train.Ids.Select(r => string.Join(',', r)), warm.Train.Ids.Select(r => string.Join(',', r)));

        File.SetLastWriteTimeUtc(path, stamp.AddMinutes(1)); // the file changed: encoded again from its new words
        var rebuilt = BertEncoding.LoadOrBuild(h, dir.Path, null, BertFixtures.Vocab, cache);
        Assert.DoesNotContain(rebuilt.Train.Ids, r => r.Contains(wonderful));
        Assert.Equal(built.Train.Count, rebuilt.Train.Count);

        // another split setting is another cache entry, not the first one's ids
        var other = BertEncoding.LoadOrBuild(h with { TestFraction = 0.5 }, dir.Path, null, BertFixtures.Vocab, cache);
        Assert.NotEqual(built.Test.Count, other.Test.Count);
    }
}
