using TicketLab.Data;
using TicketLab.Hparams;
using TicketLab.Runs;
using TicketLab.Tests.Data;

namespace TicketLab.Tests.Runs;

/// <summary>A lottery run small enough for a test to train in seconds (TextCNN on 96 AG News fixture rows, 50% per level), with
/// whatever settings a test adds or overrides.</summary>
internal static class TinyLottery
{
    public static SettingValue S(string key, string value) => new(key, value);

    private static readonly SettingValue[] Base = [S("dataset", "ag_news"), S("max-train-examples", "96"), S("max-eval-examples", "48"),
        S("max-length", "40"), S("max-vocab", "1500"), S("embedding-dim", "16"), S("filters", "8"), S("epochs", "1"), S("batch-size", "32"), S("rate", "0.5")];

    /// <summary>The tiny settings with <paramref name="more"/> added; a key given in both takes <paramref name="more"/>'s value.</summary>
    public static RunHparams Settings(params SettingValue[] more) =>
        SettingsVocabulary.Bind([.. Base.Where(b => more.All(m => m.Key != b.Key)), .. more], RunKind.Lottery);

    public static ExperimentOptions Options(string runs, List<string>? log = null, bool share = true) =>
        new(TestData.Fixtures, runs, Log: log is null ? null : log.Add, Downloader: Downloader.Offline, ShareLevels: share);
}
