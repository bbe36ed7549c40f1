using TicketLab.Data;

namespace TicketLab.Tests.Data;

/// <summary>The full IMDb (skips the test where it is not found), read once per test run (about a second) with the default hparams.</summary>
internal static class SharedImdb
{
    private static readonly Lazy<DatasetSplits> Loaded = new(() => ImdbDataset.Load(TestData.RequireImdb(), new DataHparams()));

    public static DatasetSplits Raw
    {
        get
        {
            TestData.RequireImdb();   // outside the Lazy, so a skip is not cached as a failure
            return Loaded.Value;
        }
    }
}
