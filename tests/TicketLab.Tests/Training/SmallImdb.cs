using TicketLab.Data;

namespace TicketLab.Tests.Training;

/// <summary>A few hundred real IMDb reviews, read once per test process (the archive read is the slow part).</summary>
internal static class SmallImdb
{
    public static readonly DataHparams Hparams = new(MaxTrainExamples: 240, MaxEvalExamples: 120, MaxLength: 120, MaxVocab: 3000);

    private static readonly Lazy<EncodedDataset> Data = new(() =>
        EncodedDatasetCache.Encode(ImdbDataset.Load(TestData.SharedDatasets, Hparams), Hparams, new BasicEnglishTokenizer()));

    private static readonly Lazy<EncodedDataset> Untruncated = new(() =>
    {
        var h = Hparams with { MaxLength = 5000 };
        return EncodedDatasetCache.Encode(ImdbDataset.Load(TestData.SharedDatasets, h), h, new BasicEnglishTokenizer());
    });

    public static EncodedDataset Load() => Data.Value;

    /// <summary>The same reviews at their full length (for anything about padding).</summary>
    public static EncodedDataset LoadUntruncated() => Untruncated.Value;
}
