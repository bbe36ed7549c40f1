using System.Security.Cryptography;
using System.Text;
using TicketLab.Lottery;

namespace TicketLab.Hparams;

/// <summary>Names one pruned level of a retraining chain (the ticket's, fine-tune's, lr-rewind's) by everything that determines it:
/// every setting but those that only shape the baselines, the level, the method, and the encoded data.</summary>
/// <remarks>Runs that differ only in which baselines they train (or in a baseline's own knobs: the random-prune scope, the early-bird
/// rule, the pruning-at-initialisation scoring batches) walk the same chain, so they share its levels (<c>runs/units/&lt;key&gt;/</c>). With a fixed iterative rate the level count
/// is left out too, since level L's mask does not depend on how many levels follow: a study extended by more levels reuses the ones
/// it has. Found by reflection with defaults included, as <see cref="DenseUnitKey"/> is, so a new setting gives a new key unless it is
/// listed here.</remarks>
public static class ChainUnitKey
{
    /// <summary>Bumped when a chain level changes its results for the same settings, so old units are not reused.</summary>
    private const string Format = "ticketlab-chain-unit/v1";

    // the settings only baselines read: the chain's masks, weights and schedule never do
    private static readonly string[] BaselineOnly =
    [
        nameof(PruningHparams.Baselines), nameof(PruningHparams.RandomScope), nameof(PruningHparams.EarlyBirdThreshold),
        nameof(PruningHparams.EarlyBirdWindow), nameof(PruningHparams.EarlyBirdEvery), nameof(PruningHparams.ScoringBatches),
    ];

    /// <summary>16 hex digits of SHA-256 over <see cref="Canonical"/>.</summary>
    public static string Of(RunHparams h, int level, string method, string dataDigest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(h, level, method, dataDigest))))[..16];

    /// <summary>The key's settings part alone, before any data is read, for the store's claims (see <see cref="DenseUnitKey.OfSettings"/>).</summary>
    public static string OfSettings(RunHparams h, int level, string method) => Of(h, level, method, "settings-only");

    /// <summary>Sorted "path=value" lines of every setting the chain reads (defaults too), then level, method, format and the data's digest.</summary>
    public static string Canonical(RunHparams h, int level, string method, string dataDigest)
    {
        var lines = new List<string>();
        RunIdentity.Collect(h, typeof(RunHparams), "", lines, includeDefaults: true);
        var left = BaselineOnly.Append(h.Pruning.Targets is null && h.Pruning.Mode == PruningMode.Iterative ? nameof(PruningHparams.Levels) : null)
            .OfType<string>().Select(p => $"{nameof(RunHparams.Pruning)}.{p}=").ToList();
        lines.RemoveAll(l => left.Any(l.StartsWith));
        lines.Sort(StringComparer.Ordinal);
        lines.Add("level=" + level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lines.Add("method=" + method);
        lines.Add("format=" + Format);
        lines.Add("data=" + dataDigest);
        return string.Join("\n", lines);
    }
}
