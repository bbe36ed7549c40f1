using TicketLab.Data;

namespace TicketLab.Tests.Training;

/// <summary>A few hundred real IMDb reviews from the shipped fixture (tests/fixtures/datasets/imdb), read once per test process.</summary>
internal static class SmallImdb
{
    public static readonly DataHparams Hparams = new(MaxTrainExamples: 240, MaxEvalExamples: 120, MaxLength: 120, MaxVocab: 3000);

    private static readonly Lazy<EncodedDataset> Data = new(() =>
        EncodedDatasetCache.Encode(ImdbDataset.Load(TestData.Fixtures, Hparams, null, TestData.ImdbFixturePerFolder), Hparams, new BasicEnglishTokenizer()));

    private static readonly Lazy<EncodedDataset> Untruncated = new(() =>
    {
        var h = Hparams with { MaxLength = 5000 };
        return EncodedDatasetCache.Encode(ImdbDataset.Load(TestData.Fixtures, h, null, TestData.ImdbFixturePerFolder), h, new BasicEnglishTokenizer());
    });

    public static EncodedDataset Load() => Data.Value;

    /// <summary>The same reviews at their full length (for anything about padding).</summary>
    public static EncodedDataset LoadUntruncated() => Untruncated.Value;
}
