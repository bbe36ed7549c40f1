using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>Yelp polarity on the shipped fixture (the first 60 train and 20 test rows of the canonical files) copied into the canonical layout.</summary>
public sealed class YelpPolarityDatasetTests
{
    private static readonly string SharedTrain = TestData.Fixture("yelp_polarity", "yelp_review_polarity_csv", "train.csv");
    private static readonly string SharedTest = TestData.Fixture("yelp_polarity", "yelp_review_polarity_csv", "test.csv");

    private static DatasetSplits Load(TempDir dir, DataHparams? h = null)
    {
        DataFiles.Copy(SharedTrain, dir.Combine("yelp_polarity", "yelp_review_polarity_csv", "train.csv"));
        DataFiles.Copy(SharedTest, dir.Combine("yelp_polarity", "yelp_review_polarity_csv", "test.csv"));
        return YelpPolarityDataset.Load(dir.Path, h ?? new DataHparams(Dataset: YelpPolarityDataset.Name));
    }

    [Fact]
    public void Classes_1_and_2_become_negative_and_positive_and_every_row_is_read()
    {
        using var dir = new TempDir();
        var splits = Load(dir);
        var train = DataFiles.ZhangLines(SharedTrain);
        var test = DataFiles.ZhangLines(SharedTest);
        Assert.Equal(["negative", "positive"], splits.ClassNames);
        Assert.Equal(test.Select(l => l.Class - 1), splits.Test.Select(e => e.Label));
        Assert.Equal(train.Count, splits.Train.Count + splits.Validation.Count);
        for (int c = 0; c < 2; c++)
            Assert.Equal(train.Count(l => l.Class == c + 1), splits.Train.Concat(splits.Validation).Count(e => e.Label == c));
    }

    [Fact]
    public void Backslash_n_is_a_newline_and_backslash_quote_a_quote()
    {
        using var dir = new TempDir();
        var splits = Load(dir, new DataHparams(ValidationFraction: 0));
        var lines = DataFiles.ZhangLines(SharedTrain);
        int checkedRows = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var raw = lines[i].Line[5..^1];  // after "c","  and before the closing quote
            var expected = raw.Replace("\"\"", "\"").Replace("\\n", "\n").Replace("\\\"", "\"");
            Assert.Equal(expected, splits.Train[i].Text);
            if (raw.Contains("\\n")) checkedRows++;
        }
        Assert.True(checkedRows > 5, $"{checkedRows} rows with \\n escapes");
        Assert.DoesNotContain(splits.Train, e => e.Text.Contains("\\n"));
    }
}
