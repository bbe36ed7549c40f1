using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>The full IMDb tarball (sizes of the seed study; skipped without the full data) and the shipped 4 × 200-review cut of it.</summary>
public sealed class ImdbDatasetTests
{
    private const int PerFolder = TestData.ImdbFixturePerFolder;

    private static DatasetSplits Fixture(DataHparams h) => ImdbDataset.Load(TestData.Fixtures, h, null, PerFolder);

    [SkippableFact]
    public void Splits_have_the_seed_study_sizes_and_are_stratified()
    {
        var imdb = SharedImdb.Raw;
        Assert.Equal("imdb", imdb.Name);
        Assert.Equal(["neg", "pos"], imdb.ClassNames);
        Assert.Equal(17_500, imdb.Train.Count);
        Assert.Equal(7_500, imdb.Validation.Count);
        Assert.Equal(25_000, imdb.Test.Count);
        Assert.Equal(8_750, imdb.Train.Count(e => e.Label == 1));
        Assert.Equal(3_750, imdb.Validation.Count(e => e.Label == 1));
        Assert.Equal(12_500, imdb.Test.Count(e => e.Label == 1));
    }

    [Fact]
    public void Labels_sources_and_order_follow_the_archive()
    {
        var imdb = Fixture(new DataHparams());
        foreach (var e in imdb.Train.Concat(imdb.Validation))
            Assert.StartsWith(e.Label == 1 ? "aclImdb/train/pos/" : "aclImdb/train/neg/", e.Source);
        foreach (var e in imdb.Test)
            Assert.StartsWith(e.Label == 1 ? "aclImdb/test/pos/" : "aclImdb/test/neg/", e.Source);
        foreach (var split in new[] { imdb.Train, imdb.Validation, imdb.Test })
            for (int i = 1; i < split.Count; i++)
                Assert.True(string.CompareOrdinal(split[i - 1].Source, split[i].Source) < 0, $"{split[i - 1].Source} before {split[i].Source}");
        // Ratings in the file names agree with the labels: pos ≥ 7, neg ≤ 4.
        foreach (var e in imdb.Test)
        {
            int rating = int.Parse(Path.GetFileNameWithoutExtension(e.Source).Split('_')[1]);
            Assert.True(e.Label == 1 ? rating >= 7 : rating <= 4, e.Source);
        }
        Assert.DoesNotContain(imdb.Test, e => e.Text.Length == 0);
    }

    [SkippableFact]
    public void Validation_is_disjoint_from_train_and_together_they_are_the_official_train_half()
    {
        var imdb = SharedImdb.Raw;
        var train = imdb.Train.Select(e => e.Source).ToHashSet();
        Assert.DoesNotContain(imdb.Validation, e => train.Contains(e.Source));
        Assert.Equal(25_000, train.Concat(imdb.Validation.Select(e => e.Source)).Distinct().Count());
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var first = Fixture(new DataHparams());
        var again = Fixture(new DataHparams());
        Assert.Equal(first.Validation.Select(e => e.Source), again.Validation.Select(e => e.Source));
        Assert.Equal(first.Train.Select(e => e.Source), again.Train.Select(e => e.Source));
        Assert.Equal(first.Train, again.Train);   // record equality: text, label, source

        var other = Fixture(new DataHparams(SplitSeed: 99));
        Assert.Equal(120, other.Validation.Count);   // 30 % of 2 × 200
        Assert.Equal(60, other.Validation.Count(e => e.Label == 1));
        int shared = other.Validation.Select(e => e.Source).Intersect(first.Validation.Select(e => e.Source)).Count();
        Assert.InRange(shared, 1, 80);   // independent draws share about 30 % (36)
        Assert.Equal(first.Test.Select(e => e.Source), other.Test.Select(e => e.Source));
    }

    [Fact]
    public void Max_examples_take_seeded_stratified_subsets()
    {
        var h = new DataHparams(MaxTrainExamples: 101, MaxEvalExamples: 50);
        var small = Fixture(h);
        Assert.Equal(101, small.Train.Count);
        Assert.Equal(50, small.Validation.Count);
        Assert.Equal(50, small.Test.Count);
        Assert.InRange(small.Train.Count(e => e.Label == 1), 50, 51);
        Assert.Equal(25, small.Test.Count(e => e.Label == 1));
        var full = Fixture(new DataHparams());
        Assert.Subset(full.Train.ToHashSet(), small.Train.ToHashSet());
        Assert.Subset(full.Validation.ToHashSet(), small.Validation.ToHashSet());
    }

    [Fact]
    public void Locate_finds_the_archive_under_imdb()
    {
        Assert.Equal(TestData.Fixture("imdb", "aclImdb_v1.tar.gz"), ImdbDataset.Locate(TestData.Fixtures));
    }
}
