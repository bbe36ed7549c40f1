using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>The real IMDb from the shared datasets folder, read once per test run (about a second) with the default hparams.</summary>
internal static class SharedImdb
{
    private static readonly Lazy<DatasetSplits> Loaded = new(() => ImdbDataset.Load(TestData.SharedDatasets, new DataHparams()));

    public static DatasetSplits Raw => Loaded.Value;
}
